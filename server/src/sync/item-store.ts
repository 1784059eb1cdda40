/**
 * Bulk writes of drive items with knex, in the caller's transaction: one upsert per batch keyed on
 * the unique (drive_id, remote_id) index, never one document-service call per item.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID } from '../constants';
import { CHILDREN_INDEXES } from '../services/item-listing';

/**
 * Rows per upsert statement: knex writes a multi-row insert on SQLite as one compound SELECT, which
 * SQLite caps at 500 terms; at ~25 columns it also stays under both databases' parameter limits.
 */
const UPSERT_BATCH_SIZE = 500;
const LOOKUP_BATCH_SIZE = 500;
const MARK_BATCH_SIZE = 500;
const KEPT_ON_UPDATE = new Set(['document_id', 'created_at', 'published_at']);

/**
 * Strapi's document ids are 24 lowercase alphanumerics; these start with the time so new rows land
 * at the end of the document index (random ones scatter every insert across it).
 */
let documentSequence = 0;
const newDocumentId = () =>
  (
    Date.now().toString(36) +
    (documentSequence++ % 1679616).toString(36).padStart(4, '0') +
    randomUUID().replace(/-/g, '')
  ).slice(0, 24);

const CONFLICT_TARGET = ['drive_id', 'remote_id'];

/** On conflict only the synced fields change: the row keeps its id and document id. */
const mergedColumns = (row: Record<string, unknown>) =>
  Object.keys(row).filter((column) => !KEPT_ON_UPDATE.has(column));

const isBetterSqlite = (trx: Knex.Transaction) =>
  (trx.client as { driverName?: string }).driverName === 'better-sqlite3';

interface SqliteStatement {
  run(bindings: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Per SQLite connection and attribute set: the upsert statement, prepared once. */
const preparedUpserts = new WeakMap<
  SqliteConnection,
  Map<string, { statement: SqliteStatement; sources: string[] }>
>();

/** Stamp columns: not synced attributes, filled at write time. */
const DOCUMENT_ID = 'document_id';
const TIMESTAMPS = new Set(['created_at', 'updated_at', 'published_at']);

/**
 * SQLite runs in-process, so a statement per row costs no round trip: the upsert SQL is written by
 * knex once (dialect-correct), prepared once per connection, and run for each row inside the
 * caller's transaction. Compiling and preparing a fresh 500-row statement per batch cost more than
 * the writes themselves.
 */
async function upsertPrepared(
  trx: Knex.Transaction,
  columns: Record<string, string>,
  rows: Array<Record<string, unknown>>,
  now: Date
) {
  const connection = (await trx.client.acquireConnection()) as SqliteConnection;
  let cache = preparedUpserts.get(connection);
  if (!cache) preparedUpserts.set(connection, (cache = new Map()));
  const attributes = Object.keys(rows[0]);
  const key = attributes.join(',');
  let prepared = cache.get(key);
  if (!prepared) {
    // Each column's value names where it comes from, so knex's bindings give the column order.
    const template: Record<string, string> = { [DOCUMENT_ID]: DOCUMENT_ID };
    for (const stamp of TIMESTAMPS) template[stamp] = stamp;
    for (const attribute of attributes) template[columns[attribute] ?? attribute] = attribute;
    const { sql, bindings } = trx(TABLE.driveItem)
      .insert(template)
      .onConflict(CONFLICT_TARGET)
      .merge(mergedColumns(template))
      .toSQL();
    prepared = { statement: connection.prepare(sql), sources: bindings as string[] };
    cache.set(key, prepared);
  }
  const { statement, sources } = prepared;
  const stamp = now.valueOf();
  const values = new Array<unknown>(sources.length);
  for (const row of rows) {
    for (let i = 0; i < sources.length; i += 1) {
      const source = sources[i];
      // As knex binds for better-sqlite3: dates as epoch milliseconds, booleans as 0/1.
      if (source === DOCUMENT_ID) values[i] = newDocumentId();
      else if (TIMESTAMPS.has(source)) values[i] = stamp;
      else {
        const value = row[source];
        values[i] = typeof value === 'boolean' ? Number(value) : value;
      }
    }
    statement.run(values);
  }
}

export const UNIQUE_INDEX = 'external_drives_items_drive_remote_uq';
export const PARENT_INDEX = 'external_drives_items_drive_parent_idx';

/** Attribute name -> column name, as Strapi's metadata says (snake_case). */
export function columnMap(strapi: Core.Strapi): Record<string, string> {
  const meta = strapi.db.metadata.get(UID.driveItem as never) as unknown as {
    attributes: Record<string, { columnName?: string }>;
  };
  return Object.fromEntries(
    Object.entries(meta.attributes).map(([name, attribute]) => [name, attribute.columnName ?? name])
  );
}

/** The indexes the hot queries need; Strapi's schema sync does not know them, so every boot checks. */
export async function ensureItemIndexes(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  await knex.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${UNIQUE_INDEX} ON ${TABLE.driveItem} (drive_id, remote_id)`
  );
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${PARENT_INDEX} ON ${TABLE.driveItem} (drive_id, parent_remote_id)`
  );
  // A page of a folder's children, in any of its sort orders (see services/item-listing.ts).
  for (const index of CHILDREN_INDEXES) await knex.raw(index.sql);
}

export function createItemStore(strapi: Core.Strapi) {
  const columns = columnMap(strapi);
  /** Columns of a row in insert order, resolved once: the hot path maps many thousand rows. */
  const toColumns = (row: Record<string, unknown>, stamps: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...stamps };
    for (const key in row) out[columns[key] ?? key] = row[key];
    return out;
  };

  return {
    /** Which of these remote ids the drive already has. */
    async existing(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      const found = new Set<string>();
      for (let i = 0; i < remoteIds.length; i += LOOKUP_BATCH_SIZE) {
        const rows = await trx(TABLE.driveItem)
          .select('remote_id')
          .where('drive_id', driveId)
          .whereIn('remote_id', remoteIds.slice(i, i + LOOKUP_BATCH_SIZE));
        for (const row of rows) found.add(row.remote_id);
      }
      return found;
    },

    async upsert(trx: Knex.Transaction, rows: Array<Record<string, unknown>>) {
      if (!rows.length) return;
      const now = new Date();
      if (isBetterSqlite(trx)) {
        await upsertPrepared(trx, columns, rows, now);
        return;
      }
      const stamps = { created_at: now, updated_at: now, published_at: now };
      for (let i = 0; i < rows.length; i += UPSERT_BATCH_SIZE) {
        const batch = rows
          .slice(i, i + UPSERT_BATCH_SIZE)
          .map((row) => toColumns(row, { document_id: newDocumentId(), ...stamps }));
        await trx(TABLE.driveItem)
          .insert(batch)
          .onConflict(CONFLICT_TARGET)
          .merge(mergedColumns(batch[0]));
      }
    },

    async markDeleted(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      for (let i = 0; i < remoteIds.length; i += MARK_BATCH_SIZE) {
        await trx(TABLE.driveItem)
          .where('drive_id', driveId)
          .whereIn('remote_id', remoteIds.slice(i, i + MARK_BATCH_SIZE))
          .update({ deleted: true, updated_at: new Date() });
      }
    },

    /**
     * At the end of a round: remove deleted items, then anything left without a parent (the
     * content of a removed folder), level by level. Returns how many rows went.
     */
    async sweep(trx: Knex.Transaction, driveId: number) {
      let removed = await trx(TABLE.driveItem).where({ drive_id: driveId, deleted: true }).del();
      for (;;) {
        const orphans = await trx(TABLE.driveItem)
          .where('drive_id', driveId)
          .whereNotNull('parent_remote_id')
          .whereNotExists(
            trx(`${TABLE.driveItem} as parent`)
              .select(trx.raw('1'))
              .where('parent.drive_id', driveId)
              .whereRaw(`parent.remote_id = ${TABLE.driveItem}.parent_remote_id`)
          )
          .del();
        if (!orphans) return removed;
        removed += orphans;
      }
    },

    /** After a fresh enumeration (410 resync): items it did not see are gone. */
    async removeUnseen(trx: Knex.Transaction, driveId: number, enumeration: number) {
      return trx(TABLE.driveItem)
        .where('drive_id', driveId)
        .where((query) => query.whereNull('seen_in_run').orWhereNot('seen_in_run', enumeration))
        .del();
    },

    async count(driveId: number) {
      const [{ count }] = await strapi.db
        .connection(TABLE.driveItem)
        .where({ drive_id: driveId, deleted: false })
        .count({ count: '*' });
      return Number(count);
    },
  };
}

export type ItemStore = ReturnType<typeof createItemStore>;
