/**
 * The admin's switches for file operations (downloads on/off, the `#` `%` `&` rule) and the upload
 * transport sizes. The SERVER engineer's `settings` service had no such flags when this was written:
 * they live in the plugin store under `file-settings` until they move there.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import {
  DEFAULT_FRAGMENT_BYTES,
  DEFAULT_SIMPLE_UPLOAD_THRESHOLD,
  MAX_FRAGMENT_BYTES,
  normalizeFragmentSize,
} from './upload/fragments';

export interface FileFlags {
  downloadsEnabled: boolean;
  rejectDiscouragedCharacters: boolean;
}

export const DEFAULT_FILE_FLAGS: FileFlags = {
  downloadsEnabled: true,
  rejectDiscouragedCharacters: true,
};

const STORE_KEY = 'file-settings';
const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: PLUGIN_ID });

export async function getFileFlags(strapi: Core.Strapi): Promise<FileFlags> {
  const saved = ((await store(strapi).get({ key: STORE_KEY })) ?? {}) as Partial<FileFlags>;
  return { ...DEFAULT_FILE_FLAGS, ...saved };
}

export async function setFileFlags(
  strapi: Core.Strapi,
  flags: Partial<FileFlags>
): Promise<FileFlags> {
  const next = { ...(await getFileFlags(strapi)), ...flags };
  await store(strapi).set({ key: STORE_KEY, value: next });
  return next;
}

/** Plugin config keys (optional): `simpleUploadThresholdBytes`, `uploadFragmentBytes`. */
export function getUploadSizes(strapi: Core.Strapi) {
  const config = (key: string) => strapi.plugin(PLUGIN_ID).config(key) as number | null | undefined;
  const threshold = Number(config('simpleUploadThresholdBytes') ?? DEFAULT_SIMPLE_UPLOAD_THRESHOLD);
  return {
    // A simple upload is buffered: never more than one fragment's worth.
    simpleUploadThreshold: Math.min(Math.max(0, threshold), MAX_FRAGMENT_BYTES - 1),
    fragmentSize: normalizeFragmentSize(
      Number(config('uploadFragmentBytes') ?? DEFAULT_FRAGMENT_BYTES)
    ),
  };
}
