/**
 * Library columns (SharePoint list fields) that a drive keeps: shared by the server, which syncs
 * and serves them, and the admin panel, which lets drive managers choose them.
 */

/** The column types the plugin keeps (other SharePoint types are not offered). */
export const LIBRARY_COLUMN_TYPES = [
  'text',
  'note',
  'choice',
  'multiChoice',
  'number',
  'currency',
  'boolean',
  'dateTime',
  'hyperlink',
  'person',
  'term',
  'lookup',
] as const;

export type LibraryColumnType = (typeof LIBRARY_COLUMN_TYPES)[number];

export interface LibraryColumn {
  /** SharePoint's internal name: the key of the value in a list item's `fields`. */
  name: string;
  displayName: string;
  type: LibraryColumnType;
}

/** What a drive row stores (`libraryColumns`): the list, the columns kept, those published. */
export interface LibraryColumnChoice {
  siteId: string;
  listId: string;
  /** Kept by Strapi and shown in My Files and the editors' picker. */
  kept: LibraryColumn[];
  /** Names of kept columns the content API returns with attached files (platform drives only). */
  published: string[];
}

/** GET /drives/:id/library-columns */
export interface LibraryColumnsView {
  /** The library's columns of supported types, as SharePoint lists them now. */
  available: LibraryColumn[];
  kept: string[];
  published: string[];
  /** False for personal drives: their columns never reach the content API. */
  canPublish: boolean;
}

/** PUT /drives/:id/library-columns */
export interface LibraryColumnsUpdate {
  kept: string[];
  published: string[];
}

/** A stored value, by column type. */
export type LibraryColumnValue =
  | string
  | number
  | boolean
  | string[]
  | { url: string; description: string }
  | { displayName: string; email: string | null }
  | null;

/** Values of a file's kept columns, by column name. */
export type LibraryColumnValues = Record<string, LibraryColumnValue>;
