/**
 * The job runner on Redis (`redisUrl` set): bull queues shared by every Strapi instance on that
 * Redis (`redis-queues.ts`: merged requests, one run per drive across instances, stalled runs
 * recovered) and one repeatable tick per drive at the interval, whichever the number of
 * instances. Each tick asks the schedule whether to sync; a drive gone from the database loses
 * its tick.
 */
import { fromFailure, toFailure } from './failures';
import { createRedisQueues, type RedisQueues } from './redis-queues';
import type { DriveSchedule, JobRunner, RunFn } from './runner';

export interface RedisRunnerOptions {
  redisUrl: string;
  /** Keeps the queues of different databases apart (`queue-prefix.ts`). */
  prefix: string;
  /** Drives synced at once by this instance. */
  concurrency: number;
  log: (message: string) => void;
}

export function createRedisRunner<T>(
  run: RunFn<T>,
  schedule: DriveSchedule,
  { redisUrl, prefix, concurrency, log }: RedisRunnerOptions
): JobRunner<T> {
  async function tick(driveId: number) {
    const decision = await schedule.atTick(driveId);
    if (decision === 'gone') await queues.unschedule(driveId);
    if (decision === 'sync') await queues.enqueue(driveId, 'schedule');
  }

  /** One repeatable tick per existing drive at the current interval, none for others. */
  async function reconcile() {
    const every = await schedule.intervalMs();
    const driveIds = await schedule.driveIds();
    for (const driveId of await queues.scheduledDrives()) {
      if (!driveIds.includes(driveId)) await queues.unschedule(driveId);
    }
    for (const driveId of driveIds) await queues.schedule(driveId, every);
  }

  /**
   * Redis came back empty: the schedules are added again and every drive is queued once, which
   * covers the requests that were waiting in the lost queue (merged into one run per drive).
   */
  async function restoreAfterDataLoss() {
    await reconcile();
    for (const driveId of await schedule.driveIds()) await tick(driveId);
  }

  const queues: RedisQueues<T> = createRedisQueues<T>(run, {
    redisUrl,
    prefix,
    concurrency,
    onTick: tick,
    toFailure,
    fromFailure,
    log,
    onDataLost: restoreAfterDataLoss,
  });

  return {
    start: reconcile,
    request: (driveId, trigger) => queues.request(driveId, trigger),
    enqueue: (driveId, trigger) => queues.enqueue(driveId, trigger),
    async schedule(driveId) {
      await queues.schedule(driveId, await schedule.intervalMs());
    },
    reconcile,
    close: () => queues.close(),
  };
}
