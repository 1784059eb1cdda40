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

/** Every statement the database was sent while `work` ran (on any connection of this knex). */
export async function statementsDuring<T>(
  knex: Knex,
  work: () => Promise<T>
): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const record = ({ sql }: { sql: string }) => statements.push(sql);
  knex.on('query', record);
  try {
    return { result: await work(), statements };
  } finally {
    knex.off('query', record);
  }
}

/**
 * How many DROP INDEX statements the database was sent while `work` ran (on any connection of
 * this knex, transactions included): whether a write took the way that rebuilds the indexes.
 */
export async function indexDropsDuring<T>(
  knex: Knex,
  work: () => Promise<T>
): Promise<{ result: T; drops: number }> {
  const { result, statements } = await statementsDuring(knex, work);
  return { result, drops: statements.filter((sql) => /^\s*drop index/i.test(sql)).length };
}
