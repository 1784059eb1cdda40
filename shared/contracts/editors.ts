/**
 * The editors feature on the wire (server/src/editors, routes/admin-editors.ts): what an
 * "External file" field shows in the admin panel, which entries use a file, and "Copy to Media
 * Library". The field's stored value and its content-API form are in shared/external-file.ts.
 */
import type { ExternalFileReference } from '../external-file';

/** `POST /external-files/describe`: what the field holds, answered as `ExternalFile[]`. */
export interface DescribeFilesRequest {
  references: ExternalFileReference[];
}

/** `GET /drives/:id/usage?itemIds=a,b`: how many entries use each file, `{ a: 2, b: 0 }`. */
export type UsageCounts = Record<string, number>;

/** One entry using a file (GET /drives/:id/items/:itemId/usage). */
export interface EntryUsage {
  contentType: string;
  contentTypeName: string;
  kind: 'collectionType' | 'singleType';
  documentId: string;
  title: string | null;
  locales: string[];
  published: boolean;
  fields: string[];
}

export interface FileUsage {
  /** Entries (documents) using the file, including those listed as hidden. */
  count: number;
  /** Entries of content types this admin may not read. */
  hidden: number;
  entries: EntryUsage[];
}

/** `POST /drives/:id/items/:itemId/copy-to-media-library`, into the root without a folder. */
export interface CopyToMediaLibraryRequest {
  folderId?: number | null;
}

/** The new Media Library file (Strapi's upload answer, of which the panel reads these). */
export interface MediaLibraryCopy {
  id: number;
  name: string;
  url: string;
}
