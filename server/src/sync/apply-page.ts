/**
 * Applies one delta page to the drive's rows and saves the cursor it leads to, in the caller's
 * transaction: either both are committed or neither, so a crash resumes from the last page kept.
 */
import type { Knex } from 'knex';
import { TABLE } from '../constants';
import { serializeCursor, type DeltaCursor } from './delta-cursor';
import type { DeltaPage } from './delta-source';
import type { ItemStore } from './item-store';
import { toItemRow, type DriveItemJson } from './item-mapper';

export interface PageOutcome {
  added: number;
  updated: number;
  deleted: number;
  /** Where the next fetch starts: saved on the drive row with this page. */
  cursor: DeltaCursor;
}

/** The latest state of each item: an item may appear more than once, even in one page. */
export const latestById = (items: DriveItemJson[]): DriveItemJson[] => {
  const byId = new Map<string, DriveItemJson>();
  for (const item of items) {
    // Deleting first moves the item to the end, so the map keeps feed order of latest states.
    byId.delete(item.id);
    byId.set(item.id, item);
  }
  return [...byId.values()];
};

export async function applyPage(
  trx: Knex.Transaction,
  store: ItemStore,
  driveId: number,
  page: DeltaPage,
  /** Set during a full enumeration: every row it sees is marked, the rest go at its end. */
  enumeration: number | undefined
): Promise<PageOutcome> {
  if (!page.nextLink && !page.deltaLink) {
    throw new Error('A delta page carried neither a nextLink nor a deltaLink');
  }
  const items = latestById(page.items);
  const live = items.filter((item) => !item.deleted);
  const gone = items.filter((item) => item.deleted).map((item) => item.id);

  const known = await store.existing(
    trx,
    driveId,
    live.map((item) => item.id)
  );
  const rows = live.map((item) => ({
    ...toItemRow(driveId, item),
    ...(enumeration !== undefined ? { seenInRun: enumeration } : {}),
  }));
  if (rows.length) await store.upsert(trx, rows);
  // Marked only: a deleted folder may still receive late children in this round; the sweep at
  // the deltaLink removes it once the round is complete (as Microsoft advises).
  if (gone.length) await store.markDeleted(trx, driveId, gone);

  let deleted = 0;
  if (page.deltaLink) {
    deleted += await store.sweep(trx, driveId);
    if (enumeration !== undefined) deleted += await store.removeUnseen(trx, driveId, enumeration);
  }

  const cursor: DeltaCursor = page.deltaLink
    ? { link: page.deltaLink }
    : { link: page.nextLink!, ...(enumeration !== undefined ? { enumeration } : {}) };
  await trx(TABLE.drive)
    .where('id', driveId)
    .update({ delta_link: serializeCursor(cursor) });

  const added = rows.filter((row) => !known.has(row.remoteId)).length;
  return { added, updated: rows.length - added, deleted, cursor };
}
