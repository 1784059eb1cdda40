/**
 * The admin's switches for file operations (downloads on/off, the `#` `%` `&` rule), read from the
 * one settings record, and the upload transport sizes from the plugin config.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import type { SettingsService } from '../settings/service';
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

export async function getFileFlags(
  settings: Pick<SettingsService, 'getIntegration'>
): Promise<FileFlags> {
  const integration = await settings.getIntegration();
  return {
    downloadsEnabled: integration.downloadsEnabled,
    rejectDiscouragedCharacters: integration.rejectDiscouragedCharacters,
  };
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
