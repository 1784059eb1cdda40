/**
 * The attachment index: one row per (entry version, field, file), in the plugin's own table, so
 * "is this file attached to a published entry?" and "which entries use this file?" are one indexed
 * lookup instead of a scan of every content type.
 *
 * The index is derived, never edited by hand: after any document-service write the rows of that
 * document are recomputed from what the database now holds (all locales, draft and published), and
 * at boot the whole index is rebuilt when the fields' layout changed since the last build. Writes
 * that bypass the document service (raw queries) are not seen until that document's next write or
 * a rebuild, so the content-API route re-reads the entry before serving a file: a stale row can
 * hide a file, but never expose one.
 */
import { createHash } from 'node:crypto';
import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';
import {
  referenceKey,
  toReference,
  type ExternalFileReference,
} from '../../../shared/external-file';
import { TABLE, UID } from '../constants';
import {
  fieldKind,
  holdsExternalFiles,
  populateForFields,
  visitFields,
  type SchemaLike,
  type SchemaLookup,
} from './fields';

export interface AttachmentRow {
  contentType: string;
  entryDocumentId: string;
  entryId: number;
  entryLocale: string | null;
  published: boolean;
  field: string;
  remoteDriveId: string;
  remoteItemId: string;
}

/** A reference found in an entry, with where it sits ('attachments', 'sections.file'). */
export interface FoundReference {
  field: string;
  path: Array<string | number>;
  reference: ExternalFileReference;
}

interface EntryRow {
  id: number;
  documentId: string;
  locale?: string | null;
  publishedAt?: string | Date | null;
  [attribute: string]: unknown;
}

/** Bumped when the rows derived from an entry change meaning: existing indexes are rebuilt. */
const INDEX_FORMAT = 1;
const REBUILD_PAGE_SIZE = 500;
const INSERT_BATCH_SIZE = 200;
const DRIVE_ITEM_INDEX = 'external_drives_attachments_file_idx';
const DOCUMENT_INDEX = 'external_drives_attachments_document_idx';

/** Every reference in an entry (or in write data), wherever its fields are. */
export function referencesIn(
  value: unknown,
  schema: SchemaLike,
  lookup: SchemaLookup,
  options: { followRelations?: boolean } = {}
): FoundReference[] {
  const found: FoundReference[] = [];
  visitFields(
    value,
    schema,
    lookup,
    ({ holder, key, kind, path }) => {
      const field = path.filter((part) => typeof part === 'string').join('.');
      const raw = holder[key];
      const values = kind === 'multiple' ? (Array.isArray(raw) ? raw : []) : [raw];
      values.forEach((candidate, index) => {
        const reference = toReference(candidate);
        if (reference)
          found.push({ field, path: kind === 'multiple' ? [...path, index] : path, reference });
      });
    },
    options
  );
  return found;
}

export function createAttachmentIndex(strapi: Core.Strapi) {
  const lookup: SchemaLookup = (uid) =>
    strapi.getModel(uid as StrapiUID.Schema) as unknown as SchemaLike | undefined;
  const attachments = () => strapi.db.query(UID.attachment);

  let holders: Set<string> | undefined;
  /** Content types with an External file field (themselves or in their components). */
  const contentTypesWithFields = () => {
    holders ??= new Set(
      Object.keys(strapi.contentTypes).filter((uid) => {
        const schema = lookup(uid);
        return Boolean(schema && holdsExternalFiles(schema, lookup));
      })
    );
    return holders;
  };

  const isPublished = (uid: string, entry: EntryRow) =>
    !contentTypeUtils.hasDraftAndPublish(strapi.getModel(uid as StrapiUID.ContentType)) ||
    Boolean(entry.publishedAt);

  /** What to read of a content type's rows to find its references. */
  const readShape = (uid: string) => {
    const schema = lookup(uid)!;
    const scalarFields = Object.entries(schema.attributes)
      .filter(([, attribute]) => fieldKind(attribute) !== null)
      .map(([name]) => name);
    const select = ['id', 'documentId', 'publishedAt', ...scalarFields];
    if (schema.attributes.locale) select.push('locale');
    return { schema, select, populate: populateForFields(schema, lookup) };
  };

  const rowsOf = (uid: string, schema: SchemaLike, entries: EntryRow[]): AttachmentRow[] =>
    entries.flatMap((entry) =>
      referencesIn(entry, schema, lookup).map(({ field, reference }) => ({
        contentType: uid,
        entryDocumentId: entry.documentId,
        entryId: entry.id,
        entryLocale: entry.locale ?? null,
        published: isPublished(uid, entry),
        field,
        remoteDriveId: reference.driveId,
        remoteItemId: reference.itemId,
      }))
    );

  const readEntries = async (uid: string, where: Record<string, unknown>, page?: number) => {
    const { select, populate } = readShape(uid);
    return (await strapi.db.query(uid).findMany({
      where,
      select,
      populate,
      orderBy: { id: 'asc' },
      ...(page === undefined ? {} : { offset: page * REBUILD_PAGE_SIZE, limit: REBUILD_PAGE_SIZE }),
    })) as EntryRow[];
  };

  const insert = async (rows: AttachmentRow[]) => {
    for (let start = 0; start < rows.length; start += INSERT_BATCH_SIZE) {
      await attachments().createMany({ data: rows.slice(start, start + INSERT_BATCH_SIZE) });
    }
  };

  /** Recomputes one document's rows from the database, in the caller's transaction if any. */
  const reindexDocument = async (uid: string, documentId: string) => {
    if (!contentTypesWithFields().has(uid)) return;
    await strapi.db.transaction(async () => {
      const { schema } = readShape(uid);
      const rows = rowsOf(uid, schema, await readEntries(uid, { documentId }));
      await attachments().deleteMany({
        where: { contentType: uid, entryDocumentId: documentId },
      });
      await insert(rows);
    });
  };

  /**
   * What the index is derived from: which content types hold the fields and where. A change (a
   * field added or removed in the Content-Type Builder, a new version of the derivation) calls for
   * a rebuild; otherwise the document-service middleware has kept the index current.
   */
  const layoutFingerprint = () => {
    const layout = [...contentTypesWithFields()].sort().map((uid) => {
      const { select, populate } = readShape(uid);
      return [uid, select, populate];
    });
    return createHash('sha256')
      .update(JSON.stringify([INDEX_FORMAT, layout]))
      .digest('hex');
  };

  return {
    lookup,
    contentTypesWithFields,
    reindexDocument,
    layoutFingerprint,
    holdsFields: (uid: string) => contentTypesWithFields().has(uid),
    /** True when any content type has the field: reads elsewhere may populate one that does. */
    anyFields: () => contentTypesWithFields().size > 0,

    /** The indexes the lookups need (Strapi's schema sync does not create them). */
    async ensureIndexes() {
      const knex = strapi.db.connection;
      await knex.raw(
        `CREATE INDEX IF NOT EXISTS ${DRIVE_ITEM_INDEX} ON ${TABLE.attachment} (remote_drive_id, remote_item_id)`
      );
      await knex.raw(
        `CREATE INDEX IF NOT EXISTS ${DOCUMENT_INDEX} ON ${TABLE.attachment} (content_type, entry_document_id)`
      );
    },

    /** Rebuilds the whole index, one transaction per content type. Returns the rows written. */
    async rebuild(): Promise<number> {
      const uids = [...contentTypesWithFields()];
      let written = 0;
      await attachments().deleteMany({
        where: uids.length ? { contentType: { $notIn: uids } } : {},
      });
      for (const uid of uids) {
        await strapi.db.transaction(async () => {
          const { schema } = readShape(uid);
          await attachments().deleteMany({ where: { contentType: uid } });
          for (let page = 0; ; page += 1) {
            const entries = await readEntries(uid, {}, page);
            const rows = rowsOf(uid, schema, entries);
            await insert(rows);
            written += rows.length;
            if (entries.length < REBUILD_PAGE_SIZE) break;
          }
        });
      }
      return written;
    },

    /** The files a document references today (any locale, draft or published). */
    async referencesOfDocument(uid: string, documentId: string): Promise<Set<string>> {
      const rows = (await attachments().findMany({
        where: { contentType: uid, entryDocumentId: documentId },
        select: ['remoteDriveId', 'remoteItemId'],
      })) as AttachmentRow[];
      return new Set(
        rows.map((row) => referenceKey({ driveId: row.remoteDriveId, itemId: row.remoteItemId }))
      );
    },

    /**
     * The files a document publishes as sharing links today (any locale, draft or published),
     * read from the entries themselves: the index rows do not keep how a file is published.
     */
    async linkedReferencesOfDocument(uid: string, documentId: string): Promise<Set<string>> {
      if (!contentTypesWithFields().has(uid)) return new Set();
      const { schema } = readShape(uid);
      const entries = await readEntries(uid, { documentId });
      return new Set(
        entries
          .flatMap((entry) => referencesIn(entry, schema, lookup))
          .filter(({ reference }) => reference.link === 'sharing')
          .map(({ reference }) => referenceKey(reference))
      );
    },

    /**
     * True when a published entry of a content type the caller may read references the file. Each
     * candidate row is checked against the entry itself; a row the entry no longer backs is
     * repaired on the way.
     */
    async isAttachedToPublishedEntry(
      reference: ExternalFileReference,
      mayRead: (contentType: string) => boolean | Promise<boolean>
    ): Promise<boolean> {
      const readable: string[] = [];
      for (const uid of contentTypesWithFields()) if (await mayRead(uid)) readable.push(uid);
      if (readable.length === 0) return false;
      const candidates = (await attachments().findMany({
        where: {
          remoteDriveId: reference.driveId,
          remoteItemId: reference.itemId,
          published: true,
          contentType: { $in: readable },
        },
        limit: 20,
      })) as AttachmentRow[];
      for (const row of candidates) {
        const schema = contentTypesWithFields().has(row.contentType)
          ? lookup(row.contentType)
          : undefined;
        const [entry] = schema ? await readEntries(row.contentType, { id: row.entryId }) : [];
        const backed =
          entry &&
          isPublished(row.contentType, entry) &&
          referencesIn(entry, schema!, lookup).some(
            ({ reference: found }) => referenceKey(found) === referenceKey(reference)
          );
        if (backed) return true;
        if (schema) await reindexDocument(row.contentType, row.entryDocumentId);
        else
          await attachments().deleteMany({
            where: { contentType: row.contentType, entryDocumentId: row.entryDocumentId },
          });
      }
      return false;
    },

    /** The index rows of these files of one drive. */
    async rowsForFiles(remoteDriveId: string, remoteItemIds: string[]): Promise<AttachmentRow[]> {
      if (remoteItemIds.length === 0) return [];
      return (await attachments().findMany({
        where: { remoteDriveId, remoteItemId: { $in: remoteItemIds } },
        orderBy: [{ contentType: 'asc' }, { entryDocumentId: 'asc' }, { id: 'asc' }],
      })) as AttachmentRow[];
    },
  };
}

export type AttachmentIndex = ReturnType<typeof createAttachmentIndex>;
