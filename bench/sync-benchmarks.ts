/**
 * Benchmarks of the sync engine through its real code path: a booted Strapi syncing from the
 * emulator, which runs as its own process, on a fresh SQLite file or, with `--database postgres`,
 * a fresh PostgreSQL database (bench/lib/bench-app.ts).
 * - initial-sync: a fresh drive of N items, one full sync; against the floor of the same work
 *   (bench/lib/sync-floor.ts: the same delta pages with plain fetch, written with one prepared
 *   statement per item until the plugin's indexed table exists, the fastest of three plain ways),
 *   and the serial figure of earlier releases (no indexes built) beside it. On PostgreSQL the floor
 *   is the fastest bulk path (bench/lib/postgres-floor.ts: multi-row VALUES, or one JSON parameter
 *   per page), each way reported in `floorWays`.
 * - incremental-sync: K changes (modify, rename including a large folder, move, delete, create) on
 *   the synced drive, one sync, checked exact against the emulator's tree; plus a no-change sync.
 */
import { fetch } from 'undici';
import type { EmulatorInfo } from '../emulator/src';
import { TABLE } from '../server/src/constants';
import { comparableTree, syncedTree } from '../testkit/drive-tree';
import { startBenchApp, type BenchApp, type BenchDatabase } from './lib/bench-app';
import { directGraph } from './lib/direct-graph';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { log, measured, report, round } from './lib/measure';
import { atLevel, type TargetLevel } from './lib/targets';
import {
  firstDeltaLink,
  initialSyncFloor,
  itemTableSchema,
  referencedTables,
  plainSync,
} from './lib/sync-floor';
import { postgresFloor, postgresItemSchema, serialPostgresBaseline } from './lib/postgres-floor';

export const SYNC_BENCHMARKS = ['initial-sync', 'incremental-sync'] as const;

/**
 * The plugin within 0.8 of the floor, and its process under 600 MB at its peak (issue 20). Whether
 * the floor is at least as fast as the serial figure of earlier releases is reported, not required:
 * that figure never builds the indexes the floor (and the plugin) must end with.
 */
const INITIAL_SYNC_TARGETS = { ratio: 0.8, peakRssMb: 600 };
/**
 * On PostgreSQL, 0.6 of the fastest bulk path (issue 20): the plugin's guarantees (each page
 * committed with its cursor, the merge's upsert of the latest state of each item) cost more there
 * than a plain insert does. The memory target is SQLite's.
 */
const POSTGRES_INITIAL_SYNC_TARGETS = { ratio: 0.6, peakRssMb: 600 };

/**
 * 100 changes (a rename over a tenth of the drive among them) synced exact in under a second, and
 * a sync that finds nothing asks Graph once, the delta link's empty page (issue 20, section 1). The
 * changes themselves may take one page more than that: the target docs/performance.md held before.
 */
const INCREMENTAL_SYNC_TARGETS = {
  seconds: 1,
  correct: true,
  graphRequests: 2,
  noChangeGraphRequests: 1,
};

/**
 * One unmeasured pass over the drive's delta feed before anything is measured: the emulator computes
 * each generated file's QuickXorHash on first listing and its code warms up, which doubles the time
 * of its first enumeration. Without this, whichever side runs first pays for that alone.
 */
async function warmEmulator(info: EmulatorInfo, driveId: string) {
  const graph = directGraph(info);
  const token = await graph.token();
  for (let link: string | undefined = firstDeltaLink(info, driveId); link;) {
    const response = await fetch(link, {
      headers: { authorization: `Bearer ${token}` },
      dispatcher: graph.dispatcher,
    });
    link = ((await response.json()) as { '@odata.nextLink'?: string })['@odata.nextLink'];
  }
  await graph.close();
}

/**
 * The floor and the serial figure on the bench's database, each against the plugin's own item
 * table as its database holds it after the sync. `ways`: each way the floor is the fastest of.
 */
async function floorOf(
  bench: BenchApp,
  database: BenchDatabase,
  info: EmulatorInfo,
  driveId: string
) {
  if (database === 'postgres') {
    const schema = await postgresItemSchema(bench.app.strapi.db.connection, TABLE.driveItem);
    const floor = await postgresFloor(info, driveId, schema);
    const serial = await serialPostgresBaseline(info, driveId, schema);
    return { itemsPerSec: floor.itemsPerSec, ways: floor.ways, serial };
  }
  const schema = await pluginItemTable(bench);
  const floor = await initialSyncFloor(info, driveId, schema);
  const serial = await plainSync(info, driveId, schema, { pipelined: false, indexes: 'never' });
  return { itemsPerSec: floor.itemsPerSec, ways: floor.ways, serial };
}

/** The plugin's item table and indexes, read from its SQLite database after the sync. */
async function pluginItemTable(bench: BenchApp) {
  const knex = bench.app.strapi.db.connection;
  const statements = async (table: string) =>
    (await knex.raw('SELECT type, sql FROM sqlite_master WHERE tbl_name = ?', [table])) as Array<{
      type: string;
      sql: string | null;
    }>;
  const rows = await statements(TABLE.driveItem);
  const table = rows.find((row) => row.type === 'table')?.sql ?? '';
  const referenced = await Promise.all(
    referencedTables(table).map(async (name) => {
      const created = (await statements(name)).find((row) => row.type === 'table')?.sql;
      if (!created) throw new Error(`no table ${name} in the plugin's database`);
      return created;
    })
  );
  return itemTableSchema(rows, referenced);
}

export async function runSyncBenchmark(
  name: (typeof SYNC_BENCHMARKS)[number],
  options: { items: number; changes: number; level: TargetLevel; database: BenchDatabase }
) {
  const { items, changes, level, database } = options;
  log(`starting the emulator with ${items} items`);
  const emulator = await startEmulatorProcess(['--seed', 'demo', '--items', String(items)]);
  const { info, control } = emulator;
  let bench: BenchApp | undefined;
  try {
    const remoteDriveId = info.largeDriveId!;
    if (name === 'initial-sync') {
      log('warming the emulator up (one unmeasured enumeration)');
      await warmEmulator(info, remoteDriveId);
    }
    bench = await startBenchApp(info, database);
    const driveId = await bench.addDrive(remoteDriveId, 'Archive');
    await bench.testConnection();
    const syncOnce = async () => {
      const mark = await control.mark();
      const run = await measured(() => bench!.sync(driveId));
      return { ...run, graphRequests: (await control.stats(mark)).graphRequests };
    };
    const exact = async () =>
      JSON.stringify(await syncedTree(bench!.app.strapi, driveId)) ===
      JSON.stringify(comparableTree(await control.tree(remoteDriveId)));

    const initial = await syncOnce();
    if (name === 'initial-sync') {
      const itemsPerSec = initial.result.itemsAdded / initial.seconds;
      const floor = await floorOf(bench, database, info, remoteDriveId);
      const serialBaselineItemsPerSec = floor.serial;
      const ratio = itemsPerSec / floor.itemsPerSec;
      const stated = database === 'postgres' ? POSTGRES_INITIAL_SYNC_TARGETS : INITIAL_SYNC_TARGETS;
      const targets = atLevel(stated, level, ['ratio', 'peakRssMb']);
      report({
        bench: name,
        database,
        items: initial.result.itemsAdded,
        seconds: round(initial.seconds),
        itemsPerSec: round(itemsPerSec),
        graphRequests: initial.graphRequests,
        peakRssMb: round(initial.peakRssMb),
        baselineItemsPerSec: round(floor.itemsPerSec),
        // The plain ways to the indexed table the floor is the fastest of, in items per second
        // (bench/lib/sync-floor.ts, bench/lib/postgres-floor.ts).
        floorWays: Object.fromEntries(
          Object.entries(floor.ways).map(([way, itemsPerSec]) => [way, round(itemsPerSec)])
        ),
        serialBaselineItemsPerSec: round(serialBaselineItemsPerSec),
        floorAtLeastSerialBaseline: floor.itemsPerSec >= serialBaselineItemsPerSec,
        ratio: round(ratio),
        correct: await exact(),
        targetLevel: level,
        targets,
        pass: ratio >= targets.ratio && initial.peakRssMb < targets.peakRssMb,
      });
      return;
    }
    const share = Math.floor(changes / 5);
    await control.bulk(remoteDriveId, {
      modify: share,
      rename: share - 1,
      move: share,
      delete: share,
      create: changes - 4 * share,
      renameLargeFolder: true,
      seed: 'bench',
    });
    const incremental = await syncOnce();
    const noChange = await syncOnce();
    // Checked last: reading both trees of 100,000 items leaves garbage a measured sync would pay
    // for. The no-change sync changes nothing, so the tree is the incremental sync's.
    const correct = await exact();
    // Nothing here is a ratio or a memory figure: the CI short set holds these targets whole.
    const targets = INCREMENTAL_SYNC_TARGETS;
    report({
      bench: name,
      database,
      items: initial.result.itemsAdded,
      changes,
      seconds: round(incremental.seconds),
      graphRequests: incremental.graphRequests,
      correct,
      noChangeSeconds: round(noChange.seconds),
      noChangeGraphRequests: noChange.graphRequests,
      targetLevel: level,
      targets,
      pass:
        correct === targets.correct &&
        incremental.seconds < targets.seconds &&
        incremental.graphRequests <= targets.graphRequests &&
        noChange.graphRequests <= targets.noChangeGraphRequests,
    });
  } finally {
    await bench?.close();
    await emulator.stop();
  }
}
