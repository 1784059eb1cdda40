/**
 * The upload queue of a drive view: one entry per file with its progress; an entry that fails
 * can be resumed from the offset the server holds; a name clash waits for the user's choice; a
 * name the server refuses waits for a new name (resuming would be refused again).
 */
import { useCallback, useRef, useState } from 'react';
import { describeError } from '../../../api/describeError';
import type { ConflictBehavior, UploadStatus } from '../../../api/types';
import type { ErrorCode } from '../../../../../shared/errors';
import { sendPieces } from '../../../api/uploadFile';
import { useFileTransfers } from '../../../api/useFileTransfers';
import { useReportError } from '../../../hooks/useReportError';

export type UploadState = 'uploading' | 'done' | 'failed' | 'conflict' | 'cancelled';

/** The folder files are uploaded into. */
export interface UploadDestination {
  parentId: string;
  /** Its path ('/A/B', '' at the root), for the name rules of a new name. */
  folderPath: string;
}

export interface UploadEntry extends UploadDestination {
  key: string;
  file: File;
  /** The name it is uploaded under: the file's, until the user renames a refused one. */
  name: string;
  sentBytes: number;
  state: UploadState;
  uploadId?: string;
  errorMessage?: string;
  errorCode?: string | null;
  /** The folder upload the file belongs to, shown together with its siblings. */
  group?: UploadGroup;
}

/** One folder upload: its files share a progress view. */
export interface UploadGroup {
  key: string;
  /** The folder's name, as the user picked or dropped it. */
  label: string;
}

/** A file of a folder upload, with the folder created for it and its own name. */
export interface PlacedFile extends UploadDestination {
  file: File;
  name: string;
}

/** Files of a folder upload sent at once: a few keep the line busy without crowding the pacer. */
export const FOLDER_UPLOAD_PARALLELISM = 2;

const newKey = (name: string) => `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`;

const NAME_CLASH: ErrorCode = 'nameAlreadyExists';
const NAME_REFUSED: ErrorCode = 'invalidName';

/** The server refused the entry's name: only another name can succeed. */
export const isNameRefused = (entry: UploadEntry) =>
  entry.state === 'failed' && entry.errorCode === NAME_REFUSED;

export const useUploads = (driveId: number, onUploaded: () => void) => {
  const api = useFileTransfers();
  const reportError = useReportError();
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const patch = useCallback((key: string, change: Partial<UploadEntry>) => {
    setEntries((all) => all.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  const run = useCallback(
    async (entry: UploadEntry, begin: () => Promise<UploadStatus>) => {
      const controller = new AbortController();
      controllers.current.set(entry.key, controller);
      patch(entry.key, { state: 'uploading', errorMessage: undefined, errorCode: undefined });
      let uploadId = entry.uploadId;
      try {
        const status = await begin();
        uploadId = status.uploadId;
        patch(entry.key, { uploadId });
        await sendPieces(
          entry.file,
          status,
          { url: api.uploadPieceUrl(driveId, status.uploadId), token: api.token },
          {
            onProgress: (sentBytes) => patch(entry.key, { sentBytes }),
            signal: controller.signal,
          }
        );
        patch(entry.key, { state: 'done', sentBytes: entry.file.size });
        onUploaded();
      } catch (error) {
        if ((error as Error).name === 'AbortError') {
          patch(entry.key, { state: 'cancelled' });
          if (uploadId) void api.cancelUpload(driveId, uploadId).catch(() => undefined);
          return;
        }
        const described = describeError(error);
        if (described.code === NAME_CLASH) {
          // The session (if any) is useless now: the choice starts a new one.
          if (uploadId) void api.cancelUpload(driveId, uploadId).catch(() => undefined);
          patch(entry.key, { state: 'conflict', uploadId: undefined, sentBytes: 0 });
          return;
        }
        patch(entry.key, {
          state: 'failed',
          errorMessage: reportError(error).message,
          errorCode: described.code,
        });
      } finally {
        controllers.current.delete(entry.key);
      }
    },
    [api, driveId, onUploaded, patch, reportError]
  );

  const startFresh = useCallback(
    (entry: UploadEntry, conflictBehavior: ConflictBehavior) =>
      run(entry, () =>
        api.startUpload(driveId, {
          parentId: entry.parentId,
          name: entry.name,
          size: entry.file.size,
          conflictBehavior,
        })
      ),
    [api, driveId, run]
  );

  const add = useCallback(
    (files: File[], destination: UploadDestination) => {
      const added = files.map((file) => ({
        key: newKey(file.name),
        file,
        name: file.name,
        ...destination,
        sentBytes: 0,
        state: 'uploading' as const,
      }));
      setEntries((all) => [...all, ...added]);
      // One file after the other: pieces of one upload are already as large as is useful.
      void added.reduce(
        (previous, entry) => previous.then(() => startFresh(entry, 'fail')),
        Promise.resolve()
      );
    },
    [startFresh]
  );

  /**
   * A folder upload's files, each an ordinary resumable upload into its folder, a few at once
   * (each worker takes the next file when its own is done).
   */
  const addPlaced = useCallback(
    (placed: PlacedFile[], group: UploadGroup) => {
      const added: UploadEntry[] = placed.map((item) => ({
        ...item,
        key: newKey(item.name),
        sentBytes: 0,
        state: 'uploading' as const,
        group,
      }));
      setEntries((all) => [...all, ...added]);
      const waiting = [...added];
      const worker = async () => {
        for (let entry = waiting.shift(); entry; entry = waiting.shift())
          await startFresh(entry, 'fail');
      };
      for (let index = 0; index < FOLDER_UPLOAD_PARALLELISM; index += 1) void worker();
    },
    [startFresh]
  );

  /** Continues from the offset the server holds; a session that is gone starts over. */
  const resume = useCallback(
    async (entry: UploadEntry) => {
      const status = entry.uploadId
        ? await api.uploadStatus(driveId, entry.uploadId).catch(() => null)
        : null;
      if (!status) return startFresh({ ...entry, uploadId: undefined }, 'fail');
      return run(entry, async () => status);
    },
    [api, driveId, run, startFresh]
  );

  /** Starts over under the new name (a refused name never reached Microsoft: nothing to resume). */
  const rename = useCallback(
    (entry: UploadEntry, name: string) => {
      const renamed = { ...entry, name, uploadId: undefined, sentBytes: 0 };
      patch(entry.key, renamed);
      void startFresh(renamed, 'fail');
    },
    [patch, startFresh]
  );

  const resolveConflict = useCallback(
    (entry: UploadEntry, choice: ConflictBehavior | 'skip') => {
      if (choice === 'skip') patch(entry.key, { state: 'cancelled' });
      else void startFresh(entry, choice);
    },
    [patch, startFresh]
  );

  const cancel = useCallback((entry: UploadEntry) => {
    controllers.current.get(entry.key)?.abort();
  }, []);

  const clearFinished = useCallback(() => {
    setEntries((all) => all.filter((entry) => entry.state === 'uploading'));
  }, []);

  /** Resumes a folder upload's failed files (not those whose name needs changing), in turn. */
  const retryFailed = useCallback(
    async (failed: UploadEntry[]) => {
      for (const entry of failed) if (!isNameRefused(entry)) await resume(entry);
    },
    [resume]
  );

  return {
    entries,
    add,
    addPlaced,
    resume,
    retryFailed,
    rename,
    resolveConflict,
    cancel,
    clearFinished,
  };
};
