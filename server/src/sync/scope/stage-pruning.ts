/**
 * The end of a full enumeration of a drive limited to one folder. Enumeration pages are staged
 * whole (parents are not promised to come before their children, so what is inside cannot be
 * decided page by page); once the round is complete, the stage holds the whole library and keeps
 * only the folder's subtree, found by following parent ids down from the folder in one recursive
 * query. The folder becomes the drive's root row. Runs in the transaction of the round's last
 * page, just before the stage is merged into the item table.
 */
import type { Knex } from 'knex';
import { TABLE } from '../../constants';
import { folderDeleted } from './folder-deleted';

export async function keepFolderInStage(
  trx: Knex.Transaction,
  driveId: number,
  enumeration: number,
  folderItemId: string
): Promise<void> {
  const round = { drive_id: driveId, seen_in_run: enumeration };
  // Only each item's latest state counts (as the merge reads it): earlier ones would mislead the
  // walk down the tree (an item seen inside, then moved out).
  await trx(TABLE.itemStage)
    .where(round)
    .whereNotIn('id', trx(TABLE.itemStage).max('id').where(round).groupBy('remote_id'))
    .del();

  const folder = await trx(TABLE.itemStage)
    .where({ ...round, remote_id: folderItemId, deleted: false })
    .first('id');
  // A complete enumeration that does not list the folder: it no longer exists.
  if (!folder) throw folderDeleted();

  await trx.raw(
    `delete from ?? where drive_id = ? and seen_in_run = ? and deleted = ? and remote_id not in (
       with recursive inside(remote_id) as (
         select folder.remote_id from ?? as folder
           where folder.drive_id = ? and folder.seen_in_run = ? and folder.remote_id = ?
         union
         select staged.remote_id from ?? as staged
           join inside on staged.parent_remote_id = inside.remote_id
           where staged.drive_id = ? and staged.seen_in_run = ? and staged.deleted = ?
       )
       select remote_id from inside
     )`,
    [
      TABLE.itemStage,
      driveId,
      enumeration,
      false,
      // The anchor is the folder's own staged row, not a bare parameter: PostgreSQL types a
      // parameter as text, and a recursive query's two terms must have the same column type.
      TABLE.itemStage,
      driveId,
      enumeration,
      folderItemId,
      TABLE.itemStage,
      driveId,
      enumeration,
      false,
    ]
  );
  await trx(TABLE.itemStage)
    .where({ ...round, remote_id: folderItemId })
    .update({ is_root: true, parent_remote_id: null });
}
