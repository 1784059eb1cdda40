/**
 * Crash safety for real: a Strapi process syncing a drive is killed with SIGKILL in the middle of
 * its first enumeration (the emulator holds every delta page back a little, so some pages are
 * committed and more are to come). Another Strapi on the same database then resumes from the last
 * committed page and ends exact, with nothing fetched twice beyond the page in flight and nothing
 * doubled. SQLite file by default, a temporary PostgreSQL database with TEST_DATABASE=postgres.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import knex, { type Knex } from 'knex';
import { ControlClient } from '../../emulator/src';
import { TABLE } from '../../server/src/constants';
import { parseCursor } from '../../server/src/sync/delta-cursor';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { startTestStrapi, type TestStrapi, type TestStrapiOptions } from '../../testkit/strapi';
import { INTERRUPTED } from '../../server/src/sync/run-recorder';
import { sleep } from '../../testkit/wait';

const BASE = '/external-drives';
const PAGE_SIZE = 200;
/** Pages committed before the kill, at least. */
const PAGES_BEFORE_KILL = 3;

interface SharedDatabase {
  /** DATABASE_* variables for both Strapi processes. */
  env: Record<string, string>;
  /** A plain knex connection to look at what is committed, from outside Strapi. */
  observe(): Knex;
  remove(): Promise<void>;
}

async function sharedDatabase(): Promise<SharedDatabase> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const database = await createTemporaryDatabase();
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: database.url },
      observe: () => knex({ client: 'pg', connection: database.url }),
      remove: database.drop,
    };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-crash-'));
  const filename = path.join(folder, 'data.db');
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    observe: () =>
      knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true }),
    remove: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

interface Run {
  id: number;
  trigger: string;
  status: string;
  fullEnumeration: boolean;
  pages: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsDeleted: number;
  graphRequests: number;
  error: { message: string } | null;
}

describe('a sync process killed between pages', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let database: SharedDatabase;
  let observer: Knex | undefined;
  let child: ChildProcess | undefined;
  let app: TestStrapi | undefined;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo', items: 3000 });
    control = ControlClient.from(emulator.info);
    database = await sharedDatabase();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await observer?.destroy();
    await app?.close();
    await control?.close();
    await emulator?.close();
    await database?.remove();
  }, 60_000);

  /**
   * What the killed process had committed: its cursor and the rows its enumeration staged (they
   * reach the item table together when the round completes).
   */
  const committed = async (driveId: number) => {
    const [drive] = await observer!(TABLE.drive).where('id', driveId).select('sync_cursor');
    const count = async (table: string) => {
      const [row] = await observer!(table).where('drive_id', driveId).count({ count: '*' });
      return Number(row.count);
    };
    return {
      cursor: parseCursor(drive?.sync_cursor),
      staged: await count(TABLE.itemStage),
      rows: await count(TABLE.driveItem),
    };
  };

  it('resumes from the last committed page in a new process and ends exact, nothing doubled', async () => {
    const remoteDriveId = emulator.info.largeDriveId!;
    const site = emulator.info.sites.find((s) => s.drives.some((d) => d.id === remoteDriveId))!;
    const truth = await control.tree(remoteDriveId);
    const driveItems = truth.length + 1; // and the root
    const totalPages = Math.ceil(driveItems / PAGE_SIZE);
    await control.setDeltaPageSize(remoteDriveId, PAGE_SIZE);
    await control.addFaults([
      { kind: 'slow', method: 'GET', path: '/delta$', driveId: remoteDriveId, delayMs: 300 },
    ]);

    // The first Strapi connects the library (its first sync starts) and is killed mid-way.
    // The killed process dies holding the drive's lease: the next one takes it over once it lapses.
    const options: TestStrapiOptions = {
      emulator: emulator.info,
      database: database.env,
      env: { EXTERNAL_DRIVES_LEASE_DURATION_MS: '5000' },
    };
    child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'second-instance.ts')],
      {
        env: {
          ...process.env,
          SECOND_INSTANCE_OPTIONS: JSON.stringify(options),
          SECOND_INSTANCE_CONNECT: JSON.stringify({
            siteId: site.id,
            driveId: remoteDriveId,
            name: 'Archive',
          }),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    );
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // Its output is read to the end (a full pipe would stall it); the drive id comes first.
    const driveId = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        const match = /^drive (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
      });
      void exited.then(() => reject(new Error('the first Strapi exited before connecting')));
    });

    observer = database.observe();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { cursor, staged } = await committed(driveId);
      // A cursor with an enumeration mark is a nextLink: the first round is still paging.
      if (cursor?.enumeration !== undefined && staged >= PAGES_BEFORE_KILL * PAGE_SIZE) break;
      if (Date.now() > deadline) throw new Error(`no pages committed: ${staged} rows staged`);
      await sleep(25);
    }
    child.kill('SIGKILL');
    await exited;

    const atKill = await committed(driveId);
    await observer.destroy();
    observer = undefined;
    // Killed mid-enumeration, with whole pages committed together with their cursor.
    expect(atKill.cursor!.enumeration).toEqual(expect.any(Number));
    expect(atKill.cursor!.link).toContain('token=');
    expect(atKill.staged % PAGE_SIZE).toBe(0);
    expect(atKill.staged).toBeLessThan(driveItems);
    expect(atKill.rows).toBe(0);
    const pagesAtKill = atKill.staged / PAGE_SIZE;

    // A new Strapi on the same database takes over.
    await control.clearFaults();
    app = await startTestStrapi(options);
    const { token } = await createAdmin(app.strapi, { email: 'crash@example.com', roles: 'super' });
    const api = () => adminRequest(app!.http, token);
    const answer = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(answer.status).toBe(200);

    const runs = ((await api().get(`${BASE}/drives/${driveId}/runs`)).body.data as Run[]).sort(
      (a, b) => a.id - b.id
    );
    const [killed, resumed] = runs;
    expect(killed).toMatchObject({ trigger: 'connect', status: 'failed' });
    expect(killed.error!.message).toBe(INTERRUPTED.message);
    // The next run went on from the saved cursor: only the pages not committed yet. Its end
    // merged what both processes staged.
    expect(resumed).toMatchObject({
      status: 'succeeded',
      fullEnumeration: true,
      pages: totalPages - pagesAtKill,
      itemsAdded: driveItems,
      itemsUpdated: 0,
      itemsDeleted: 0,
    });
    expect(resumed.graphRequests).toBe(resumed.pages);

    const rows = (await app.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .select('remote_id')) as Array<{ remote_id: string }>;
    expect(rows).toHaveLength(driveItems);
    expect(new Set(rows.map((row) => row.remote_id)).size).toBe(driveItems);
    expect(await syncedTree(app.strapi, driveId)).toEqual(comparableTree(truth));
  }, 240_000);
});
