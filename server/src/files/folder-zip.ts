/**
 * A folder as a ZIP, written while it is sent: one file at a time is fetched (through the same
 * download path as a single file) and piped into the archive, so the server holds a few chunks,
 * never a whole file, and writes nothing to disk. yazl writes ZIP64 records where a size or an
 * offset passes 4 GB.
 *
 * A file that fails once the answer has started (deleted in Microsoft 365 since the last sync,
 * throttled past its retries, cut off mid-way) cannot change the HTTP status any more: it is
 * skipped (or, cut off mid-way, left incomplete) and listed in a last entry, `_errors.txt`.
 */
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { FolderTree, TreeFile } from '../items/rows';

/** Entries whose synced size is near 4 GB carry ZIP64 sizes from their local header on. */
const ZIP64_FROM_BYTES = 0xffffffff - 64 * 1024 * 1024;

export const ERRORS_ENTRY = '_errors.txt';

export interface FailedFile {
  path: string;
  reason: string;
}

export interface FolderZipOptions {
  tree: FolderTree;
  /** Opens one file's content (the single-file download); rejects when it cannot be had. */
  open(file: TreeFile): Promise<Readable>;
  /** Why a file failed, in words for the `_errors.txt` entry. */
  describe(error: unknown): string;
  /** Told once the archive is complete (or abandoned), with the files that failed. */
  onDone?(failed: FailedFile[]): void;
}

/** An entry name not already taken by a file of the folder. */
function freeName(taken: Set<string>, name: string) {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.txt)$/, ` (${n})$1`);
  return candidate;
}

/**
 * Relays one file into its entry. Resolves with null once the file is in whole, with a reason if
 * it broke part-way, and with 'abandoned' if the client went away (the file is dropped then).
 */
function relay(body: Readable, entry: PassThrough, output: Readable): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reason: string | null) => {
      if (settled) return;
      settled = true;
      output.off('close', stop);
      // A broken file's header is sent: its entry ends here, shorter than the file, and is listed.
      entry.end();
      resolve(reason);
    };
    const stop = () => body.destroy();
    output.once('close', stop);
    body.once('end', () => settle(null));
    body.once('error', (error: Error) => settle(error.message || 'the download broke off'));
    body.once('close', () => settle(output.destroyed ? 'abandoned' : 'the download broke off'));
    body.pipe(entry, { end: false });
  });
}

/** The archive as a stream; files are fetched while it is read, in path order. */
export function folderZipStream({ tree, open, describe, onDone }: FolderZipOptions): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const failed: FailedFile[] = [];
  // An error of the archive itself (never a file's: those are caught above) ends the answer.
  zip.on('error', (error: Error) => output.destroy(error));

  async function write() {
    for (const folder of tree.emptyFolders) zip.addEmptyDirectory(folder);
    for (const file of tree.files) {
      if (output.destroyed) break;
      let body: Readable;
      try {
        body = await open(file);
      } catch (error) {
        failed.push({ path: file.path, reason: describe(error) });
        continue;
      }
      if (output.destroyed) {
        body.destroy();
        break;
      }
      const entry = new PassThrough();
      try {
        // Stored, not deflated: most office and media files are compressed already, and the
        // archive then streams at the network's pace rather than the CPU's.
        zip.addReadStream(entry, file.path, {
          compress: false,
          ...(file.modifiedAt ? { mtime: file.modifiedAt } : {}),
          forceZip64Format: file.size >= ZIP64_FROM_BYTES,
        });
      } catch (error) {
        // yazl refuses a path it cannot write (an absolute or `..` one): nothing was sent for it.
        body.destroy();
        failed.push({ path: file.path, reason: (error as Error).message });
        continue;
      }
      const broken = await relay(body, entry, output);
      if (broken === 'abandoned') break;
      if (broken) failed.push({ path: file.path, reason: `incomplete in the ZIP: ${broken}` });
    }
    if (failed.length > 0 && !output.destroyed) {
      const lines = failed.map(({ path, reason }) => `${path}: ${reason}`);
      const text = `These files could not be added to the ZIP:\r\n${lines.join('\r\n')}\r\n`;
      const taken = new Set(tree.files.map(({ path }) => path));
      zip.addBuffer(Buffer.from(text, 'utf8'), freeName(taken, ERRORS_ENTRY), { compress: false });
    }
    zip.end();
  }

  write().then(
    () => onDone?.(failed),
    (error: unknown) => {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
      onDone?.(failed);
    }
  );
  return output;
}
