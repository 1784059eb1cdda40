/**
 * A long sync gives its slot up on the bull + Redis runner as on the in-process one (see
 * fair-schedule.test.ts): the real sync engine on a real Strapi, its runs queued through bull on a
 * real Redis. After N committed pages with another drive's job waiting, the job ends with the
 * cursor saved and the drive queued again behind that job; the run going on from the cursor ends
 * exact, and whoever asked for the sync is answered with its end.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ControlClient } from '../../emulator/src';
import { PLUGIN_ID } from '../../server/src/constants';
import { SCHEDULER_JOB } from '../../server/src/jobs/in-process-runner';
import { createRedisQueues } from '../../server/src/jobs/redis-queues';
import {
  createSyncEngine,
  type SyncRunSummary,
  type SyncTrigger,
} from '../../server/src/sync/engine';
import { createDriveRow } from '../../testkit/drive-rows';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { requireRedis } from '../../testkit/redis';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { until } from '../../testkit/wait';

describe('the schedule on Redis', () => {
  let redisUrl: string;
  let emulator: RunningEmulator;
  let app: TestStrapi;

  beforeAll(async () => {
    redisUrl = await requireRedis();
    emulator = await startTestEmulator({ items: 1_000 });
    app = await startTestStrapi({ emulator: emulator.info });
    // The minute scan would sync the drives below outside the queues this test runs them through.
    app.strapi.cron.remove(SCHEDULER_JOB);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('gives its slot up after N pages while another drive waits, and goes on exact from its cursor', async () => {
    const control = ControlClient.from(emulator.info);
    const large = emulator.info.largeDriveId!;
    const small = emulator.info.sites[0].drives[0].id;
    expect(small).not.toBe(large);
    await control.setDeltaPageSize(large, 100);
    const [largeTruth, smallTruth] = [await control.tree(large), await control.tree(small)];
    await control.close();
    const { id: longDrive } = await createDriveRow(app.strapi, emulator.info, large, {
      lastSyncAt: null,
    });
    const { id: otherDrive } = await createDriveRow(app.strapi, emulator.info, small, {
      lastSyncAt: null,
    });

    // The long sync's first committed page waits until the other drive's job waits in the queue.
    let longStarted!: () => void;
    const started = new Promise<void>((resolve) => (longStarted = resolve));
    let otherQueued!: () => void;
    const queued = new Promise<void>((resolve) => (otherQueued = resolve));
    const engine = createSyncEngine(app.strapi, app.strapi.plugin(PLUGIN_ID).service('graph'), {
      yieldAfterPages: 3,
      afterCommit: async (driveId) => {
        if (driveId !== longDrive) return;
        longStarted();
        await queued;
      },
    });
    const runs: Array<{ driveId: number; pages: number; yielded: boolean }> = [];
    const prefix = `external-drives-test-${randomUUID()}`;
    // One slot: the other drive's job waits while the long sync holds it.
    const queues = createRedisQueues<SyncRunSummary>(
      async (driveId, trigger, slot) => {
        const summary = await engine.syncDrive(driveId, trigger as SyncTrigger, slot);
        runs.push({ driveId, pages: summary.pages, yielded: Boolean(summary.yielded) });
        return summary;
      },
      { redisUrl, prefix, concurrency: 1 }
    );
    try {
      const long = queues.request(longDrive, 'connect');
      await started;
      await queues.enqueue(otherDrive, 'connect');
      otherQueued();

      // Whoever asked for the long sync is answered with its end, not with the part that yielded.
      const end = await long;
      expect(end).toMatchObject({ status: 'succeeded', fullEnumeration: true });
      expect(end.yielded).toBeUndefined();
      await until('the other drive synced', () => runs.some((run) => run.driveId === otherDrive));
      // 1,000 items and the root at 100 a page: 3 pages, the other drive, then the 8 left (with
      // nobody waiting any more, the rest goes to its end).
      expect(runs).toEqual([
        { driveId: longDrive, pages: 3, yielded: true },
        { driveId: otherDrive, pages: expect.any(Number), yielded: false },
        { driveId: longDrive, pages: 8, yielded: false },
      ]);
      expect(await syncedTree(app.strapi, longDrive)).toEqual(comparableTree(largeTruth));
      expect(await syncedTree(app.strapi, otherDrive)).toEqual(comparableTree(smallTruth));
    } finally {
      await queues.close();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
