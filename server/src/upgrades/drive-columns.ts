/**
 * The drive table's two misleading columns, renamed and retyped in place (earlier releases stored
 * the cursor as `delta_link` and the account id as a string).
 */
import type { Knex } from 'knex';
import { PLUGIN_ID, TABLE } from '../constants';
import { irreversible, type Upgrade } from './upgrade';

/**
 * `delta_link` held the sync cursor (JSON: the link to fetch next and the round's state), not a
 * delta link: it is `sync_cursor` now, values untouched, so every drive resumes where it stood.
 */
export const driveSyncCursor: Upgrade = {
  name: `${PLUGIN_ID}::01-drive-sync-cursor`,
  async up(trx: Knex.Transaction) {
    const has = (column: string) => trx.schema.hasColumn(TABLE.drive, column);
    if (!(await trx.schema.hasTable(TABLE.drive))) return;
    if (!(await has('delta_link')) || (await has('sync_cursor'))) return;
    await trx.schema.alterTable(TABLE.drive, (table) => {
      table.renameColumn('delta_link', 'sync_cursor');
    });
  },
  down: irreversible,
};

/**
 * `account_id` names a row of the account table, whose ids are integers: it was a string column
 * holding the id's digits. Converted in place (PostgreSQL: `USING account_id::integer`; SQLite:
 * the table is rebuilt with the integer column, its values converted by column affinity). Strapi's
 * schema diff would also alter the column's type on its own; converting here makes it a stated,
 * recorded step rather than a side effect of the diff.
 */
export const driveAccountIdInteger: Upgrade = {
  name: `${PLUGIN_ID}::02-drive-account-id-integer`,
  async up(trx: Knex.Transaction) {
    if (!(await trx.schema.hasTable(TABLE.drive))) return;
    if (!(await trx.schema.hasColumn(TABLE.drive, 'account_id'))) return;
    const { type } = await trx(TABLE.drive).columnInfo('account_id');
    if (/int/i.test(type)) return;
    // Never written by the plugin, but the one value no cast accepts.
    await trx(TABLE.drive).where('account_id', '').update({ account_id: null });
    await trx.schema.alterTable(TABLE.drive, (table) => {
      table.integer('account_id').alter();
    });
  },
  down: irreversible,
};
