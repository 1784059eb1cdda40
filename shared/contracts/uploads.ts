/** A resumable upload as `POST /drives/:id/uploads` and `GET .../uploads/:uploadId` answer it. */
import type { DriveItem } from './items';

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
