/**
 * The floor an initial sync on PostgreSQL is compared with: the same delta pages the plugin asks
 * for, fetched with plain undici, the next request in flight while the current page is written,
 * each page in one statement through node-postgres (no knex, no plugin code), into a fresh
 * database holding the plugin's item table as its catalog describes it (columns, keys, foreign
 * keys, indexes), timed until that indexed table exists. The bulk paths PostgreSQL offers Node
 * with the drivers the project has, each measured, the fastest being the floor:
 * - `values`: one multi-row `INSERT ... VALUES` per page (24 parameters per item: under the
 *   protocol's 65,535 at Graph's largest page of 1,000);
 * - `json`: the page as one JSON parameter, read by `json_populate_recordset` as rows of the table;
 * - `jsonb`: the same through `jsonb_populate_recordset`;
 * each into the bare table with the indexes built after the last page, and `jsonIndexesFirst`, the
 * JSON way into the indexed table. COPY would need pg-copy-streams, which the project does not have.
 *
 * The serial figure beside it (`serialBaselineItemsPerSec`), as the issue describes the baseline
 * of earlier releases: each page fetched, then written (multi-row VALUES), into the bare table, no
 * index ever built.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import type { EmulatorInfo } from '../../emulator/src';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { directGraph } from './direct-graph';
import { fetchPage, firstDeltaLink, ITEM_COLUMNS, itemValues, type DeltaPage } from './sync-floor';

/** The plugin's item table as PostgreSQL's catalog describes it, as statements to replay. */
export interface PostgresItemSchema {
  table: string;
  /** Sequences its column defaults draw from. */
  sequences: string[];
  /** Tables its foreign keys name (Strapi's admin users): their columns and primary key only. */
  referenced: string[];
  /** The item table with its primary and foreign keys. */
  create: string;
  indexes: string[];
}

interface ColumnRow {
  name: string;
  type: string;
  not_null: boolean;
  default_value: string | null;
}
interface ConstraintRow {
  name: string;
  type: string;
  definition: string;
  referenced: string | null;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function rowsOf<T>(knex: Knex, sql: string, bindings: string[]): Promise<T[]> {
  return ((await knex.raw(sql, bindings)) as { rows: T[] }).rows;
}

/** CREATE TABLE for a table of the plugin's database: its columns, and which constraints. */
async function createTableOf(knex: Knex, table: string, withForeignKeys: boolean) {
  const columns = await rowsOf<ColumnRow>(
    knex,
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_value
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [table]
  );
  const constraints = await rowsOf<ConstraintRow>(
    knex,
    `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS definition,
            CASE WHEN contype = 'f' THEN confrelid::regclass::text END AS referenced
       FROM pg_constraint WHERE conrelid = ?::regclass ORDER BY conname`,
    [table]
  );
  const kept = constraints.filter((c) => c.type !== 'f' || withForeignKeys);
  const lines = [
    ...columns.map(
      (c) =>
        `${quoted(c.name)} ${c.type}${c.not_null ? ' NOT NULL' : ''}` +
        (c.default_value ? ` DEFAULT ${c.default_value}` : '')
    ),
    ...kept.map((c) => `CONSTRAINT ${quoted(c.name)} ${c.definition}`),
  ];
  return {
    create: `CREATE TABLE ${quoted(table)} (${lines.join(', ')})`,
    sequences: columns.flatMap((c) => /nextval\('([^']+)'/.exec(c.default_value ?? '')?.[1] ?? []),
    constraintNames: new Set(constraints.map((c) => c.name)),
    referenced: [
      ...new Set(
        kept.flatMap((c) => (c.referenced && c.referenced !== table ? [c.referenced] : []))
      ),
    ],
  };
}

/** Read from the plugin's database after its sync, so the floor writes into the same table. */
export async function postgresItemSchema(knex: Knex, table: string): Promise<PostgresItemSchema> {
  const item = await createTableOf(knex, table, true);
  const referenced = await Promise.all(
    item.referenced.map((name) => createTableOf(knex, name, false))
  );
  const indexes = await rowsOf<{ name: string; definition: string }>(
    knex,
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = ? ORDER BY indexname`,
    [table]
  );
  return {
    table,
    sequences: [...new Set([item, ...referenced].flatMap((t) => t.sequences))],
    referenced: referenced.map((t) => t.create),
    create: item.create,
    // The primary key's index comes with its constraint.
    indexes: indexes.filter((i) => !item.constraintNames.has(i.name)).map((i) => i.definition),
  };
}

/** How a page is written: multi-row VALUES, or one JSON parameter read as rows of the table. */
export type PageWrite = 'values' | 'json' | 'jsonb';

/** One plain way: how pages are written, whether pipelined, when the indexes are built. */
export interface PostgresWay {
  write: PageWrite;
  pipelined: boolean;
  indexes: 'first' | 'after' | 'never';
}

const insertInto = (schema: PostgresItemSchema) =>
  `INSERT INTO ${quoted(schema.table)} (${ITEM_COLUMNS.map(quoted).join(', ')})`;

/** The statement and its parameters for one page, the way `way` writes it. */
function pageStatement(
  schema: PostgresItemSchema,
  write: PageWrite,
  page: DeltaPage,
  first: number,
  stamp: string
): { text: string; values: unknown[] } {
  const rows = page.value.map((item, i) => itemValues(item, first + i, stamp));
  if (write === 'values') {
    const width = ITEM_COLUMNS.length;
    const tuples = rows.map(
      (_, r) => `(${ITEM_COLUMNS.map((__, c) => `$${r * width + c + 1}`).join(', ')})`
    );
    return { text: `${insertInto(schema)} VALUES ${tuples.join(', ')}`, values: rows.flat() };
  }
  const records = rows.map((values) =>
    Object.fromEntries(ITEM_COLUMNS.map((column, c) => [column, values[c]]))
  );
  const json = write;
  return {
    text:
      `${insertInto(schema)} SELECT ${ITEM_COLUMNS.map(quoted).join(', ')} ` +
      `FROM ${json}_populate_recordset(NULL::${quoted(schema.table)}, $1::${json})`,
    values: [JSON.stringify(records)],
  };
}

/** A fresh database with the item table (and what it references), for one measured way. */
async function scratchPostgres<T>(
  schema: PostgresItemSchema,
  work: (client: Client) => Promise<T>
): Promise<T> {
  const database = await createTemporaryDatabase();
  const client = new Client({ connectionString: database.url });
  try {
    await client.connect();
    for (const sequence of schema.sequences) await client.query(`CREATE SEQUENCE ${sequence}`);
    for (const statement of [...schema.referenced, schema.create]) await client.query(statement);
    return await work(client);
  } finally {
    await client.end();
    await database.drop();
  }
}

async function walkPages(
  info: EmulatorInfo,
  driveId: string,
  pipelined: boolean,
  write: (page: DeltaPage, first: number) => Promise<void>
) {
  const graph = directGraph(info);
  const token = await graph.token();
  const fetchLink = (link: string) => fetchPage(graph, token, link);
  try {
    let count = 0;
    let next: Promise<DeltaPage> | undefined = fetchLink(firstDeltaLink(info, driveId));
    while (next) {
      const page: DeltaPage = await next;
      const link = page['@odata.nextLink'];
      // Pipelined, the next request leaves before this page is written; serial, after.
      next = pipelined && link ? fetchLink(link) : undefined;
      await write(page, count);
      count += page.value.length;
      if (!pipelined && link) next = fetchLink(link);
    }
    return count;
  } finally {
    await graph.close();
  }
}

/** One plain way through the drive's delta pages into the item table, in items per second. */
export function plainPostgresSync(
  info: EmulatorInfo,
  driveId: string,
  schema: PostgresItemSchema,
  way: PostgresWay
) {
  return scratchPostgres(schema, async (client) => {
    const buildIndexes = async () => {
      for (const index of schema.indexes) await client.query(index);
    };
    if (way.indexes === 'first') await buildIndexes();
    const started = performance.now();
    const count = await walkPages(info, driveId, way.pipelined, async (page, first) => {
      if (!page.value.length) return;
      const stamp = new Date().toISOString();
      await client.query(pageStatement(schema, way.write, page, first, stamp));
    });
    if (way.indexes === 'after') await buildIndexes();
    return count / ((performance.now() - started) / 1000);
  });
}

/** The figure of a plain serial sync: fetch, then write; the bare table, no index ever built. */
export const serialPostgresBaseline = (
  info: EmulatorInfo,
  driveId: string,
  schema: PostgresItemSchema
) =>
  plainPostgresSync(info, driveId, schema, { write: 'values', pipelined: false, indexes: 'never' });

/** The floor on PostgreSQL (items per second): the fastest of its ways, each reported. */
export async function postgresFloor(
  info: EmulatorInfo,
  driveId: string,
  schema: PostgresItemSchema
) {
  const way = (write: PageWrite, indexes: 'first' | 'after') =>
    plainPostgresSync(info, driveId, schema, { write, pipelined: true, indexes });
  const ways = {
    values: await way('values', 'after'),
    json: await way('json', 'after'),
    jsonb: await way('jsonb', 'after'),
    jsonIndexesFirst: await way('json', 'first'),
  };
  return { itemsPerSec: Math.max(...Object.values(ways)), ways };
}
