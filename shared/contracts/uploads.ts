/** Resumable uploads on the wire: how one starts, and its status as the upload routes answer it. */
import type { ConflictBehavior, DriveItem } from './items';

/** `POST /drives/:id/uploads`: a file of `size` bytes into the folder `parentId`. */
export interface StartUploadRequest {
  parentId: string;
  name: string;
  size: number;
  conflictBehavior: ConflictBehavior;
}

/** A resumable upload as `POST /drives/:id/uploads` and `GET .../uploads/:uploadId` answer it. */
export interface UploadStatus<TItem = DriveItem> {
  uploadId: string;
  mode: 'simple' | 'session';
  size: number;
  nextOffset: number;
  /** Browser pieces: a multiple of 320 KiB (only the last may be shorter). */
  pieceSize: number;
  expiresAt: string;
  /** The file once the last piece is in. */
  item?: TItem;
}
