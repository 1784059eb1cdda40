/**
 * The Redis runner's queues: drive syncs run through bull queues on Redis, so several Strapi
 * instances share the work (`redis-runner.ts` drives them from the sync service's schedule).
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
 * - A long run gives its slot up (see `RunSlot`) after a committed page while jobs of other drives
 *   wait in the queue: its job ends with the cursor saved, and before it ends it queues the drive
 *   again (merged as any request), behind the jobs that waited. Its outcome names that job, and
 *   whoever waits for the run follows it to the final answer.
 * - Redis may lose everything it holds (a restart without persistence, a flush, a failover to an
 *   empty replica): queued jobs, schedules, locks. A marker key tells: when it is gone, one
 *   instance calls `onDataLost` (the service restores schedules and queues every drive once), and
 *   a request whose job vanished is asked again instead of waiting forever.
 */
import Queue from 'bull';
import Redis from 'ioredis';
import { createDriveKeys } from './redis-keys';
import { hasYielded, type RunFn } from './runner';

export interface RedisQueuesOptions {
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
  /** Redis lost what it held: called once (on one instance) after it comes back empty. */
  onDataLost?: () => Promise<void>;
  /** How often Redis is checked for lost data (also on every reconnection). */
  dataCheckMs?: number;
}

interface SyncJobData {
  driveId: number;
  trigger: string;
  generation: number;
}

/** `continuedBy`: the run gave its slot up; the job that goes on from its cursor. */
type Outcome<T> = { value: T; continuedBy?: string } | { failure: unknown };

const LOST = Symbol('the job is gone from Redis');

const SYNC_QUEUE = 'external-drives-sync';
const SCHEDULE_QUEUE = 'external-drives-schedule';
const LOCK_POLL_MS = 200;
/** How often a waiting request checks that its job still exists. */
const LOST_JOB_POLL_MS = 2000;
const DATA_CHECK_MS = 60_000;
/** Waiting jobs looked at for one of another drive (at most one waits per drive, so a few do). */
const WAITING_LOOKED_AT = 10;
/** Finished jobs stay a while, so an instance waiting for one always finds how it ended. */
const KEEP_FINISHED = { age: 24 * 3600, count: 5000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * While Redis is down, every connection (ours and bull's three per queue) fails each reconnect
 * attempt: the log tells when an outage starts and when it ends, not every attempt in between.
 */
function outageReporter(log: ((message: string) => void) | undefined) {
  let down = false;
  return {
    failed: (error: Error) => {
      if (down) return;
      down = true;
      log?.(`Redis is unreachable (${error.message}); retrying until it is back`);
    },
    recovered: () => {
      if (!down) return;
      down = false;
      log?.('Redis is reachable again');
    },
  };
}

export interface RedisQueues<T> {
  /** Resolves with the run that covers this request (merged into the drive's queued job). */
  request(driveId: number, trigger: string): Promise<T>;
  /** Queues the request (merged) and returns once bull has it. */
  enqueue(driveId: number, trigger: string): Promise<void>;
  /** One repeatable tick per drive; a changed interval replaces the old one. */
  schedule(driveId: number, everyMs: number): Promise<void>;
  unschedule(driveId: number): Promise<void>;
  /** The drives with a repeatable tick. */
  scheduledDrives(): Promise<number[]>;
  /** Stops taking work and closes the connections. */
  close(): Promise<void>;
}

export function createRedisQueues<T>(run: RunFn<T>, options: RedisQueuesOptions): RedisQueues<T> {
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
  const outage = outageReporter(options.log);
  // ioredis reconnects by itself; without a listener each failed attempt is printed as unhandled.
  redis.on('error', outage.failed);
  redis.on('ready', outage.recovered);
  const keys = createDriveKeys(redis, prefix);
  /*
   * The marker is written once this runner has seen Redis; finding it gone later means Redis lost
   * its data. SET NX makes exactly one instance (the first to notice) restore what was lost.
   */
  const markerKey = `${prefix}:data-marker`;
  let markerSeen = false;
  let checking: Promise<void> | null = null;
  const checkData = () =>
    (checking ??= (async () => {
      try {
        const created = (await redis.set(markerKey, new Date().toISOString(), 'NX')) === 'OK';
        if (created && markerSeen && !closing) {
          options.log?.(
            'Redis lost its data (restarted without persistence, or flushed): restoring the ' +
              'schedules and queueing every drive once'
          );
          await options.onDataLost?.();
        }
        markerSeen = true;
      } catch (error) {
        // Unreachable now: checked again on reconnection and on the next round.
        options.log?.(`could not check Redis for lost data: ${(error as Error).message}`);
      } finally {
        checking = null;
      }
    })());
  redis.on('ready', () => void checkData());
  const dataCheck = setInterval(() => void checkData(), options.dataCheckMs ?? DATA_CHECK_MS);
  dataCheck.unref();

  /** The job's outcome, or LOST when Redis no longer has the job (it will never finish). */
  async function outcomeOf(job: Queue.Job<SyncJobData>): Promise<Outcome<T> | typeof LOST> {
    const finished = job.finished() as Promise<Outcome<T>>;
    finished.catch(() => undefined); // Awaited below, or abandoned with its lost job.
    for (;;) {
      const settled = await Promise.race([
        finished.then((outcome) => ({ outcome })),
        sleep(LOST_JOB_POLL_MS).then(() => null),
      ]);
      if (settled) return settled.outcome;
      // undefined: Redis is unreachable right now, so nothing can be concluded yet.
      const current = await syncQueue.getJob(job.id).catch(() => undefined);
      if (current === null) return LOST;
      // An end whose event was missed (e.g. while reconnecting) is read from the job itself.
      const state = await current?.getState().catch(() => undefined);
      if (state === 'completed') return current!.returnvalue as Outcome<T>;
      if (state === 'failed') return { failure: toFailure(new Error(current!.failedReason)) };
    }
  }

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

  /** Whether a job of another drive waits for a slot (on any instance). */
  async function othersWaiting(driveId: number): Promise<boolean> {
    try {
      const waiting = await syncQueue.getWaiting(0, WAITING_LOOKED_AT - 1);
      return waiting.some((job) => job?.data && job.data.driveId !== driveId);
    } catch {
      // Redis unreachable: the run goes on rather than stop for drives nobody can see.
      return false;
    }
  }

  syncQueue.process(options.concurrency, async (job): Promise<Outcome<T>> => {
    const { driveId, trigger, generation } = job.data;
    const release = await holdDriveLock(driveId, String(job.id));
    try {
      // From here on, requests are no longer covered by this job: they queue the next one.
      await keys.advanceGeneration(driveId, generation);
      try {
        const value = await run(driveId, trigger, { othersWaiting: () => othersWaiting(driveId) });
        if (!hasYielded(value)) return { value };
        // Queued (or merged into the follow-up) before this job ends, still holding the drive's
        // lock: the drive never looks idle, and the next job goes on from the saved cursor.
        const next = await enqueueJob(driveId, trigger);
        return { value, continuedBy: String(next.id) };
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
    queue.on('error', outage.failed);
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
      let job = await enqueueJob(driveId, trigger);
      for (;;) {
        const outcome = await outcomeOf(job);
        let next: Queue.Job<SyncJobData> | null = null;
        if (outcome !== LOST) {
          if ('failure' in outcome) throw fromFailure(outcome.failure);
          if (!outcome.continuedBy) return outcome.value;
          // The run gave its slot up: the answer is the one of the job going on from its cursor.
          next = await syncQueue.getJob(outcome.continuedBy).catch(() => null);
        }
        // Redis lost the job (and with it how the run ended): the request is made again.
        job = next ?? (await enqueueJob(driveId, trigger));
      }
    },

    async enqueue(driveId, trigger) {
      await enqueueJob(driveId, trigger);
    },

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
      clearInterval(dataCheck);
      await scheduleQueue.close();
      await syncQueue.close();
      redis.disconnect();
    },
  };
}
