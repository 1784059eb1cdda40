/**
 * Bulk writes of drive items with knex, in the caller's transaction: one upsert per batch keyed on
 * the unique (drive_id, remote_id) index, never one document-service call per item. A full
 * enumeration writes its pages to the stage table instead (indexed by drive only), and merges them
 * into the item table in one statement when its round completes (see content-types/item-stage).
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID } from '../constants';
import driveItemSchema from '../content-types/drive-item/schema.json';
import { CHILDREN_INDEXES } from './listing';
import { isBetterSqlite } from './dialect';
import { recreateEmpty } from './emptied-table';
import { lockedForRebuild, withIndexesRebuiltAfter } from './rebuilt-indexes';

/**
 * Rows per upsert statement (PostgreSQL): ~25 columns x 500 rows stays well under its 65,535
 * parameters, and one round trip per 500 rows keeps the statement count low.
 */
const UPSERT_BATCH_SIZE = 500;
/** Ids per `IN (...)` list: under SQLite's oldest limit of 999 bound parameters. */
const ID_BATCH_SIZE = 500;
const KEPT_ON_UPDATE = new Set(['document_id', 'created_at', 'published_at']);

/**
 * Strapi's document ids are 24 lowercase alphanumerics; these start with the time so new rows land
 * at the end of the document index (random ones scatter every insert across it). Time and a
 * sequence keep one process's ids apart; a random tail keeps processes apart. The tail is drawn
 * afresh every RANDOM_TAIL_USES ids rather than per id: a UUID per row was 3% of a first sync.
 */
const RANDOM_TAIL_USES = 1000;
let documentSequence = 0;
let randomTail = '';
const newDocumentId = () => {
  if (documentSequence % RANDOM_TAIL_USES === 0) randomTail = randomBytes(6).toString('hex');
  return (
    Date.now().toString(36) +
    (documentSequence++ % 1679616).toString(36).padStart(4, '0') +
    randomTail
  ).slice(0, 24);
};

const CONFLICT_TARGET = ['drive_id', 'remote_id'];
/**
 * The upsert returns each row's document id: a row keeps its own on conflict, so getting back the
 * one just generated means the row is new. This counts added rows without asking first.
 */
const RETURNED = 'document_id';

/** On conflict only the synced fields change: the row keeps its id and document id. */
const mergedColumns = (row: Record<string, unknown>) =>
  Object.keys(row).filter((column) => !KEPT_ON_UPDATE.has(column));

/**
 * SQLite's page cache (KiB) while a full enumeration merges into the item table's indexes as they
 * are (not when they are dropped and rebuilt: see mergeStage). That one statement
 * writes an entry into each of the table's indexes per row, in no order any index keeps; with
 * better-sqlite3's 16 MB the index pages of a 100,000-item drive no longer fit and are read back
 * from the file again and again (the merge took 1.8 s; with 64 MB, 1.2 s). The previous size is
 * restored after the statement, so this memory is held only while a merge runs.
 */
export const MERGE_PAGE_CACHE_KIB = 65_536;

/** Runs `write` with SQLite's page cache at `kib` (a no-op elsewhere), then restores the size. */
async function withSqlitePageCache<T>(trx: Knex.Transaction, kib: number, write: () => Promise<T>) {
  if (!isBetterSqlite(trx)) return write();
  const [{ cache_size: previous }] = (await trx.raw('PRAGMA cache_size')) as Array<{
    cache_size: number;
  }>;
  await trx.raw(`PRAGMA cache_size = ${-kib}`);
  try {
    return await write();
  } finally {
    await trx.raw(`PRAGMA cache_size = ${Number(previous)}`);
  }
}

interface SqliteStatement {
  get(bindings: unknown[]): unknown;
  run(bindings: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement & { pluck(): SqliteStatement };
}

/** Where each bound value of the prepared upsert comes from. */
const Source = { documentId: 0, timestamp: 1, attribute: 2 } as const;
type Source = (typeof Source)[keyof typeof Source];

/**
 * `upsert`: into the item table, keyed on (drive_id, remote_id), returning the document id.
 * `insert`: a plain insert (the stage table, which has no key of ours).
 */
type WriteMode = 'upsert' | 'insert';

interface PreparedWrite {
  statement: SqliteStatement;
  sources: Source[];
  /** For `Source.attribute` bindings: the attribute's name; unused otherwise. */
  attributes: string[];
}

/** Per SQLite connection, table, mode and attribute set: the statement, prepared once. */
const preparedWrites = new WeakMap<SqliteConnection, Map<string, PreparedWrite>>();

/**
 * better-sqlite3 runs on the main thread, and a page's writes are one long chain of promises
 * that never lets the event loop turn: the next page's request (sent a few loop turns after it
 * is asked for) would leave only once the page is committed, and Graph would wait for us. Letting
 * the loop turn every few hundred rows puts it on the wire, and reads its answer, while we write.
 */
const YIELD_EVERY_ROWS = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Stamp columns: not synced attributes, filled at write time. */
const DOCUMENT_ID = 'document_id';
const TIMESTAMPS = new Set(['created_at', 'updated_at', 'published_at']);

function prepareWrite(
  trx: Knex.Transaction,
  connection: SqliteConnection,
  table: string,
  mode: WriteMode,
  columns: Record<string, string>,
  attributes: string[]
): PreparedWrite {
  // Each column's value names where it comes from, so knex's bindings give the column order.
  const template: Record<string, string> = { [DOCUMENT_ID]: DOCUMENT_ID };
  for (const stamp of TIMESTAMPS) template[stamp] = stamp;
  for (const attribute of attributes) template[columns[attribute] ?? attribute] = attribute;
  const insert = trx(table).insert(template);
  const { sql, bindings } = (
    mode === 'upsert'
      ? insert.onConflict(CONFLICT_TARGET).merge(mergedColumns(template)).returning(RETURNED)
      : insert
  ).toSQL();
  const statement = connection.prepare(sql);
  const names = bindings as string[];
  return {
    statement: mode === 'upsert' ? statement.pluck() : statement,
    sources: names.map((name) =>
      name === DOCUMENT_ID
        ? Source.documentId
        : TIMESTAMPS.has(name)
          ? Source.timestamp
          : Source.attribute
    ),
    attributes: names,
  };
}

/**
 * SQLite runs in-process, so a statement per row costs no round trip: the SQL is written by knex
 * once (dialect-correct), prepared once per connection, and run for each row inside the caller's
 * transaction. Compiling and preparing a fresh 500-row statement per batch cost more than the
 * writes themselves. Returns how many rows were new (an insert's rows all are).
 */
async function writePrepared(
  trx: Knex.Transaction,
  table: string,
  mode: WriteMode,
  columns: Record<string, string>,
  rows: Array<Record<string, unknown>>,
  now: Date
) {
  const connection = (await trx.client.acquireConnection()) as SqliteConnection;
  let cache = preparedWrites.get(connection);
  if (!cache) preparedWrites.set(connection, (cache = new Map()));
  const rowAttributes = Object.keys(rows[0]);
  const key = `${table} ${mode} ${rowAttributes.join(',')}`;
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = prepareWrite(trx, connection, table, mode, columns, rowAttributes);
    cache.set(key, prepared);
  }
  const { statement, sources, attributes } = prepared;
  const stamp = now.valueOf();
  const values = new Array<unknown>(sources.length);
  let added = 0;
  for (let r = 0; r < rows.length; r += 1) {
    if (r % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
    const row = rows[r];
    let documentId = '';
    for (let i = 0; i < sources.length; i += 1) {
      // As knex binds for better-sqlite3: dates as epoch milliseconds, booleans as 0/1.
      if (sources[i] === Source.attribute) {
        const value = row[attributes[i]];
        values[i] = typeof value === 'boolean' ? Number(value) : value;
      } else if (sources[i] === Source.timestamp) values[i] = stamp;
      else values[i] = documentId = newDocumentId();
    }
    if (mode === 'insert') statement.run(values);
    else if (statement.get(values) === documentId) added += 1;
  }
  return mode === 'insert' ? rows.length : added;
}

/** What a raw write answers: better-sqlite3's run() result, or pg's result. */
type WriteResult = { changes?: number; rowCount?: number | null };
/**
 * Rows an upsert wrote, inserted or updated: both databases count a row taken by ON CONFLICT DO
 * UPDATE as written (SQLite's changes(), PostgreSQL's row count), so the merge need not count the
 * staged rows again (a scan of the unindexed stage table).
 */
const rowsWritten = (result: WriteResult) => Number(result.changes ?? result.rowCount ?? 0);

export const UNIQUE_INDEX = 'external_drives_items_drive_remote_uq';
/**
 * An index of earlier versions, dropped: each children index (items/listing.ts) begins
 * with (drive_id, parent_remote_id), so lookups by parent use those, and every index less is one
 * write less per item synced.
 */
const REDUNDANT_PARENT_INDEX = 'external_drives_items_drive_parent_idx';
/**
 * (drive, deleted, name): the end of every round looks up the drive's deleted rows and counts its
 * live ones; through the other indexes both read every row of the drive (half a second per round
 * at 100,000 items), through this one the first reads only deleted rows and the second only index.
 * The name makes it cover drive-wide search too: a "name contains" test cannot seek in any index,
 * but it can read the drive's live names from this one instead of whole rows (about a tenth of the
 * time at 100,000 items; see items/listing.ts).
 */
export const DELETED_INDEX = 'external_drives_items_drive_deleted_name_idx';
/** The stage table's (drive) index: whether other drives have rows staged. */
export const STAGE_DRIVE_INDEX = 'external_drives_item_stage_drive_idx';
/**
 * Strapi's own indexes on the stage: every content type has one on its document id and one on each
 * of its two creator columns. Nothing reads the stage by them, and each cost a write per staged
 * row (staging 100,000 rows: 832 to 860 ms with them, 644 to 692 ms without), so every boot drops
 * them. Strapi builds them again only when the app's schema changes (its schema sync runs then,
 * not at every boot), and the boot that follows drops them again.
 */
const UNREAD_STAGE_INDEXES = ['documents_idx', 'created_by_id_fk', 'updated_by_id_fk'].map(
  (suffix) => `${TABLE.itemStage}_${suffix}`
);
/** The (drive, deleted) index of earlier versions, which the one above replaces. */
const NAMELESS_DELETED_INDEX = 'external_drives_items_drive_deleted_idx';

/** Attribute name -> column name, as Strapi's metadata says (snake_case). */
export function columnMap(strapi: Core.Strapi): Record<string, string> {
  const meta = strapi.db.metadata.get(UID.driveItem) as unknown as {
    attributes: Record<string, { columnName?: string }>;
  };
  return Object.fromEntries(
    Object.entries(meta.attributes).map(([name, attribute]) => [name, attribute.columnName ?? name])
  );
}

/**
 * The latest staged state of each item an enumeration listed (the highest stage id: an item may
 * be listed more than once), tombstones left out: what its merge writes into the item table.
 */
const latestStaged = (trx: Knex.Transaction, driveId: number, enumeration: number) =>
  trx(TABLE.itemStage)
    .whereIn(
      'id',
      trx(TABLE.itemStage)
        .max('id')
        .where({ drive_id: driveId, seen_in_run: enumeration })
        .groupBy('remote_id')
    )
    .where('deleted', false);

/**
 * Whether the stage holds rows, all of them the drive's: two seeks in the stage's drive index
 * (min and max).
 */
async function onlyDriveStaged(trx: Knex, driveId: number): Promise<boolean> {
  const [{ low }] = await trx(TABLE.itemStage).min({ low: 'drive_id' });
  if (low === null) return false;
  const [{ high }] = await trx(TABLE.itemStage).max({ high: 'drive_id' });
  return Number(low) === driveId && Number(high) === driveId;
}

/**
 * The drive's staged rows. When they are all the stage holds (`readWhole`, the usual case), SQLite
 * reads the table whole: with no statistics here it would go through the drive index, a seek per
 * row (a million-item merge: 3.0 to 4.3 s that way, 2.4 to 2.9 s scanning the table). When
 * another drive's enumeration has rows staged too, the index keeps a small drive's merge from
 * reading them.
 */
const stagedRowsOf = (
  trx: Knex.Transaction,
  driveId: number,
  enumeration: number,
  readWhole: boolean
) =>
  (readWhole ? trx.from(trx.raw('?? not indexed', [TABLE.itemStage])) : trx(TABLE.itemStage)).where(
    { drive_id: driveId, seen_in_run: enumeration }
  );

/**
 * Whether a first sync's insert runs faster with the item table's indexes dropped and rebuilt
 * after it (see rebuilt-indexes.ts): when it brings at least as many rows as the table holds,
 * sorting every row into fresh indexes costs less than inserting each new one into the existing
 * indexes. A small drive added beside large ones is inserted into them as they are.
 * On PostgreSQL dropping an index shuts every reader of the table out until the merge commits, so
 * only into a table that holds no row at all (nobody has anything to read in it yet), and only if
 * the table's lock is free at once (lockedForRebuild).
 */
async function indexesRebuiltAfterwards(
  trx: Knex.Transaction,
  driveId: number,
  enumeration: number
) {
  if (!isBetterSqlite(trx)) {
    const anyRow = await trx(TABLE.driveItem).first('id');
    return anyRow === undefined && lockedForRebuild(trx, TABLE.driveItem);
  }
  const [{ count: stored }] = await trx(TABLE.driveItem).count({ count: '*' });
  if (Number(stored) === 0) return true;
  const [{ count: staged }] = await trx(TABLE.itemStage)
    .where({ drive_id: driveId, seen_in_run: enumeration })
    .count({ count: '*' });
  return Number(staged) >= Number(stored);
}

/**
 * A unique index refused a row: SQLite's extended code (better-sqlite3), PostgreSQL's
 * unique_violation. Either from the insert itself or from building the unique index after it.
 */
const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** All of a drive's rows, deleted ones included: through the (drive, deleted) index. */
async function countRows(trx: Knex.Transaction, driveId: number) {
  const [{ count }] = await trx(TABLE.driveItem).where('drive_id', driveId).count({ count: '*' });
  return Number(count);
}

/** The indexes the hot queries need; Strapi's schema sync does not know them, so every boot checks. */
export async function ensureItemIndexes(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  await knex.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${UNIQUE_INDEX} ON ${TABLE.driveItem} (drive_id, remote_id)`
  );
  await knex.raw(`DROP INDEX IF EXISTS ${REDUNDANT_PARENT_INDEX}`);
  // A page of a folder's children, in any of its sort orders (see items/listing.ts).
  for (const index of CHILDREN_INDEXES) await knex.raw(index.sql);
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${DELETED_INDEX} ON ${TABLE.driveItem} (drive_id, deleted, name)`
  );
  await knex.raw(`DROP INDEX IF EXISTS ${NAMELESS_DELETED_INDEX}`);
  // Which drives have rows staged, in one seek (see clearStage). A drive's rows are appended in
  // id order under one key, so the index grows at its end: almost nothing per staged row.
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${STAGE_DRIVE_INDEX} ON ${TABLE.itemStage} (drive_id)`
  );
  for (const index of UNREAD_STAGE_INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${index}`);
}

function* batches<T>(values: T[]) {
  for (let i = 0; i < values.length; i += ID_BATCH_SIZE) yield values.slice(i, i + ID_BATCH_SIZE);
}

/**
 * PostgreSQL: a staged page in one statement, its rows one JSON parameter that
 * json_populate_recordset reads as rows of the stage table's own type, so each value is parsed by
 * its column's type as a bound value would be. Batches of multi-row VALUES cost a statement per 500
 * rows, 25 parameters per row for the server to parse and plan; one JSON text is parsed once
 * (bench/lib/postgres-floor.ts measures both ways: JSON was the faster in every run so far,
 * docs/performance.md).
 * The stamps are one bound Date, read through the same record type, so they are stored exactly
 * as knex would bind them (pg sends a Date as local time with its offset).
 */
async function stageAsJson(
  trx: Knex.Transaction,
  columns: Record<string, string>,
  rows: Array<Record<string, unknown>>,
  now: Date
) {
  const synced = Object.keys(rows[0]).map((attribute) => columns[attribute] ?? attribute);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = { [DOCUMENT_ID]: newDocumentId() };
    for (const key in row) record[columns[key] ?? key] = row[key];
    return record;
  });
  const stamps = [...TIMESTAMPS];
  const identifiers = (names: string[], prefix = '') => names.map(() => `${prefix}??`).join(', ');
  await trx.raw(
    `insert into ?? (${identifiers([DOCUMENT_ID, ...synced, ...stamps])}) ` +
      `select ${identifiers([DOCUMENT_ID, ...synced], 'page.')}, ${stamps.map(() => 'stamp.??').join(', ')} ` +
      `from json_populate_recordset(null::??, ?::json) as page, ` +
      `json_populate_record(null::??, json_build_object(${stamps.map(() => '?::text, ?::text').join(', ')})) as stamp`,
    [
      TABLE.itemStage,
      DOCUMENT_ID,
      ...synced,
      ...stamps,
      DOCUMENT_ID,
      ...synced,
      ...stamps,
      TABLE.itemStage,
      JSON.stringify(records),
      TABLE.itemStage,
      ...stamps.flatMap((stamp) => [stamp, now]),
    ]
  );
}

/** The share of the counted rows a merge must write for a fresh ANALYZE. */
const ANALYZE_GROWTH = 0.1;
/** What the sweep filters and joins on: the only columns analyzed. */
const SWEPT_COLUMNS = [
  'drive_id',
  'remote_id',
  'parent_remote_id',
  'deleted',
  'seen_in_run',
  'updated_at',
];
/**
 * PostgreSQL plans with the statistics of its last ANALYZE, and a drive's first sync fills a table
 * autovacuum has not looked at yet: planned as nearly empty, the sweep's orphan check ran as a
 * nested loop over the drive (5.3 s at 20,000 items under load, quadratic beyond; 26 ms once
 * analyzed). Only the columns the sweep filters and joins on: with a column list ANALYZE skips the
 * expression indexes' statistics too (99 ms against 170 ms for the whole table at 20,000 rows).
 * It reads a sample of at most 30,000 rows, whatever the size. SQLite plans without it.
 */
async function analyzeForSweep(trx: Knex.Transaction, mergedRows: number) {
  if (isBetterSqlite(trx)) return;
  // Only when the merge grew the table enough to change a plan: by a tenth of the rows its last
  // statistics counted (autovacuum's own threshold), or the table was never analyzed. A small
  // drive's first sync beside a million rows changes no plan, and ANALYZE of one table runs one
  // session at a time: 2,000 OneDrives' first syncs queued behind one another's (fleet bench).
  const { rows } = (await trx.raw('select reltuples from pg_class where oid = ?::regclass', [
    TABLE.driveItem,
  ])) as { rows: Array<{ reltuples: number }> };
  const counted = Number(rows[0]?.reltuples ?? 0);
  if (counted > 0 && mergedRows < counted * ANALYZE_GROWTH) return;
  await trx.raw(`analyze ?? (${SWEPT_COLUMNS.map(() => '??').join(', ')})`, [
    TABLE.driveItem,
    ...SWEPT_COLUMNS,
  ]);
}

/**
 * Items whose parent row does not exist, level by level until none is left.
 * On PostgreSQL without nested loops: a drive merged since the table's last ANALYZE is estimated
 * at a row or so, and the planner then checked each item's parent by scanning the whole drive
 * again (minutes per 10,000-item library in the fleet bench, quadratic beyond). A hash anti-join
 * reads the drive twice, whatever the statistics say. Set for this transaction only, and reset.
 */
async function removeOrphans(trx: Knex.Transaction, driveId: number) {
  if (isBetterSqlite(trx)) return removeOrphanLevels(trx, driveId);
  await trx.raw('set local enable_nestloop = off');
  // On failure the transaction rolls back, and the setting with it.
  const removed = await removeOrphanLevels(trx, driveId);
  await trx.raw('set local enable_nestloop to default');
  return removed;
}

async function removeOrphanLevels(trx: Knex.Transaction, driveId: number) {
  let removed = 0;
  for (;;) {
    const orphans = await trx(TABLE.driveItem)
      .where('drive_id', driveId)
      .whereNotNull('parent_remote_id')
      .whereNotExists(
        trx(`${TABLE.driveItem} as parent`)
          .select(trx.raw('1'))
          .where('parent.drive_id', driveId)
          .whereRaw(`parent.remote_id = ${TABLE.driveItem}.parent_remote_id`)
      )
      .del();
    if (!orphans) return removed;
    removed += orphans;
  }
}

export function createItemStore(strapi: Core.Strapi) {
  const columns = columnMap(strapi);
  /**
   * The columns a merge of staged rows copies: Strapi's stamps, then every attribute of the item
   * schema (the stage table has the same ones).
   */
  const itemColumns = [
    DOCUMENT_ID,
    ...TIMESTAMPS,
    ...Object.keys(driveItemSchema.attributes).map((name) => columns[name] ?? name),
  ];
  /**
   * `rows` (a query of stage rows, at most one per item) into the item table, for a drive that has
   * `before` rows: see mergeStage.
   */
  async function mergeRows(
    trx: Knex.Transaction,
    driveId: number,
    enumeration: number,
    rows: Knex.QueryBuilder,
    before: number
  ) {
    const { sql, bindings } = rows.select(itemColumns).toSQL();
    const identifiers = (names: string[]) => names.map(() => '??').join(', ');
    const insert = `insert into ?? (${identifiers(itemColumns)}) ${sql}`;
    const insertBindings = [TABLE.driveItem, ...itemColumns, ...bindings];
    const write = async () => rowsWritten(await trx.raw(insert, insertBindings));
    /** Into the indexes as they are, with the page cache they need (MERGE_PAGE_CACHE_KIB). */
    const intoIndexes = () =>
      withSqlitePageCache(trx, MERGE_PAGE_CACHE_KIB, async () => {
        if (before === 0) return { added: await write(), updated: 0, intoEmptyDrive: true };
        const updatedColumns = itemColumns.filter((column) => !KEPT_ON_UPDATE.has(column));
        const result = (await trx.raw(
          `${insert} on conflict (${identifiers(CONFLICT_TARGET)}) do update set ` +
            updatedColumns.map(() => '?? = excluded.??').join(', '),
          [
            ...insertBindings,
            ...CONFLICT_TARGET,
            ...updatedColumns.flatMap((column) => [column, column]),
          ]
        )) as WriteResult;
        const added = (await countRows(trx, driveId)) - before;
        return { added, updated: rowsWritten(result) - added, intoEmptyDrive: false };
      });
    // Sorted into fresh indexes instead, no index page is reread and the usual page cache does: a
    // larger one would only let SQLite's sorter hold as much again beside it (a million items:
    // 502 MB at the process's peak instead of 444, and no faster).
    return before === 0 && (await indexesRebuiltAfterwards(trx, driveId, enumeration))
      ? {
          added: await withIndexesRebuiltAfter(trx, TABLE.driveItem, write),
          updated: 0,
          intoEmptyDrive: true,
        }
      : intoIndexes();
  }

  /** Rows as columns, stamped, in statements of UPSERT_BATCH_SIZE (the non-SQLite path). */
  function* rowBatches(rows: Array<Record<string, unknown>>, now: Date) {
    for (let i = 0; i < rows.length; i += UPSERT_BATCH_SIZE) {
      yield rows.slice(i, i + UPSERT_BATCH_SIZE).map((row) => {
        const out: Record<string, unknown> = { [DOCUMENT_ID]: newDocumentId() };
        for (const stamp of TIMESTAMPS) out[stamp] = now;
        for (const key in row) out[columns[key] ?? key] = row[key];
        return out;
      });
    }
  }

  return {
    /** Which of these remote ids the drive already has. */
    async existing(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      const found = new Set<string>();
      for (const batch of batches(remoteIds)) {
        const rows = await trx(TABLE.driveItem)
          .select('remote_id')
          .where('drive_id', driveId)
          .whereIn('remote_id', batch);
        for (const row of rows) found.add(row.remote_id);
      }
      return found;
    },

    /** Inserts new rows and updates known ones; returns how many were new. */
    async upsert(trx: Knex.Transaction, rows: Array<Record<string, unknown>>): Promise<number> {
      if (!rows.length) return 0;
      const now = new Date();
      if (isBetterSqlite(trx)) {
        return writePrepared(trx, TABLE.driveItem, 'upsert', columns, rows, now);
      }
      let added = 0;
      for (const batch of rowBatches(rows, now)) {
        const generated = new Set(batch.map((row) => row[DOCUMENT_ID] as string));
        const returned = (await trx(TABLE.driveItem)
          .insert(batch)
          .onConflict(CONFLICT_TARGET)
          .merge(mergedColumns(batch[0]))
          .returning(RETURNED)) as Array<Record<string, string>>;
        for (const row of returned) if (generated.has(row[RETURNED])) added += 1;
      }
      return added;
    },

    /**
     * Keeps rows of a full enumeration (`seenInRun` set, tombstones with `deleted`) in the stage
     * table until its round completes: plain appends, no index to maintain.
     */
    async stage(trx: Knex.Transaction, rows: Array<Record<string, unknown>>) {
      if (!rows.length) return;
      const now = new Date();
      if (isBetterSqlite(trx)) {
        await writePrepared(trx, TABLE.itemStage, 'insert', columns, rows, now);
        return;
      }
      await stageAsJson(trx, columns, rows, now);
    },

    /**
     * Forgets what the drive staged: at the end of its enumeration, and before a new one (what an
     * abandoned enumeration left). On SQLite, when no other drive has rows staged (the usual case),
     * the table is emptied whole by dropping and creating it again (emptied-table.ts): its pages
     * are freed at once instead of a million rows being deleted one by one, from four indexes each
     * (0.27 s of a 100,000-item sync). The check and the emptying share a transaction, so another
     * drive's page cannot land between them. PostgreSQL keeps the per-drive delete: its TRUNCATE
     * would lock out other drives' pages.
     */
    async clearStage(trx: Knex, driveId: number) {
      if (!isBetterSqlite(trx)) {
        await trx(TABLE.itemStage).where('drive_id', driveId).del();
        return;
      }
      await trx.transaction(async (clearing) => {
        if (await onlyDriveStaged(clearing, driveId))
          await recreateEmpty(clearing, TABLE.itemStage);
        else await clearing(TABLE.itemStage).where('drive_id', driveId).del();
      });
    },

    /**
     * At the end of a full enumeration: the latest staged state of each item goes into the item
     * table in one `INSERT ... SELECT`, which lets the database build its index entries in bulk.
     * Staged tombstones are left out, so the sweep that follows removes those items with what the
     * enumeration did not see. A drive that has no rows yet (its first sync) takes a plain insert;
     * one that has them, an upsert that keeps each row's id. Returns how many rows were new and
     * how many updated, and whether the drive had no rows before (then every row it has now was
     * seen by this enumeration: the sweep need not look for unseen ones).
     *
     * Finding each item's latest staged state sorts every staged row by remote id (a third of a
     * first merge's insert). A first sync with no tombstone staged (`tombstonesStaged`, carried
     * by the round's cursor) skips it: it inserts every staged row, and an item Graph listed on two
     * pages (delta may) then leaves two rows for one (drive, remote id), which the unique index
     * refuses. That attempt is rolled back to its savepoint and the latest states are merged.
     */
    async mergeStage(
      trx: Knex.Transaction,
      driveId: number,
      enumeration: number,
      { tombstonesStaged }: { tombstonesStaged: boolean }
    ) {
      const before = await countRows(trx, driveId);
      const everyStagedRow = async () => {
        try {
          return await trx.transaction(async (attempt) => {
            const readWhole = isBetterSqlite(attempt) && (await onlyDriveStaged(attempt, driveId));
            const rows = stagedRowsOf(attempt, driveId, enumeration, readWhole);
            return mergeRows(attempt, driveId, enumeration, rows, before);
          });
        } catch (error) {
          if (isUniqueViolation(error)) return null;
          throw error;
        }
      };
      const merged =
        (before === 0 && !tombstonesStaged ? await everyStagedRow() : null) ??
        (await mergeRows(
          trx,
          driveId,
          enumeration,
          latestStaged(trx, driveId, enumeration),
          before
        ));
      await this.clearStage(trx, driveId);
      // Before the sweep that follows: its orphan check reads the whole drive.
      await analyzeForSweep(trx, merged.added + merged.updated);
      return merged;
    },

    async markDeleted(trx: Knex.Transaction, driveId: number, remoteIds: string[]) {
      for (const batch of batches(remoteIds)) {
        await trx(TABLE.driveItem)
          .where('drive_id', driveId)
          .whereIn('remote_id', batch)
          .update({ deleted: true, updated_at: new Date() });
      }
    },

    /**
     * At the end of a round: remove the items marked deleted (and, after a full enumeration, those
     * it did not see), then everything below them, level by level through the (drive, parent)
     * prefix of the children indexes, so a round costs what it removes, not the size of the drive.
     * Only when some item of the round named a parent that was never known is the whole drive
     * checked for orphans. Returns how many rows went.
     */
    async sweep(
      trx: Knex.Transaction,
      driveId: number,
      {
        enumeration,
        enumerationStartedAt,
        orphansPossible,
      }: { enumeration?: number; enumerationStartedAt?: number; orphansPossible?: boolean }
    ) {
      const ids = (query: Knex.QueryBuilder) =>
        query.pluck('remote_id') as unknown as Promise<string[]>;
      let level = await ids(
        trx(TABLE.driveItem)
          .where('drive_id', driveId)
          .where((query) => {
            query.where('deleted', true);
            if (enumeration === undefined) return;
            query.orWhere((unseen) => {
              unseen.where((seen) =>
                seen.whereNull('seen_in_run').orWhereNot('seen_in_run', enumeration)
              );
              // A row a file operation wrote after the enumeration began (an upload, a new
              // folder) may be missing from pages Graph served before it: it stays, and the next
              // round of changes reports it. Only rows as old as the enumeration are unseen.
              if (enumerationStartedAt !== undefined) {
                unseen.where('updated_at', '<=', new Date(enumerationStartedAt));
              }
            });
          })
      );
      let removed = 0;
      while (level.length) {
        const below: string[] = [];
        for (const batch of batches(level)) {
          removed += await trx(TABLE.driveItem)
            .where('drive_id', driveId)
            .whereIn('remote_id', batch)
            .del();
          below.push(
            ...(await ids(
              trx(TABLE.driveItem).where('drive_id', driveId).whereIn('parent_remote_id', batch)
            ))
          );
        }
        level = below;
      }
      if (orphansPossible) removed += await removeOrphans(trx, driveId);
      return removed;
    },

    async count(driveId: number) {
      const [{ count }] = await strapi.db
        .connection(TABLE.driveItem)
        .where({ drive_id: driveId, deleted: false })
        .count({ count: '*' });
      return Number(count);
    },
  };
}

export type ItemStore = ReturnType<typeof createItemStore>;
