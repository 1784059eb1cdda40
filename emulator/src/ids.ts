import { createHash } from 'node:crypto';

/** Deterministic identifiers: the same seed gives the same tenant, ids and bytes on every run. */
function digest(input: string): Buffer {
  return createHash('sha256').update(input).digest();
}

export function deterministicGuid(input: string): string {
  const hex = digest(input).toString('hex');
  // Version 4 / variant bits so the value looks like any other GUID Microsoft hands out.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  // Joined, not concatenated: a concatenation keeps its pieces (slices of the 64-character hex)
  // as a tree for as long as the id lives, several times the id's size. A seeded fleet holds
  // a million of these.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** SharePoint item ids look like "01" followed by 32 base32 characters. */
export function driveItemId(input: string): string {
  const bytes = digest(input);
  const chars = ['0', '1'];
  for (let i = 0; i < 32; i++) chars.push(BASE32[bytes[i] & 31]);
  // One flat string rather than a tree of 33 concatenations (see deterministicGuid).
  return chars.join('');
}

/** SharePoint drive ids look like "b!" followed by base64url. */
export function driveId(input: string): string {
  return `b!${Buffer.concat([digest(input), digest(`${input}#2`)])
    .toString('base64url')
    .slice(0, 64)}`;
}

/** A small seeded PRNG (mulberry32) so generated trees are reproducible. */
export function seededRandom(seed: string): () => number {
  let state = digest(seed).readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
