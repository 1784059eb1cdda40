/**
 * The sync engine on the bull + Redis runner inside a real Strapi (REDIS_URL set): the connect
 * sync, "Sync Now" with and without waiting, merged bursts, a failure that travels back through
 * Redis with its user-facing code, and the drive's repeatable schedule.
 */
import Queue from 'bull';
import { ControlClient } from '../../emulator/src';
import { queuePrefixFor } from '../../server/src/jobs/queue-prefix';
import { adminRequest, connectLargeLibrary, createAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { requireRedis } from '../../testkit/redis';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

interface Run {
  id: number;
  trigger: string;
  status: string;
}

describe('delta sync on the Redis runner', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let driveId: number;
  let remoteDriveId: string;

  const api = () => adminRequest(app.http, token);
  const runs = async () => (await api().get(`${BASE}/drives/${driveId}/runs`)).body.data as Run[];
  const settled = async (count: number) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const all = await runs();
      if (all.length >= count && all.every((run) => run.status !== 'running')) return all;
      if (Date.now() > deadline) throw new Error(`runs did not settle: ${JSON.stringify(all)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const expectExact = async () => {
    const [synced, truth] = await Promise.all([
      syncedTree(app.strapi, driveId),
      control.tree(remoteDriveId),
    ]);
    expect(synced).toEqual(comparableTree(truth));
  };

  beforeAll(async () => {
    const redisUrl = await requireRedis();
    emulator = await startTestEmulator({ seed: 'demo', items: 300 });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_QUEUE: 'redis', REDIS_URL: redisUrl },
    });
    token = (await createAdmin(app.strapi, { email: 'redis-super@example.com', roles: 'super' }))
      .token;
    ({ driveId, remoteDriveId } = await connectLargeLibrary(api(), emulator.info));
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('runs the connect sync through the queue and gives the drive its repeatable schedule', async () => {
    const [first] = await settled(1);
    expect(first).toMatchObject({ trigger: 'connect', status: 'succeeded' });
    await expectExact();
    const queue = new Queue('external-drives-schedule', process.env.REDIS_URL!, {
      prefix: queuePrefixFor(app.strapi.db.config.connection),
    });
    try {
      const schedules = await queue.getRepeatableJobs();
      expect(schedules.map((job) => [job.id, job.every])).toEqual([
        [`drive-${driveId}`, 15 * 60_000],
      ]);
      // A new interval in Settings moves the shared schedule at once, without a restart.
      expect((await api().put(`${BASE}/settings`).send({ syncIntervalMinutes: 30 })).status).toBe(
        200
      );
      expect((await queue.getRepeatableJobs()).map((job) => [job.id, job.every])).toEqual([
        [`drive-${driveId}`, 30 * 60_000],
      ]);
    } finally {
      await queue.close();
    }
  });

  it('answers "Sync Now" with the run when asked to wait, exact after changes', async () => {
    await control.bulk(remoteDriveId, { modify: 10, rename: 5, move: 5, delete: 5, seed: 'redis' });
    const answer = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ trigger: 'manual', status: 'succeeded' });
    expect(answer.body.data.itemsUpdated + answer.body.data.itemsDeleted).toBeGreaterThan(0);
    await expectExact();
  });

  it('merges a burst of "Sync Now" into the running sync and exactly one follow-up', async () => {
    const before = (await runs()).length;
    // The first delta answer is held back for 5 s, so every later click lands during that run
    // however busy the machine.
    await control.addFaults([
      { kind: 'slow', path: '/delta', nth: [1], delayMs: 5000, driveId: remoteDriveId },
    ]);
    for (let click = 0; click < 6; click += 1) {
      expect((await api().post(`${BASE}/drives/${driveId}/sync`)).status).toBe(202);
    }
    const all = await settled(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const burst = (await runs()).slice(0, (await runs()).length - before);
    expect(burst).toHaveLength(2);
    expect(
      all.slice(0, 2).every((run) => run.trigger === 'manual' && run.status === 'succeeded')
    ).toBe(true);
    await control.clearFaults();
  });

  it('brings a failure back through Redis with its user-facing code', async () => {
    await control.addFaults([
      { kind: 'serverError', status: 500, path: '/delta', driveId: remoteDriveId },
    ]);
    const failed = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    await control.clearFaults();
    expect(failed.status).toBe(502);
    expect(failed.body.error.details.code).toBe('unableToConnect');
    const [last] = await runs();
    expect(last).toMatchObject({ status: 'failed', trigger: 'manual' });
    // And the drive recovers on the next sync.
    const answer = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(answer.body.data.status).toBe('succeeded');
    await expectExact();
  });
});
