/**
 * Bulk writes of drive items with knex, in the caller's transaction: one upsert per batch keyed on
 * the unique (drive_id, remote_id) index, never one document-service call per item.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID } from '../constants';

const BATCH_SIZE = 200;

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
}

export function createItemStore(strapi: Core.Strapi) {
  const columns = columnMap(strapi);
  const toColumns = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [columns[key] ?? key, value]));

  return {
    /** Which of these remote ids the drive already has. */
    async existing(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      const found = new Set<string>();
      for (let i = 0; i < remoteIds.length; i += BATCH_SIZE) {
        const rows = await trx(TABLE.driveItem)
          .select('remote_id')
          .where('drive_id', driveId)
          .whereIn('remote_id', remoteIds.slice(i, i + BATCH_SIZE));
        for (const row of rows) found.add(row.remote_id);
      }
      return found;
    },

    async upsert(trx: Knex.Transaction, rows: Array<Record<string, unknown>>) {
      const now = new Date();
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        const batch = rows.slice(i, i + BATCH_SIZE).map((row) => ({
          ...toColumns(row),
          document_id: randomUUID().replace(/-/g, '').slice(0, 24),
          created_at: now,
          updated_at: now,
          published_at: now,
        }));
        // On conflict only the synced fields change: the row keeps its id and document id.
        const merge = Object.keys(batch[0]).filter(
          (column) => !['document_id', 'created_at', 'published_at'].includes(column)
        );
        await trx(TABLE.driveItem).insert(batch).onConflict(['drive_id', 'remote_id']).merge(merge);
      }
    },

    async markDeleted(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      for (let i = 0; i < remoteIds.length; i += BATCH_SIZE) {
        await trx(TABLE.driveItem)
          .where('drive_id', driveId)
          .whereIn('remote_id', remoteIds.slice(i, i + BATCH_SIZE))
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
