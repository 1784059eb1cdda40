/**
 * The list-fields table: the values of a library's kept columns, one row per list item, keyed on
 * (drive_id, list_item_id). A table of its own rather than a column of the item row because the
 * list feed and the drive feed come apart: a list item may arrive before or after its file, a full
 * drive enumeration rewrites item rows through its stage, and each feed keeps its own cursor.
 * Files find their values through the item row's `list_item_id` (from `sharepointIds`).
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { LibraryColumnValues } from '../../../../shared/contracts/library-columns';
import { TABLE } from '../../constants';

const UNIQUE_INDEX = 'external_drives_list_fields_item_uq';
/** Ids per `IN (...)` list: under SQLite's oldest limit of 999 bound parameters. */
const ID_BATCH = 500;

/** Strapi's schema sync does not know the unique key the upserts need: every boot checks it. */
export async function ensureListFieldIndexes(strapi: Core.Strapi) {
  await strapi.db.connection.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${UNIQUE_INDEX} ON ${TABLE.listFields} (drive_id, list_item_id)`
  );
}

const batches = <T>(values: T[]) => {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += ID_BATCH) out.push(values.slice(i, i + ID_BATCH));
  return out;
};

const parsed = (value: unknown): LibraryColumnValues =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? {})) as LibraryColumnValues;

export async function upsertListFields(
  trx: Knex.Transaction,
  driveId: number,
  rows: Array<{ listItemId: string; fields: LibraryColumnValues }>
) {
  const now = new Date();
  for (const batch of batches(rows)) {
    await trx(TABLE.listFields)
      .insert(
        batch.map((row) => ({
          document_id: randomUUID().replace(/-/g, '').slice(0, 24),
          drive_id: driveId,
          list_item_id: row.listItemId,
          fields: JSON.stringify(row.fields),
          created_at: now,
          updated_at: now,
          published_at: now,
        }))
      )
      .onConflict(['drive_id', 'list_item_id'])
      .merge(['fields', 'updated_at']);
  }
}

export async function removeListFields(trx: Knex.Transaction, driveId: number, ids: string[]) {
  for (const batch of batches(ids)) {
    await trx(TABLE.listFields).where('drive_id', driveId).whereIn('list_item_id', batch).del();
  }
}

/** Every row of the drive (a fresh enumeration of the list starts from none; a drive removed). */
export async function clearListFields(trx: Knex | Knex.Transaction, driveId: number) {
  await trx(TABLE.listFields).where('drive_id', driveId).del();
}

/** The stored values of these list items of a drive, by list item id. */
export async function listFieldsOf(
  strapi: Core.Strapi,
  driveId: number,
  listItemIds: string[]
): Promise<Map<string, LibraryColumnValues>> {
  const values = new Map<string, LibraryColumnValues>();
  for (const batch of batches([...new Set(listItemIds)])) {
    const rows = (await strapi.db
      .connection(TABLE.listFields)
      .where('drive_id', driveId)
      .whereIn('list_item_id', batch)
      .select('list_item_id', 'fields')) as Array<{ list_item_id: string; fields: unknown }>;
    for (const row of rows) values.set(row.list_item_id, parsed(row.fields));
  }
  return values;
}
