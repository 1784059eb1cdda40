/**
 * The pre-authenticated URLs of thumbnails, on the content host like download URLs. Microsoft
 * documents them as cache-safe: "The URL will change, if the item changes in a way that requires
 * a new thumbnail to be generated". So a link names the item's content version (its cTag's
 * number): a changed file gets new links, and an old link answers 404 rather than a wrong image.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from '../context';
import type { ThumbnailSize } from './thumbnail-image';

export interface ThumbnailClaim {
  driveId: string;
  itemId: string;
  contentVersion: number;
  size: ThumbnailSize;
}

/** One signing key per running emulator (its context), made when first needed. */
const keys = new WeakMap<EmulatorContext, Buffer>();
const keyOf = (emulator: EmulatorContext) => {
  let key = keys.get(emulator);
  if (!key) {
    key = randomBytes(32);
    keys.set(emulator, key);
  }
  return key;
};

const sign = (emulator: EmulatorContext, payload: string) =>
  createHmac('sha256', keyOf(emulator)).update(payload).digest('base64url');

export function thumbnailUrl(emulator: EmulatorContext, claim: ThumbnailClaim): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${emulator.contentOrigin}/thumbnails/${payload}.${sign(emulator, payload)}`;
}

export function verifyThumbnailToken(
  emulator: EmulatorContext,
  token: string
): ThumbnailClaim | undefined {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(emulator, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as ThumbnailClaim;
}
