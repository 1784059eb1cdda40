/**
 * The floor an initial sync is compared with: the same delta pages the plugin asks for, fetched
 * with plain undici and written with one prepared better-sqlite3 statement per item and one
 * transaction per page, into a table with the plugin's own schema, timed until the plugin's final
 * indexed state exists. No plugin code on this path. Three plain ways reach that state, and the
 * fastest is the floor, so it is the best plain code does, not one chosen strategy:
 * - pipelined, indexes first: the next page's request in flight while the current page is inserted
 *   (as the plugin does) into the indexed table;
 * - pipelined, indexes after: the same into the bare table, the indexes built after the last page;
 * - serial, indexes after: fetch a page, then insert it; the indexes built at the end.
 * Each runs with the page cache the plugin gives its one bulk write (MERGE_PAGE_CACHE_KIB).
 *
 * The figure of earlier releases (serial, into the bare table, no indexes ever built) is measured
 * too, as `serialBaselineItemsPerSec`: it skips the index build, about a quarter of the work at
 * 100,000 items, so it is reported beside the floor, not as one of its ways.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fetch } from 'undici';
import type { EmulatorInfo } from '../../emulator/src';
import { MERGE_PAGE_CACHE_KIB } from '../../server/src/items/store';
import { DRIVE_ITEM_SELECT } from '../../server/src/sync/item-mapper';
import { directGraph, type DirectGraph } from './direct-graph';

/** The first delta link of a drive, as the plugin asks for it: the same $select, Graph's largest page. */
export const firstDeltaLink = (info: EmulatorInfo, driveId: string) =>
  `${info.graphUrl}/drives/${driveId}/root/delta?$top=1000&$select=${DRIVE_ITEM_SELECT}`;

/** The plugin's item table as SQLite holds it: its CREATE TABLE and CREATE INDEX statements. */
export interface ItemTableSchema {
  /** The tables its foreign keys name (Strapi's admin users), created empty beside it. */
  referenced: string[];
  table: string;
  indexes: string[];
}

/** Tables named by a CREATE TABLE's foreign keys, each once. */
export const referencedTables = (createTable: string) => [
  ...new Set([...createTable.matchAll(/REFERENCES [`"]?(\w+)[`"]?/gi)].map((match) => match[1])),
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GraphItem = Record<string, any>;
export interface DeltaPage {
  value: GraphItem[];
  '@odata.nextLink'?: string;
}

/**
 * The columns the plugin writes for an item (server/src/sync/item-mapper.ts, and the stamps of
 * items/store.ts), bound as it binds them: stamps as epoch milliseconds, Graph's dates as text.
 */
export const ITEM_COLUMNS = [
  'document_id',
  'created_at',
  'updated_at',
  'published_at',
  'drive_id',
  'remote_id',
  'parent_remote_id',
  'name',
  'is_folder',
  'is_root',
  'size',
  'mime_type',
  'e_tag',
  'c_tag',
  'quick_xor_hash',
  'web_url',
  'child_count',
  'remote_created_at',
  'remote_modified_at',
  'created_by_name',
  'created_by_email',
  'modified_by_name',
  'modified_by_email',
  'deleted',
] as const;

/** `now`: the stamps, as epoch milliseconds (SQLite) or ISO text (PostgreSQL's floor). */
export function itemValues(item: GraphItem, sequence: number, now: number | string) {
  return [
    `floor${sequence.toString(36).padStart(19, '0')}`,
    now,
    now,
    now,
    1,
    item.id,
    item.parentReference?.id ?? null,
    item.name ?? null,
    item.folder ? 1 : 0,
    item.root ? 1 : 0,
    item.size ?? null,
    item.file?.mimeType ?? null,
    item.eTag ?? null,
    item.cTag ?? null,
    item.file?.hashes?.quickXorHash ?? null,
    item.webUrl ?? null,
    item.folder?.childCount ?? null,
    item.createdDateTime ?? null,
    item.lastModifiedDateTime ?? null,
    item.createdBy?.user?.displayName ?? item.createdBy?.application?.displayName ?? null,
    item.createdBy?.user?.email ?? null,
    item.lastModifiedBy?.user?.displayName ?? item.lastModifiedBy?.application?.displayName ?? null,
    item.lastModifiedBy?.user?.email ?? null,
    0,
  ];
}

export async function fetchPage(
  graph: DirectGraph,
  token: string,
  link: string
): Promise<DeltaPage> {
  const response = await fetch(link, {
    headers: { authorization: `Bearer ${token}` },
    dispatcher: graph.dispatcher,
  });
  if (!response.ok) throw new Error(`delta page answered ${response.status}`);
  return (await response.json()) as DeltaPage;
}

/**
 * A scratch SQLite database opened as Strapi opens its own (better-sqlite3's defaults), with the
 * page cache the plugin's merge runs with: the floor may use whatever the plugin uses.
 */
function scratchDatabase<T>(work: (db: Database.Database) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-floor-'));
  const db = new Database(path.join(folder, 'floor.db'));
  db.pragma(`cache_size = -${MERGE_PAGE_CACHE_KIB}`);
  return work(db).finally(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });
}

/**
 * One plain way through the drive's delta pages into the item table, in items per second:
 * - `pipelined`: the next page's request is in flight while the current one is inserted (as the
 *   plugin does); otherwise each page is fetched, then inserted;
 * - `indexes`: built before the first insert, after the last, or never (the serial figure of
 *   earlier releases, which stops at the bare table).
 */
export interface PlainWay {
  pipelined: boolean;
  indexes: 'first' | 'after' | 'never';
}

export async function plainSync(
  info: EmulatorInfo,
  driveId: string,
  schema: ItemTableSchema,
  way: PlainWay
) {
  const graph = directGraph(info);
  const token = await graph.token();
  const fetchLink = (link: string) => fetchPage(graph, token, link);
  try {
    return await scratchDatabase(async (db) => {
      const buildIndexes = () => schema.indexes.forEach((index) => db.exec(index));
      for (const table of [...schema.referenced, schema.table]) db.exec(table);
      if (way.indexes === 'first') buildIndexes();
      const insert = db.prepare(insertSql(schema));
      const insertPage = db.transaction((page: DeltaPage, first: number, now: number) => {
        let sequence = first;
        for (const item of page.value) insert.run(itemValues(item, sequence++, now));
      });
      let count = 0;
      const started = performance.now();
      let next: Promise<DeltaPage> | undefined = fetchLink(firstDeltaLink(info, driveId));
      while (next) {
        const page: DeltaPage = await next;
        const link = page['@odata.nextLink'];
        // Pipelined, the next request leaves before this page is written; serial, after.
        next = way.pipelined && link ? fetchLink(link) : undefined;
        // The insert below is synchronous: without a turn of the event loop first, fetch() has
        // not yet written the request when it starts, and the next page would be asked for only
        // once this one is inserted (as the serial way does). One turn puts it on the wire, as
        // the plugin's writes yield every few hundred rows for the same reason (items/store.ts).
        if (next) await new Promise<void>((resolve) => setImmediate(resolve));
        insertPage(page, count, Date.now());
        count += page.value.length;
        if (!way.pipelined && link) next = fetchLink(link);
      }
      if (way.indexes === 'after') buildIndexes();
      return count / ((performance.now() - started) / 1000);
    });
  } finally {
    await graph.close();
  }
}

/** The floor of an initial sync (items per second): the fastest of the three plain ways. */
export async function initialSyncFloor(
  info: EmulatorInfo,
  driveId: string,
  schema: ItemTableSchema
) {
  const ways = {
    indexesFirst: await plainSync(info, driveId, schema, { pipelined: true, indexes: 'first' }),
    indexesAfter: await plainSync(info, driveId, schema, { pipelined: true, indexes: 'after' }),
    serial: await plainSync(info, driveId, schema, { pipelined: false, indexes: 'after' }),
  };
  return { itemsPerSec: Math.max(...Object.values(ways)), ways };
}

function insertSql(schema: ItemTableSchema) {
  const table = /CREATE TABLE [`"]?(\w+)[`"]?/i.exec(schema.table)?.[1];
  if (!table) throw new Error(`not a CREATE TABLE statement: ${schema.table}`);
  return `INSERT INTO ${table} (${ITEM_COLUMNS.join(', ')}) VALUES (${ITEM_COLUMNS.map(() => '?').join(', ')})`;
}

/**
 * The item table and its indexes as the plugin's SQLite database holds them after its sync
 * (`rows`: `SELECT type, sql FROM sqlite_master WHERE tbl_name = <the item table>`), with the
 * CREATE TABLE statements of the tables its foreign keys name.
 */
export function itemTableSchema(
  rows: Array<{ type: string; sql: string | null }>,
  referenced: string[]
): ItemTableSchema {
  const created = rows.find((row) => row.type === 'table' && row.sql);
  if (!created?.sql) throw new Error("the plugin's item table is not in sqlite_master");
  return {
    referenced,
    table: created.sql,
    indexes: rows.flatMap((row) => (row.type === 'index' && row.sql ? [row.sql] : [])),
  };
}
