/**
 * Whether a knex connection is Strapi's SQLite driver, better-sqlite3: the item store's SQLite
 * ways (prepared statements on its one in-process connection, rebuilt indexes, the stage emptied
 * by a drop) hang on it.
 */
import type { Knex } from 'knex';

export const isBetterSqlite = (knex: Knex) =>
  (knex.client as { driverName?: string }).driverName === 'better-sqlite3';
