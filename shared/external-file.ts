/**
 * The "External file" custom fields, shared by the server (which stores, checks and enriches them)
 * and the admin panel (which picks files and shows them).
 *
 * The stored value names a file by Microsoft's own ids: the drive id (a SharePoint library or
 * OneDrive) and the item id. Both survive renames and moves, and the drive id also survives
 * disconnecting and reconnecting the library, so an entry's attachments come back with it.
 */
import type { LibraryColumnValues } from './contracts/library-columns';
import { PLUGIN_ID } from './plugin';

export const EXTERNAL_FILE_FIELD = 'external-file';
export const EXTERNAL_FILES_FIELD = 'external-files';

/** The uids Strapi gives the two custom fields (`attribute.customField` in a loaded schema). */
export const CUSTOM_FIELD_UID = {
  single: `plugin::${PLUGIN_ID}.${EXTERNAL_FILE_FIELD}`,
  multiple: `plugin::${PLUGIN_ID}.${EXTERNAL_FILES_FIELD}`,
} as const;

/** At most this many files in one "External files" field. */
export const MAX_FILES_PER_FIELD = 50;

/** What an entry stores: `{ driveId, itemId }` (single) or a list of them (multiple). */
export interface ExternalFileReference {
  /** Microsoft's drive id (`b!...` for SharePoint libraries). */
  driveId: string;
  /** Microsoft's item id within that drive. */
  itemId: string;
}

/** A reference as the content API returns it when the file can be served. */
export interface AvailableExternalFile extends ExternalFileReference {
  state: 'available';
  name: string;
  size: number | null;
  mimeType: string | null;
  modifiedAt: string | null;
  webUrl: string | null;
  /** The plugin's content-API download route; null while the administrator disables downloads. */
  downloadUrl: string | null;
  /**
   * Values of the library columns the drive's administrator chose to publish, by column name
   * (present only when the drive publishes some; never for personal drives).
   */
  columns?: LibraryColumnValues;
}

/** A deleted file, a disconnected drive, or anything else the content API will not serve. */
export interface UnavailableExternalFile extends ExternalFileReference {
  state: 'unavailable';
}

export type ExternalFile = AvailableExternalFile | UnavailableExternalFile;

const MAX_ID_LENGTH = 500;

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;

/**
 * The reference in a value, or null when the value is not one. Extra keys (the metadata the
 * content API adds on read) are dropped, so an entry read and written back stores the same thing.
 */
export function toReference(value: unknown): ExternalFileReference | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { driveId, itemId } = value as Record<string, unknown>;
  return isId(driveId) && isId(itemId) ? { driveId, itemId } : null;
}

export const referenceKey = (reference: ExternalFileReference) =>
  `${reference.driveId}\n${reference.itemId}`;

export const sameReference = (a: ExternalFileReference, b: ExternalFileReference) =>
  a.driveId === b.driveId && a.itemId === b.itemId;
