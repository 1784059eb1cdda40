/**
 * `npm run bench -- <name> [--items N] [--changes K] --json`
 *
 * Benchmarks of the sync engine through its real code path: a booted Strapi (SQLite) syncing from
 * the emulator, which runs as its own process. The last stdout line starting with `{` is the result.
 * - initial-sync: a fresh drive of N items, one full sync; against a baseline that fetches the same
 *   delta pages with plain fetch and inserts the same columns with one prepared better-sqlite3
 *   statement per item, one transaction per page (the floor cost of the work).
 * - incremental-sync: K changes (modify, rename including a large folder, move, delete, create) on
 *   the synced drive, one sync, checked exact against the emulator's tree; plus a no-change sync.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Agent, fetch } from 'undici';
import { ControlClient, type EmulatorInfo } from '../emulator/src';
import { compilePlayground, ensurePluginBuilt } from '../scripts/lib/build';
import { DRIVE_ITEM_SELECT } from '../server/src/sync/item-mapper';
import { adminRequest, createAdmin } from '../tests/helpers/admin';
import { comparableTree, syncedTree } from '../tests/helpers/drive-tree';
import { startTestStrapi, type TestStrapi } from '../tests/helpers/strapi';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const name = args.find((arg) => !arg.startsWith('--')) ?? 'initial-sync';
const items = flag('items', 100_000);
const changes = flag('changes', 100);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function startEmulatorProcess(): Promise<{ info: EmulatorInfo; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      'emulator/src/cli.ts',
      '--seed',
      'demo',
      '--items',
      String(items),
      '--port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) return { info: JSON.parse(line) as EmulatorInfo, child };
  }
  throw new Error('the emulator exited before it was ready');
}

/** Peak RSS of this process (Strapi runs in it) while `work` runs. */
async function measured<T>(work: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function appToken(info: EmulatorInfo, dispatcher: Agent) {
  return fetch(`${info.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
    dispatcher,
  }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
}

/** The first delta link of a drive, as the plugin asks for it: the same $select, Graph's largest page. */
const firstDeltaLink = (info: EmulatorInfo, driveId: string) =>
  `${info.graphUrl}/drives/${driveId}/root/delta?$top=1000&$select=${DRIVE_ITEM_SELECT}`;

/**
 * One unmeasured pass over the drive's delta feed before anything is measured: the emulator computes
 * each generated file's QuickXorHash on first listing and its code warms up, which doubles the time
 * of its first enumeration. Without this, whichever side runs first pays for that alone.
 */
async function warmEmulator(info: EmulatorInfo, driveId: string) {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  const token = await appToken(info, dispatcher);
  for (let link: string | undefined = firstDeltaLink(info, driveId); link;) {
    const response = await fetch(link, {
      headers: { authorization: `Bearer ${token}` },
      dispatcher,
    });
    link = ((await response.json()) as { '@odata.nextLink'?: string })['@odata.nextLink'];
  }
  await dispatcher.close();
}

async function baseline(info: EmulatorInfo, driveId: string) {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  const token = await appToken(info, dispatcher);
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
      await fetch(link, { headers: { authorization: `Bearer ${token}` }, dispatcher })
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
  await dispatcher.close();
  return count / seconds;
}

async function main() {
  ensurePluginBuilt(log);
  compilePlayground(log);
  log(`starting the emulator with ${items} items`);
  const { info, child } = await startEmulatorProcess();
  const control = ControlClient.from(info);
  let app: TestStrapi | undefined;
  try {
    const driveId = info.largeDriveId!;
    const site = info.sites.find((s) => s.drives.some((d) => d.id === driveId))!;
    if (name === 'initial-sync') {
      log('warming the emulator up (one unmeasured enumeration)');
      await warmEmulator(info, driveId);
    }
    app = await startTestStrapi({ emulator: info });
    const { token } = await createAdmin(app.strapi, { email: 'bench@example.com', roles: 'super' });
    const api = () => adminRequest(app!.http, token);
    // Created directly so no first sync starts before the measured one.
    const drive = (await app.strapi.db.query('plugin::external-drives.drive' as never).create({
      data: {
        name: 'Archive',
        kind: 'sharepoint',
        scope: 'platform',
        remoteDriveId: driveId,
        siteId: site.id,
      },
    })) as { id: number };
    const syncOnce = async () => {
      const mark = await control.mark();
      const run = await measured(async () => {
        const answer = await api().post(`/external-drives/drives/${drive.id}/sync?wait=true`);
        if (answer.status !== 200) throw new Error(`sync failed: ${JSON.stringify(answer.body)}`);
        return answer.body.data;
      });
      return { ...run, graphRequests: (await control.stats(mark)).graphRequests };
    };
    const exact = async () =>
      JSON.stringify(await syncedTree(app!.strapi, drive.id)) ===
      JSON.stringify(comparableTree(await control.tree(driveId)));

    log('syncing');
    const initial = await syncOnce();
    if (name === 'initial-sync') {
      const itemsPerSec = initial.result.itemsAdded / initial.seconds;
      const baselineItemsPerSec = await baseline(info, driveId);
      console.log(
        JSON.stringify({
          bench: name,
          items: initial.result.itemsAdded,
          seconds: round(initial.seconds),
          itemsPerSec: round(itemsPerSec),
          graphRequests: initial.graphRequests,
          peakRssMb: round(initial.peakRssMb),
          baselineItemsPerSec: round(baselineItemsPerSec),
          ratio: round(itemsPerSec / baselineItemsPerSec),
          correct: await exact(),
        })
      );
    } else if (name === 'incremental-sync') {
      const share = Math.floor(changes / 5);
      await control.bulk(driveId, {
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
      // Checked last: reading both trees of 100,000 items leaves garbage a measured sync would
      // pay for. The no-change sync changes nothing, so the tree is the incremental sync's.
      const correct = await exact();
      console.log(
        JSON.stringify({
          bench: name,
          items: initial.result.itemsAdded,
          changes,
          seconds: round(incremental.seconds),
          graphRequests: incremental.graphRequests,
          correct,
          noChangeSeconds: round(noChange.seconds),
          noChangeGraphRequests: noChange.graphRequests,
        })
      );
    } else {
      throw new Error(`unknown benchmark "${name}" (initial-sync, incremental-sync)`);
    }
  } finally {
    await app?.close();
    await control.close();
    child.kill('SIGTERM');
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

main().then(
  () => process.exit(0),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
