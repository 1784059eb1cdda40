import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { QuickXorHash } from './quick-xor-hash';

/** Uploaded bytes live under <dataDir>/uploads: sessions/ while incomplete, files/ once committed. */
export function uploadsDir(dataDir: string, kind: 'sessions' | 'files'): string {
  const dir = join(dataDir, 'uploads', kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Streams `source` into `file` (appending or from scratch), feeding `hash` as bytes pass, never
 * holding the whole body in memory. Fails (and reports how many bytes came) above `maxBytes`.
 */
export async function appendWithHash(
  source: Readable,
  file: string,
  hash: QuickXorHash,
  options: { append: boolean; maxBytes: number }
): Promise<number> {
  let count = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count += chunk.length;
      if (count > options.maxBytes) return done(new BodyTooLargeError(count));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(source, counter, createWriteStream(file, { flags: options.append ? 'a' : 'w' }));
  return count;
}

export class BodyTooLargeError extends Error {
  constructor(readonly received: number) {
    super(`body larger than allowed (${received} bytes so far)`);
  }
}

/** Moves a finished upload to its permanent place, named so replaced versions never collide. */
export function commitStoredFile(dataDir: string, temporaryFile: string): string {
  const target = join(
    uploadsDir(dataDir, 'files'),
    `${Date.now()}-${randomBytes(8).toString('hex')}`
  );
  renameSync(temporaryFile, target);
  return target;
}

/** A simple upload: the request body to a new stored file, hashed while streaming. */
export async function storeBody(
  dataDir: string,
  source: Readable,
  maxBytes: number
): Promise<{ file: string; size: number; quickXorHash: string }> {
  const temporary = join(
    uploadsDir(dataDir, 'sessions'),
    `simple-${randomBytes(12).toString('hex')}`
  );
  const hash = new QuickXorHash();
  const size = await appendWithHash(source, temporary, hash, { append: false, maxBytes });
  return { file: commitStoredFile(dataDir, temporary), size, quickXorHash: hash.digest() };
}
