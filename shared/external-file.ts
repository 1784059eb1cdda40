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

/**
 * How a reader reaches an attached file: the plugin's download route (the default, and what a
 * value without `link` means), or a Microsoft 365 sharing link (view, organization) the server
 * created when the editor chose it. The link itself is never part of the value: the server keeps
 * it, so a URL written by a browser is never published.
 */
export const EXTERNAL_FILE_LINKS = ['sharing'] as const;
export type ExternalFileLink = (typeof EXTERNAL_FILE_LINKS)[number];

/**
 * What an entry stores: `{ driveId, itemId }` (single) or a list of them (multiple), with
 * `link: 'sharing'` when the editor publishes the file as a sharing link.
 */
export interface ExternalFileReference {
  /** Microsoft's drive id (`b!...` for SharePoint libraries). */
  driveId: string;
  /** Microsoft's item id within that drive. */
  itemId: string;
  /** Absent: the download route. */
  link?: ExternalFileLink;
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
   * The sharing link (view, organization) when the editor chose one and links are still allowed
   * for the drive; otherwise null.
   */
  sharingUrl: string | null;
  /**
   * Where a website should send readers: the sharing link when the editor chose one, the download
   * route otherwise. Null when the choice is not available now (a sharing link while links are
   * switched off never falls back to the download route the editor did not choose).
   */
  url: string | null;
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

const isLink = (value: unknown): value is ExternalFileLink =>
  (EXTERNAL_FILE_LINKS as readonly unknown[]).includes(value);

/**
 * The reference in a value, or null when the value is not one. Extra keys (the metadata the
 * content API adds on read, a `url` or `webUrl` a browser sends) are dropped, so an entry read and
 * written back stores the same thing; `link` is kept when it names a known way, dropped otherwise.
 */
export function toReference(value: unknown): ExternalFileReference | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { driveId, itemId, link } = value as Record<string, unknown>;
  if (!isId(driveId) || !isId(itemId)) return null;
  return isLink(link) ? { driveId, itemId, link } : { driveId, itemId };
}

/** True when the value asks for a sharing link. */
export const wantsSharingLink = (reference: ExternalFileReference) => reference.link === 'sharing';

export const referenceKey = (reference: ExternalFileReference) =>
  `${reference.driveId}\n${reference.itemId}`;

export const sameReference = (a: ExternalFileReference, b: ExternalFileReference) =>
  a.driveId === b.driveId && a.itemId === b.itemId;
