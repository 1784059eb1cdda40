/**
 * Upgrades of the plugin's stored data from one release to the next.
 *
 * Strapi 5 derives every table from the content-type schemas: at boot its schema sync adds a
 * renamed attribute as a new, empty column and drops the old one with its data, and a plugin has
 * no migration folder of its own (`database/migrations` belongs to the host app). What Strapi does
 * give plugins is its internal migration provider, which Strapi's own admin plugin feeds from its
 * `register` the same way: a migration registered there runs once per database, in a transaction,
 * inside `strapi.db.schema.sync()` and before the schema is diffed, so a column renamed by a
 * migration is found by the sync under its new name, data included. Strapi records each by name
 * in `strapi_migrations_internal`. Every upgrade also looks before it changes anything, so a fresh
 * database (where it runs before the tables exist) records it without work.
 *
 * Names are permanent: a released upgrade is never renamed or edited, only followed by new ones.
 */
import type { Core } from '@strapi/strapi';
import { driveAccountIdInteger, driveSyncCursor } from './drive-columns';
import { rejectDiscouragedCharactersSetting } from './setting-names';
import type { Upgrade } from './upgrade';

/** In the order they run. */
export const UPGRADES: Upgrade[] = [
  driveSyncCursor,
  driveAccountIdInteger,
  rejectDiscouragedCharactersSetting,
];

/** Called from the plugin's `register`: before bootstrap, where Strapi runs them and syncs. */
export function registerUpgrades(strapi: Core.Strapi) {
  for (const upgrade of UPGRADES) strapi.db.migrations.providers.internal.register(upgrade);
}
