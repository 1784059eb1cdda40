/**
 * QuickXorHash, the hash OneDrive for Business and SharePoint publish as `file.hashes.quickXorHash`.
 *
 * Byte i of the input is XORed into a 160-bit state at bit offset (i * 11) mod 160. Because that offset
 * depends only on i mod 160, we XOR every byte into one of 160 phase accumulators (a tight loop over a
 * typed array) and spread the accumulators over the 160-bit state only once, in digest().
 */
const WIDTH_IN_BITS = 160;
const SHIFT = 11;
const STATE_BYTES = WIDTH_IN_BITS / 8;
const PHASES = WIDTH_IN_BITS; // offsets repeat every 160 input bytes

export class QuickXorHash {
  private readonly phaseAccumulators = new Uint8Array(PHASES);
  private phase = 0;
  private length = 0;

  update(chunk: Uint8Array): this {
    const acc = this.phaseAccumulators;
    let phase = this.phase;
    const n = chunk.length;
    let i = 0;
    // Finish the current 160-byte lap so the bulk loop below starts at phase 0.
    while (i < n && phase !== 0) {
      acc[phase] ^= chunk[i++];
      phase = phase + 1 === PHASES ? 0 : phase + 1;
    }
    // Whole laps: byte j of every lap lands in the same accumulator.
    const wholeLapsEnd = i + Math.floor((n - i) / PHASES) * PHASES;
    for (; i < wholeLapsEnd; i += PHASES) {
      for (let j = 0; j < PHASES; j++) acc[j] ^= chunk[i + j];
    }
    for (; i < n; i++) {
      acc[phase] ^= chunk[i];
      phase = phase + 1 === PHASES ? 0 : phase + 1;
    }
    this.phase = phase;
    this.length += n;
    return this;
  }

  /** A copy of the running state, so a failed upload fragment can be rolled back. */
  clone(): QuickXorHash {
    const copy = new QuickXorHash();
    copy.phaseAccumulators.set(this.phaseAccumulators);
    copy.phase = this.phase;
    copy.length = this.length;
    return copy;
  }

  /** The 20-byte hash before base64 (the length is XORed into bytes 12-19). */
  digestBytes(): Buffer {
    return finishState(this.phaseAccumulators, this.length);
  }

  digest(): string {
    return this.digestBytes().toString('base64');
  }

  /** digest() as if `length` bytes had been hashed (for repeated-block shortcuts). */
  digestClaimingLength(length: number): string {
    return finishState(this.phaseAccumulators, length).toString('base64');
  }
}

function finishState(accumulators: Uint8Array, length: number): Buffer {
  const state = Buffer.alloc(STATE_BYTES);
  for (let phase = 0; phase < PHASES; phase++) {
    const value = accumulators[phase];
    if (value === 0) continue;
    const bitOffset = (phase * SHIFT) % WIDTH_IN_BITS;
    const byteIndex = bitOffset >> 3;
    const bitShift = bitOffset & 7;
    state[byteIndex] ^= (value << bitShift) & 0xff;
    if (bitShift !== 0) state[(byteIndex + 1) % STATE_BYTES] ^= value >> (8 - bitShift);
  }
  // The 64-bit little-endian length goes into the last 8 bytes.
  const lengthBytes = Buffer.alloc(8);
  lengthBytes.writeBigUInt64LE(BigInt(length));
  for (let k = 0; k < 8; k++) state[STATE_BYTES - 8 + k] ^= lengthBytes[k];
  return state;
}

/** One-shot helper for small inputs. */
export function quickXorHash(data: Uint8Array): string {
  return new QuickXorHash().update(data).digest();
}

/**
 * Hash of `totalLength` bytes made of `block` repeated (the emulator's generated files), without
 * reading them all. Requires block.length to be a multiple of 160 so that every whole block XORs the
 * same value into the state: two whole blocks cancel, so only (blocks mod 2) blocks plus the remainder
 * need hashing, while the length term uses the real length.
 */
export function quickXorHashOfRepeatedBlock(block: Uint8Array, totalLength: number): string {
  if (block.length === 0 || block.length % PHASES !== 0) {
    throw new Error(`block length must be a positive multiple of ${PHASES}`);
  }
  const wholeBlocks = Math.floor(totalLength / block.length);
  const remainder = totalLength % block.length;
  const hash = new QuickXorHash();
  if (wholeBlocks % 2 === 1) hash.update(block);
  hash.update(block.subarray(0, remainder));
  return hash.digestClaimingLength(totalLength);
}
