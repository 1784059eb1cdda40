/**
 * Two Strapi instances (this process and a child process) on one PostgreSQL database and one
 * Redis, 20 connected drives on a one-minute schedule: every drive is synced exactly once per
 * cycle, never twice at once, and ends exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { createTemporaryDatabase, type TemporaryDatabase } from '../../testkit/postgres';
import { requireRedis } from '../../testkit/redis';
import { startTestStrapi, type TestStrapi, type TestStrapiOptions } from '../../testkit/strapi';
import { sleep } from '../../testkit/wait';

const BASE = '/external-drives';
const DRIVES = 20;

interface Run {
  driveId: number;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

describe('two Strapi instances on one PostgreSQL and one Redis', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let database: TemporaryDatabase;
  let app: TestStrapi;
  let second: ChildProcess | undefined;
  let remoteDriveIds: string[];

  const allRuns = async () =>
    (await app.strapi.db.query(UID.syncRun).findMany({ orderBy: { id: 'asc' } })) as Run[];

  beforeAll(async () => {
    const redisUrl = await requireRedis();
    database = await createTemporaryDatabase();
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    const libraries = Array.from({ length: DRIVES }, (_, i) => `Library ${i + 1}`);
    const site = await control.createSite('Twenty libraries', { libraries });
    await control.grantSite(emulator.info.clientId, site.id, 'read');
    remoteDriveIds = site.driveIds;
    for (const driveId of remoteDriveIds) {
      const folder = await control.createItem(driveId, { name: 'Folder', folder: true });
      await control.createItem(driveId, { name: 'a.txt', parentId: folder.id, size: 10 });
      await control.createItem(driveId, { name: 'b.txt', size: 20 });
    }

    const options: TestStrapiOptions = {
      emulator: emulator.info,
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_URL: database.url,
        EXTERNAL_DRIVES_QUEUE: 'redis',
        REDIS_URL: redisUrl,
        EXTERNAL_DRIVES_SYNC_INTERVAL: '1',
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
    await new Promise<void>((resolve, reject) => {
      let output = '';
      second!.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('ready')) resolve();
      });
      second!.once('exit', (code) => reject(new Error(`the second instance exited (${code})`)));
    });
  }, 120_000);

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

  it('syncs each of 20 drives exactly once per cycle, never twice at once', async () => {
    const { token } = await createAdmin(app.strapi, { email: 'two@example.com', roles: 'super' });
    const site = (await control.info()).sites.find((s) =>
      s.drives.some((d) => d.id === remoteDriveIds[0])
    )!;
    const driveIds: number[] = [];
    for (const [index, remoteDriveId] of remoteDriveIds.entries()) {
      const created = await adminRequest(app.http, token)
        .post(`${BASE}/drives`)
        .send({ siteId: site.id, driveId: remoteDriveId, name: `Library ${index + 1}` });
      expect(created.status).toBe(201);
      driveIds.push(created.body.data.id);
    }

    // The next minute's schedule tick: one run per drive, whichever instance takes it.
    const deadline = Date.now() + 100_000;
    let runs: Run[] = [];
    for (;;) {
      runs = await allRuns();
      const scheduled = new Set(
        runs.filter((run) => run.trigger === 'schedule').map((r) => r.driveId)
      );
      if (scheduled.size === DRIVES && runs.every((run) => run.status !== 'running')) break;
      if (Date.now() > deadline) throw new Error(`no full cycle: ${JSON.stringify(runs)}`);
      await sleep(500);
    }
    await sleep(3000);
    runs = await allRuns();
    for (const driveId of driveIds) {
      const ofDrive = runs.filter((run) => run.driveId === driveId);
      expect(ofDrive[0].trigger).toBe('connect');
      // (A next cycle may have begun meanwhile on a slow machine: its run may still be going.)
      expect(ofDrive.every((run) => ['succeeded', 'running'].includes(run.status))).toBe(true);
      // Never two at once: each run began after the one before it ended.
      for (let i = 1; i < ofDrive.length; i++) {
        expect(new Date(ofDrive[i].startedAt).getTime()).toBeGreaterThanOrEqual(
          new Date(ofDrive[i - 1].finishedAt!).getTime()
        );
      }
      // Exactly once per cycle: bull fires a one-minute schedule on minute boundaries, and a tick
      // while the drive's run still waits joins it, so a drive never starts two scheduled runs in
      // one minute (a slow machine may reach the next cycle before the test ends: that is fine).
      const minutes = ofDrive
        .filter((run) => run.trigger === 'schedule')
        .map((run) => Math.floor(new Date(run.startedAt).getTime() / 60_000));
      expect(minutes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(minutes).size).toBe(minutes.length);
    }
    for (const [index, driveId] of driveIds.entries()) {
      expect(await syncedTree(app.strapi, driveId)).toEqual(
        comparableTree(await control.tree(remoteDriveIds[index]))
      );
    }
  }, 180_000);
});
