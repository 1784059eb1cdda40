import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { quickXorHashOfRepeatedBlock } from './quick-xor-hash';

/**
 * Generated files are described by (seed, size): the bytes are a 1,600-byte block derived from the
 * seed, repeated. 1,600 is a multiple of QuickXorHash's 160-byte period, which keeps hashing cheap
 * (see quickXorHashOfRepeatedBlock) while the hash is still computed from the real bytes.
 */
export const GENERATED_BLOCK_LENGTH = 1600;

export interface GeneratedContent {
  kind: 'generated';
  seed: string;
  size: number;
}

export function generatedBlock(seed: string): Buffer {
  return createHash('shake256', { outputLength: GENERATED_BLOCK_LENGTH })
    .update(`emulator-content:${seed}`)
    .digest();
}

export function generatedQuickXorHash(content: GeneratedContent): string {
  return quickXorHashOfRepeatedBlock(generatedBlock(content.seed), content.size);
}

/** Streams bytes [start, end] (inclusive) of a generated file in chunks of at most 64 KiB. */
export function generatedContentStream(
  content: GeneratedContent,
  start = 0,
  end = content.size - 1
): Readable {
  const block = generatedBlock(content.seed);
  const chunkLength = GENERATED_BLOCK_LENGTH * 40;
  // A chunk that starts at block offset 0 and repeats the block, so any window can be cut from it.
  const repeated = Buffer.alloc(chunkLength + GENERATED_BLOCK_LENGTH);
  for (let offset = 0; offset < repeated.length; offset += GENERATED_BLOCK_LENGTH) {
    block.copy(repeated, offset);
  }
  let position = start;
  return new Readable({
    read() {
      if (position > end) {
        this.push(null);
        return;
      }
      const phase = position % GENERATED_BLOCK_LENGTH;
      const length = Math.min(chunkLength, end - position + 1);
      position += length;
      this.push(Buffer.from(repeated.subarray(phase, phase + length)));
    },
  });
}

/** The whole content in memory: for tests and small files only. */
export function generatedContentBytes(content: GeneratedContent): Buffer {
  const block = generatedBlock(content.seed);
  const out = Buffer.alloc(content.size);
  for (let offset = 0; offset < content.size; offset += GENERATED_BLOCK_LENGTH) {
    block.copy(out, offset, 0, Math.min(GENERATED_BLOCK_LENGTH, content.size - offset));
  }
  return out;
}
