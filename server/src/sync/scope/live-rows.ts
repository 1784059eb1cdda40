/**
 * What a drive limited to one folder already holds, as its changes are filtered: the stored rows
 * are exactly the items inside the folder, so "is stored and live" is "was inside". Read outside the
 * page's transaction: one run per drive at a time writes its rows (the drive's lease), so nothing
 * changes them between this read and the page's write.
 */
import type { Knex } from 'knex';
import { TABLE } from '../../constants';

const BATCH = 500;

/** Which of these remote ids the drive holds as live (not deleted) rows. */
export async function liveRemoteIds(
  knex: Knex,
  driveId: number,
  remoteIds: Iterable<string>
): Promise<Set<string>> {
  const all = [...new Set(remoteIds)];
  const found = new Set<string>();
  for (let i = 0; i < all.length; i += BATCH) {
    const rows = (await knex(TABLE.driveItem)
      .select('remote_id')
      .where({ drive_id: driveId, deleted: false })
      .whereIn('remote_id', all.slice(i, i + BATCH))) as Array<{ remote_id: string }>;
    for (const row of rows) found.add(row.remote_id);
  }
  return found;
}
