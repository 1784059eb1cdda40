/**
 * Two Strapi instances (this process and a child process) on one PostgreSQL database and no
 * Redis: the in-process runners share the work through database leases. The schedule fires on
 * both at the same second and "Sync Now" reaches both; each drive still syncs on one instance at a
 * time (no two runs of a drive overlap in the run records), once per scheduled tick, and ends exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import supertest from 'supertest';
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { createTemporaryDatabase, type TemporaryDatabase } from '../../testkit/postgres';
import { startTestStrapi, type TestStrapi, type TestStrapiOptions } from '../../testkit/strapi';

const BASE = '/external-drives';
const DRIVES = 6;

interface Run {
  id: number;
  driveId: number;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two Strapi instances on one PostgreSQL without Redis', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let database: TemporaryDatabase;
  let app: TestStrapi;
  let second: ChildProcess | undefined;
  let secondUrl: string;
  let token: string;
  let remoteDriveIds: string[];
  const driveIds: number[] = [];

  const allRuns = async () =>
    (await app.strapi.db.query(UID.syncRun).findMany({ orderBy: { id: 'asc' } })) as Run[];
  /**
   * The runs once `done` holds and nothing ran for two seconds: a follow-up waiting for the
   * other instance's lease starts within a quarter of a second of its release.
   */
  const settled = async (done: (runs: Run[]) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    let quiet = { count: -1, since: 0 };
    for (;;) {
      const runs = await allRuns();
      if (done(runs) && runs.every((run) => run.status !== 'running')) {
        if (quiet.count !== runs.length) quiet = { count: runs.length, since: Date.now() };
        else if (Date.now() - quiet.since >= 2000) return runs;
      } else quiet = { count: -1, since: 0 };
      if (Date.now() > deadline) throw new Error(`runs did not settle: ${JSON.stringify(runs)}`);
      await sleep(250);
    }
  };

  /** Never two at once: each run of a drive began after the one before it ended. */
  const expectNoOverlap = (runs: Run[]) => {
    for (const driveId of driveIds) {
      const ofDrive = runs
        .filter((run) => run.driveId === driveId)
        .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
      for (let i = 1; i < ofDrive.length; i++) {
        expect(Date.parse(ofDrive[i].startedAt)).toBeGreaterThanOrEqual(
          Date.parse(ofDrive[i - 1].finishedAt!)
        );
      }
      // A run cut off by a second one starting beside it would be closed as failed.
      expect(ofDrive.map((run) => run.status)).toEqual(ofDrive.map(() => 'succeeded'));
    }
  };

  const expectExact = async () => {
    for (const [index, driveId] of driveIds.entries()) {
      expect(await syncedTree(app.strapi, driveId)).toEqual(
        comparableTree(await control.tree(remoteDriveIds[index]))
      );
    }
  };

  beforeAll(async () => {
    database = await createTemporaryDatabase();
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    const libraries = Array.from({ length: DRIVES }, (_, i) => `Library ${i + 1}`);
    const site = await control.createSite('Six libraries', { libraries });
    await control.grantSite(emulator.info.clientId, site.id, 'read');
    remoteDriveIds = site.driveIds;
    for (const driveId of remoteDriveIds) {
      const folder = await control.createItem(driveId, { name: 'Folder', folder: true });
      for (let i = 0; i < 10; i++) {
        await control.createItem(driveId, { name: `${i}.txt`, parentId: folder.id, size: 10 });
      }
    }

    const options: TestStrapiOptions = {
      emulator: emulator.info,
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_URL: database.url,
        EXTERNAL_DRIVES_SYNC_INTERVAL: '1',
        // One admin token for both instances.
        ADMIN_JWT_SECRET: 'two-instances-without-redis',
      },
    };
    app = await startTestStrapi(options);
    second = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'second-instance.ts')],
      {
        env: { ...process.env, SECOND_INSTANCE_OPTIONS: JSON.stringify(options) },
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    );
    secondUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: second!.stdout! }).on('line', (line) => {
        const match = /^url (.+)$/.exec(line);
        if (match) resolve(match[1]);
      });
      second!.once('exit', (code) => reject(new Error(`the second instance exited (${code})`)));
    });
    token = (await createAdmin(app.strapi, { email: 'leases@example.com', roles: 'super' })).token;

    for (const [index, remoteDriveId] of remoteDriveIds.entries()) {
      const created = await adminRequest(app.http, token)
        .post(`${BASE}/drives`)
        .send({ siteId: site.id, driveId: remoteDriveId, name: `Library ${index + 1}` });
      expect(created.status).toBe(201);
      driveIds.push(created.body.data.id);
    }
    await settled((runs) => runs.length >= DRIVES, 60_000);
    // Every delta page answers slowly, so runs last long enough for the instances to meet.
    await control.addFaults([{ kind: 'slow', method: 'GET', path: '/delta', delayMs: 400 }]);
  }, 180_000);

  afterAll(async () => {
    if (second && second.exitCode === null) {
      const exited = new Promise((resolve) => second!.once('exit', resolve));
      second.kill('SIGTERM');
      await exited;
    }
    await app?.close();
    await control?.close();
    await emulator?.close();
    await database?.drop();
  }, 60_000);

  it('syncs each due drive once when the schedule fires on both instances at once', async () => {
    for (const remoteDriveId of remoteDriveIds) {
      await control.bulk(remoteDriveId, { modify: 3, rename: 2, delete: 1, seed: 'schedule' });
    }
    // Every drive is due at the next minute's scan, which both instances make at second 0.
    await app.strapi.db
      .query(UID.drive)
      .updateMany({ where: {}, data: { lastSyncAt: new Date(Date.now() - 3_600_000) } });
    const runs = await settled((all) => {
      const scheduled = new Set(all.filter((r) => r.trigger === 'schedule').map((r) => r.driveId));
      return scheduled.size === DRIVES;
    }, 100_000);
    expectNoOverlap(runs);
    for (const driveId of driveIds) {
      const minutes = runs
        .filter((run) => run.driveId === driveId && run.trigger === 'schedule')
        .map((run) => Math.floor(Date.parse(run.startedAt) / 60_000));
      // Once per scan, whichever instance claimed the tick (a slow machine may reach the next
      // tick before the test ends: that one is another minute).
      expect(new Set(minutes).size).toBe(minutes.length);
    }
    await expectExact();
  }, 150_000);

  it('runs "Sync Now" sent to both instances one at a time per drive, and ends exact', async () => {
    const before = (await allRuns()).length;
    const instances = [adminRequest(app.http, token), adminRequest(supertest(secondUrl), token)];
    for (const remoteDriveId of remoteDriveIds) {
      await control.bulk(remoteDriveId, { modify: 3, rename: 2, move: 1, seed: 'sync-now' });
    }
    // Three rounds of clicks, each drive on both instances, while the runs they start go on.
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        driveIds.flatMap((driveId) =>
          instances.map(async (api) => {
            expect((await api.post(`${BASE}/drives/${driveId}/sync`)).status).toBe(202);
          })
        )
      );
      await sleep(300);
    }
    const runs = await settled((all) => all.length >= before + DRIVES, 120_000);
    const clicked = runs.slice(before).filter((run) => run.trigger === 'manual');
    expect(new Set(clicked.map((run) => run.driveId)).size).toBe(DRIVES);
    expectNoOverlap(runs);
    await expectExact();
  }, 180_000);
});
