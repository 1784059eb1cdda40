/**
 * Benchmarks of the sync engine through its real code path: a booted Strapi (SQLite) syncing from
 * the emulator, which runs as its own process.
 * - initial-sync: a fresh drive of N items, one full sync; against a baseline that fetches the same
 *   delta pages with plain fetch and inserts the same columns with one prepared better-sqlite3
 *   statement per item, one transaction per page (the floor cost of the work).
 * - incremental-sync: K changes (modify, rename including a large folder, move, delete, create) on
 *   the synced drive, one sync, checked exact against the emulator's tree; plus a no-change sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fetch } from 'undici';
import type { EmulatorInfo } from '../emulator/src';
import { DRIVE_ITEM_SELECT } from '../server/src/sync/item-mapper';
import { comparableTree, syncedTree } from '../testkit/drive-tree';
import { startBenchApp, type BenchApp } from './lib/bench-app';
import { directGraph } from './lib/direct-graph';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { log, measured, report, round } from './lib/measure';

export const SYNC_BENCHMARKS = ['initial-sync', 'incremental-sync'] as const;

/** The first delta link of a drive, as the plugin asks for it: the same $select, Graph's largest page. */
const firstDeltaLink = (info: EmulatorInfo, driveId: string) =>
  `${info.graphUrl}/drives/${driveId}/root/delta?$top=1000&$select=${DRIVE_ITEM_SELECT}`;

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

async function baseline(info: EmulatorInfo, driveId: string) {
  const graph = directGraph(info);
  const token = await graph.token();
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-baseline-'));
  const db = new Database(path.join(folder, 'baseline.db'));
  // The columns the plugin keeps for an item (see server/src/sync/item-mapper.ts).
  db.exec(`CREATE TABLE items (drive_id INTEGER, remote_id TEXT, parent_remote_id TEXT, name TEXT,
    is_folder INTEGER, is_root INTEGER, size INTEGER, mime_type TEXT, e_tag TEXT, c_tag TEXT,
    quick_xor_hash TEXT, web_url TEXT, child_count INTEGER, remote_created_at TEXT,
    remote_modified_at TEXT, created_by_name TEXT, created_by_email TEXT, modified_by_name TEXT,
    modified_by_email TEXT, deleted INTEGER)`);
  const insert = db.prepare(`INSERT INTO items VALUES (${Array(20).fill('?').join(',')})`);
  let count = 0;
  const started = performance.now();
  // The same pages the plugin asks for.
  let link: string | undefined = firstDeltaLink(info, driveId);
  while (link) {
    const page = (await (
      await fetch(link, {
        headers: { authorization: `Bearer ${token}` },
        dispatcher: graph.dispatcher,
      })
    ).json()) as {
      value: Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
      '@odata.nextLink'?: string;
    };
    db.transaction(() => {
      for (const item of page.value) {
        insert.run(
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
          item.createdBy?.user?.displayName ?? null,
          item.createdBy?.user?.email ?? null,
          item.lastModifiedBy?.user?.displayName ?? null,
          item.lastModifiedBy?.user?.email ?? null,
          0
        );
      }
    })();
    count += page.value.length;
    link = page['@odata.nextLink'];
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(folder, { recursive: true, force: true });
  await graph.close();
  return count / seconds;
}

export async function runSyncBenchmark(
  name: (typeof SYNC_BENCHMARKS)[number],
  options: { items: number; changes: number }
) {
  const { items, changes } = options;
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
    bench = await startBenchApp(info);
    const driveId = await bench.addDrive(remoteDriveId, 'Archive');
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
      const baselineItemsPerSec = await baseline(info, remoteDriveId);
      report({
        bench: name,
        items: initial.result.itemsAdded,
        seconds: round(initial.seconds),
        itemsPerSec: round(itemsPerSec),
        graphRequests: initial.graphRequests,
        peakRssMb: round(initial.peakRssMb),
        baselineItemsPerSec: round(baselineItemsPerSec),
        ratio: round(itemsPerSec / baselineItemsPerSec),
        correct: await exact(),
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
    report({
      bench: name,
      items: initial.result.itemsAdded,
      changes,
      seconds: round(incremental.seconds),
      graphRequests: incremental.graphRequests,
      correct,
      noChangeSeconds: round(noChange.seconds),
      noChangeGraphRequests: noChange.graphRequests,
    });
  } finally {
    await bench?.close();
    await emulator.stop();
  }
}
