/**
 * A file's versions on the wire (`GET /drives/:id/items/:itemId/versions`), as Microsoft keeps
 * them: the current version first, then the earlier ones, newest first. Dates are ISO strings.
 */

/** One version of a file. `id` is Microsoft's ("1.0", "2.0" on SharePoint and OneDrive for Business). */
export interface FileVersion {
  id: string;
  /** The file's current content: downloading it is downloading the file; restoring it is refused. */
  isCurrent: boolean;
  size: number | null;
  modifiedAt: string | null;
  /** Who Microsoft names as the version's author (a person, or the app the plugin writes as). */
  modifiedByName: string | null;
  modifiedByEmail: string | null;
}

/** `GET /drives/:id/items/:itemId/versions`. */
export interface FileVersionList {
  data: FileVersion[];
}

/** What a version id may look like: Microsoft's ids are short, without slashes or spaces. */
export const VERSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
