/** The names of a table's indexes, on SQLite or PostgreSQL: what the tests check is there. */
import type { Knex } from 'knex';

export async function indexNamesOf(knex: Knex, table: string): Promise<string[]> {
  const client = knex.client.config.client as string;
  const rows =
    client === 'sqlite' || client === 'better-sqlite3'
      ? ((await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [
          table,
        ])) as Array<{ name: string }>)
      : (
          (await knex.raw(`SELECT indexname AS name FROM pg_indexes WHERE tablename = ?`, [
            table,
          ])) as { rows: Array<{ name: string }> }
        ).rows;
  return rows.map((row) => row.name);
}
