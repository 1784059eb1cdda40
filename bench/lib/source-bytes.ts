/**
 * The benchmark's source file: deterministic bytes that never repeat (an AES-128-CTR keystream
 * under a fixed key), generated on demand from any 16-byte-aligned offset, so a 1 GB file is
 * streamed in pieces and hashed without ever being held in memory.
 */
import { createCipheriv } from 'node:crypto';
import { Readable } from 'node:stream';
import { QuickXorHash } from '../../emulator/src';

const KEY = Buffer.from('external-drives-bench-source-key').subarray(0, 16);
const BLOCK = 16;
const CHUNK_BYTES = 1024 * 1024;

/** The counter block of the keystream at `offset` (a multiple of 16). */
function counterAt(offset: number): Buffer {
  if (offset % BLOCK !== 0) throw new Error(`source offsets must be multiples of ${BLOCK}`);
  const iv = Buffer.alloc(BLOCK);
  iv.writeBigUInt64BE(BigInt(offset / BLOCK), 8);
  return iv;
}

/** Bytes [start, end) of the source, in chunks of at most 1 MiB, made as they are read. */
export function sourceStream(start: number, end: number): Readable {
  const cipher = createCipheriv('aes-128-ctr', KEY, counterAt(start));
  const zeros = Buffer.alloc(CHUNK_BYTES);
  let position = start;
  return new Readable({
    read() {
      if (position >= end) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK_BYTES, end - position);
      position += length;
      this.push(cipher.update(zeros.subarray(0, length)));
    },
  });
}

/** QuickXorHash of the first `size` bytes, computed from the bytes themselves. */
export async function sourceQuickXorHash(size: number): Promise<string> {
  const hash = new QuickXorHash();
  for await (const chunk of sourceStream(0, size)) hash.update(chunk as Buffer);
  return hash.digest();
}
