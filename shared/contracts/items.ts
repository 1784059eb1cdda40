/**
 * A drive's items on the wire: what the children, breadcrumbs and search routes answer, how a
 * listing is sorted, and what a write does when the name is taken. Dates are ISO strings.
 */
import type { LibraryColumnValues } from './library-columns';

/** The orders a folder listing offers (each one indexed, see server/src/services/item-listing.ts). */
export const SORT_KEYS = ['name', 'size', 'modified', 'modifiedBy'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** What Microsoft does when an item of that name exists: Graph's `@microsoft.graph.conflictBehavior`. */
export const CONFLICT_BEHAVIORS = ['fail', 'replace', 'rename'] as const;
export type ConflictBehavior = (typeof CONFLICT_BEHAVIORS)[number];

/** One synced item as the admin routes answer it. */
export interface DriveItem {
  id: number;
  remoteId: string;
  parentRemoteId: string | null;
  name: string;
  isFolder: boolean;
  /** A string where the database answers a 64-bit integer as one (PostgreSQL's bigint). */
  size: number | string | null;
  mimeType: string | null;
  webUrl: string | null;
  childCount: number | null;
  remoteModifiedAt: string | null;
  modifiedByName: string | null;
  modifiedByEmail: string | null;
  /** Changes with the file's content (not its name or place): keys the file's thumbnail. */
  cTag?: string | null;
  /**
   * On an organisation drive, the Strapi user whose change through the plugin is the item's latest:
   * Microsoft names the app (the plugin writes as it) in `modifiedByName`. Null when the latest
   * change was made elsewhere; answered by the children and search routes only.
   */
  modifiedViaStrapiBy?: string | null;
  /** Values of the drive's kept library columns, by column name (drives keeping some only). */
  columns?: LibraryColumnValues;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
}

/** The query of `GET /drives/:id/children`: one page of a folder (the root without parentId). */
export interface ChildrenQuery {
  parentId?: string;
  page: number;
  pageSize: number;
  sort: SortKey;
  order: SortOrder;
  /** Part of the name, any case: the folder's matching children only. */
  filter?: string;
}

/**
 * The query of `GET /drives/:id/search`: one page of the drive's items whose name contains q and,
 * with `column`, whose value of that kept library column contains `value` (any case; q may then
 * be empty).
 */
export interface SearchQuery {
  q: string;
  column?: string;
  value?: string;
  page: number;
  pageSize: number;
}

/** One item found by drive-wide search, with the path of its folder ('/A/B', '' at the root). */
export type SearchResult = DriveItem & { folderPath: string };

/** `GET /drives/:id/search`. */
export interface SearchPage {
  data: SearchResult[];
  meta: { pagination: Pagination };
}

/** `GET /drives/:id/children`. */
export interface ChildrenPage {
  results: DriveItem[];
  pagination: Pagination;
}

/** One level of `GET /drives/:id/breadcrumbs`; the root has no name. */
export interface Breadcrumb {
  remoteId: string;
  name: string | null;
}

/** `PATCH /drives/:id/items/:itemId`: a rename, a move, or both. */
export interface ItemChange {
  name?: string;
  parentId?: string;
}

/** `POST /drives/:id/folders`. */
export interface CreateFolderRequest {
  parentId: string;
  name: string;
  conflictBehavior?: ConflictBehavior;
}
