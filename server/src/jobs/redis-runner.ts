/**
 * Runs drive syncs through bull queues on Redis, so several Strapi instances share the work.
 *
 * - "Sync Now" (and every other request) enqueues at once. Requests are merged: the queued job of a
 *   drive has the id `drive-<id>-g<generation>`, so adding it again while it waits is a no-op in
 *   bull. A run advances the drive's generation as it starts, so a request during a run queues
 *   exactly one follow-up job (the next generation), which later requests join.
 * - One run per drive at a time across instances: a run holds the drive's lock in Redis (renewed
 *   while it runs); a follow-up picked up meanwhile waits for it.
 * - Stalled jobs recover: when an instance dies mid-run, bull's stalled check hands the job to
 *   another instance, which takes the lock over (same job id) and resumes from the saved cursor.
 * - Schedules are repeatable jobs per drive (one per drive whatever the number of instances); each
 *   tick goes through the same merged enqueue.
 */
import Queue from 'bull';
import Redis from 'ioredis';
import { createDriveKeys } from './redis-keys';
import type { RunFn, SyncRunner } from './runner';

export interface RedisRunnerOptions {
  redisUrl: string;
  /** Runs at once in this instance (each instance has its own limit). */
  concurrency: number;
  /** Keeps queues and keys of different deployments (or tests) apart. */
  prefix?: string;
  /** A scheduled tick for a drive: the service decides whether to enqueue or unschedule it. */
  onTick?: (driveId: number) => Promise<void>;
  /** How failures travel through Redis to the instance waiting for the run. */
  toFailure?: (error: unknown) => unknown;
  fromFailure?: (failure: unknown) => Error;
  /** bull's job lock: a run whose instance stops renewing it for this long is stalled. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long a drive lock outlives an instance that died holding it. */
  driveLockTtlMs?: number;
  log?: (message: string) => void;
}

interface SyncJobData {
  driveId: number;
  trigger: string;
  generation: number;
}

type Outcome<T> = { value: T } | { failure: unknown };

const SYNC_QUEUE = 'external-drives-sync';
const SCHEDULE_QUEUE = 'external-drives-schedule';
const LOCK_POLL_MS = 200;
/** Finished jobs stay a while, so an instance waiting for one always finds how it ended. */
const KEEP_FINISHED = { age: 24 * 3600, count: 5000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRedisRunner<T>(
  run: RunFn<T>,
  options: RedisRunnerOptions
): SyncRunner<T> & {
  schedule(driveId: number, everyMs: number): Promise<void>;
  unschedule(driveId: number): Promise<void>;
  scheduledDrives(): Promise<number[]>;
} {
  const prefix = options.prefix ?? 'external-drives';
  const driveLockTtlMs = options.driveLockTtlMs ?? 30_000;
  const queueOptions: Queue.QueueOptions = {
    prefix,
    settings: {
      lockDuration: options.lockDurationMs ?? 60_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      // A drive whose instance died twice in a row is still resumed, not failed.
      maxStalledCount: 5,
    },
  };
  const syncQueue = new Queue<SyncJobData>(SYNC_QUEUE, options.redisUrl, queueOptions);
  const scheduleQueue = new Queue<{ driveId: number }>(
    SCHEDULE_QUEUE,
    options.redisUrl,
    queueOptions
  );
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const keys = createDriveKeys(redis, prefix);
  const toFailure = options.toFailure ?? ((error) => ({ message: (error as Error).message }));
  const fromFailure =
    options.fromFailure ?? ((failure) => new Error((failure as { message?: string }).message));
  let closing = false;

  async function holdDriveLock(driveId: number, holder: string) {
    while (!(await keys.takeLock(driveId, holder, driveLockTtlMs))) {
      if (closing) throw new Error('The runner is closing');
      await sleep(LOCK_POLL_MS);
    }
    const renewal = setInterval(() => {
      keys.renewLock(driveId, holder, driveLockTtlMs).catch(() => undefined);
    }, driveLockTtlMs / 3);
    return async () => {
      clearInterval(renewal);
      await keys.releaseLock(driveId, holder);
    };
  }

  syncQueue.process(options.concurrency, async (job): Promise<Outcome<T>> => {
    const { driveId, trigger, generation } = job.data;
    const release = await holdDriveLock(driveId, String(job.id));
    try {
      // From here on, requests are no longer covered by this job: they queue the next one.
      await keys.advanceGeneration(driveId, generation);
      try {
        return { value: await run(driveId, trigger) };
      } catch (error) {
        // The run recorded its failure; bull must not retry it, and the waiter needs its cause.
        return { failure: toFailure(error) };
      }
    } finally {
      await release();
    }
  });

  scheduleQueue.process(1, async (job) => {
    await options.onTick?.(job.data.driveId);
  });
  for (const queue of [syncQueue, scheduleQueue]) {
    queue.on('error', (error) => options.log?.(`queue error: ${error.message}`));
  }

  async function enqueueJob(driveId: number, trigger: string) {
    for (;;) {
      const generation = await keys.generation(driveId);
      const job = await syncQueue.add(
        { driveId, trigger, generation },
        {
          jobId: `drive-${driveId}-g${generation}`,
          removeOnComplete: KEEP_FINISHED,
          removeOnFail: KEEP_FINISHED,
        }
      );
      // The generation was read after this request was made, and a job advances it only as its
      // run starts: so job `generation` either has not started, or started after the request.
      // Either way its run covers the request, unless it ended without a run (e.g. its instance
      // closed while waiting for the lock), which leaves the generation where it was.
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') return job;
      if ((await keys.generation(driveId)) !== generation) return job;
      await keys.advanceGeneration(driveId, generation);
    }
  }

  const repeatId = (driveId: number) => `drive-${driveId}`;
  const scheduledJobs = async () =>
    (await scheduleQueue.getRepeatableJobs()).filter((job) => job.id?.startsWith('drive-'));

  return {
    async request(driveId, trigger) {
      const job = await enqueueJob(driveId, trigger);
      const outcome = (await job.finished()) as Outcome<T>;
      if ('failure' in outcome) throw fromFailure(outcome.failure);
      return outcome.value;
    },

    async enqueue(driveId, trigger) {
      await enqueueJob(driveId, trigger);
    },

    /** One repeatable tick per drive; a changed interval replaces the old one. */
    async schedule(driveId, everyMs) {
      for (const job of await scheduledJobs()) {
        if (job.id === repeatId(driveId) && job.every !== everyMs) {
          await scheduleQueue.removeRepeatableByKey(job.key);
        }
      }
      await scheduleQueue.add(
        { driveId },
        {
          jobId: repeatId(driveId),
          repeat: { every: everyMs },
          removeOnComplete: true,
          removeOnFail: true,
        }
      );
    },

    async unschedule(driveId) {
      for (const job of await scheduledJobs()) {
        if (job.id === repeatId(driveId)) await scheduleQueue.removeRepeatableByKey(job.key);
      }
    },

    async scheduledDrives() {
      return (await scheduledJobs()).map((job) => Number(job.id!.slice('drive-'.length)));
    },

    async close() {
      closing = true;
      await scheduleQueue.close();
      await syncQueue.close();
      redis.disconnect();
    },
  };
}
