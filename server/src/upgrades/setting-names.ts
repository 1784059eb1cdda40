/**
 * Settings stored under a name the plugin no longer reads, moved to the one name it does (the
 * integration record lives in Strapi's core store, as the `settings` service writes it).
 */
import type { Knex } from 'knex';
import { PLUGIN_ID } from '../constants';
import { irreversible, type Upgrade } from './upgrade';

const CORE_STORE = 'strapi_core_store_settings';
/** `strapi.store({ type: 'plugin', name: PLUGIN_ID })`'s key `integration`, as stored. */
const INTEGRATION_KEY = `plugin_${PLUGIN_ID}_integration`;

/**
 * The `#` `%` `&` switch was stored as `restrictSpecialCharacters` while the file rules called it
 * `rejectDiscouragedCharacters`: one name now, the stored choice kept.
 */
export const rejectDiscouragedCharactersSetting: Upgrade = {
  name: `${PLUGIN_ID}::03-setting-reject-discouraged-characters`,
  async up(trx: Knex.Transaction) {
    if (!(await trx.schema.hasTable(CORE_STORE))) return;
    const rows = (await trx(CORE_STORE)
      .where('key', INTEGRATION_KEY)
      .select('id', 'value')) as Array<{ id: number; value: string | null }>;
    for (const row of rows) {
      const stored = JSON.parse(row.value ?? 'null') as Record<string, unknown> | null;
      if (!stored || !('restrictSpecialCharacters' in stored)) continue;
      const { restrictSpecialCharacters, ...rest } = stored;
      const value = { rejectDiscouragedCharacters: restrictSpecialCharacters, ...rest };
      await trx(CORE_STORE)
        .where('id', row.id)
        .update({ value: JSON.stringify(value) });
    }
  },
  down: irreversible,
};
