/**
 * Sends a file to the plugin's upload API piece by piece: each piece is a PUT with a Content-Range
 * header, at the offset the server says it expects next, so an interrupted upload resumes where
 * the server stopped (`resumeUpload`) instead of starting over. XMLHttpRequest is used because it
 * reports the progress of a request body; fetch does not.
 */
import { ApiError } from './authorizedFetch';
import type { UploadStatus } from './types';

export interface PieceTarget {
  /** Absolute URL of PUT /drives/:id/uploads/:uploadId. */
  url: string;
  token: string | null;
}

export interface UploadCallbacks {
  /** Bytes the server holds plus bytes of the piece in flight. */
  onProgress(sentBytes: number): void;
  signal?: AbortSignal;
}

const putPiece = (
  target: PieceTarget,
  piece: Blob,
  contentRange: string | null,
  offset: number,
  { onProgress, signal }: UploadCallbacks
) =>
  new Promise<UploadStatus>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', target.url);
    request.setRequestHeader('Authorization', `Bearer ${target.token}`);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    if (contentRange) request.setRequestHeader('Content-Range', contentRange);
    request.upload.onprogress = (event) => onProgress(offset + event.loaded);
    request.onload = () => {
      let body: unknown = {};
      try {
        body = JSON.parse(request.responseText || '{}');
      } catch {
        // A proxy's HTML error page: keep the status.
      }
      if (request.status >= 200 && request.status < 300) {
        resolve((body as { data: UploadStatus }).data);
      } else {
        const message =
          (body as { error?: { message?: string } }).error?.message ?? `HTTP ${request.status}`;
        reject(new ApiError(message, request.status, body));
      }
    };
    request.onerror = () => reject(new ApiError('Upload interrupted', 0, {}));
    request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(piece);
  });

/** Sends the file from `status.nextOffset` to the end; returns the final status with the item. */
export async function sendPieces(
  file: File,
  status: UploadStatus,
  target: PieceTarget,
  callbacks: UploadCallbacks
): Promise<UploadStatus> {
  let current = status;
  callbacks.onProgress(current.nextOffset);
  if (file.size === 0) return putPiece(target, file, null, 0, callbacks);
  while (!current.item && current.nextOffset < file.size) {
    const start = current.nextOffset;
    const end = Math.min(start + current.pieceSize, file.size);
    const range = `bytes ${start}-${end - 1}/${file.size}`;
    current = await putPiece(target, file.slice(start, end), range, start, callbacks);
  }
  callbacks.onProgress(file.size);
  return current;
}
