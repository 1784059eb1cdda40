/** A table's indexes, on SQLite or PostgreSQL: what the tests check is there. */
import type { Knex } from 'knex';

const isSqlite = (knex: Knex) =>
  ['sqlite', 'better-sqlite3'].includes(knex.client.config.client as string);

/** Each index of the table with its definition as the database keeps it, by name. */
export async function indexDefinitionsOf(
  knex: Knex,
  table: string
): Promise<Array<{ name: string; sql: string | null }>> {
  const rows = isSqlite(knex)
    ? ((await knex.raw(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name`,
        [table]
      )) as Array<{ name: string; sql: string | null }>)
    : (
        (await knex.raw(
          `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = ? ORDER BY indexname`,
          [table]
        )) as { rows: Array<{ name: string; sql: string | null }> }
      ).rows;
  return rows;
}

export async function indexNamesOf(knex: Knex, table: string): Promise<string[]> {
  return (await indexDefinitionsOf(knex, table)).map((row) => row.name);
}

/**
 * What changes when a table's indexes are dropped and built again, and only then: SQLite's schema
 * version (it counts every change to the schema), or the ids PostgreSQL gave the table's indexes
 * (a rebuilt index is a new relation under the same name).
 */
export async function indexGenerationOf(knex: Knex, table: string): Promise<string> {
  if (isSqlite(knex)) {
    const [{ schema_version: version }] = (await knex.raw('PRAGMA schema_version')) as Array<{
      schema_version: number;
    }>;
    return String(version);
  }
  const { rows } = (await knex.raw(
    `SELECT string_agg(indexrelid::text, ',' ORDER BY indexrelid) AS ids FROM pg_index WHERE indrelid = ?::regclass`,
    [table]
  )) as { rows: Array<{ ids: string }> };
  return rows[0].ids;
}
