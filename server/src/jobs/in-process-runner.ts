/**
 * The job runner without Redis: runs in this process (`drive-queue.ts`: merged requests, a limit
 * of drives at once), coordinated with the other Strapi instances on the same database by leases.
 *
 * - A run holds its drive's lease (`drive:<id>`) from start to end, so a drive syncs on one
 *   instance at a time; a request meets a run elsewhere by waiting for the lease.
 * - The schedule is the drives table itself: every minute each instance looks for drives whose
 *   last sync is older than the interval. A due drive is scheduled by the one instance that claims
 *   its tick (`schedule:<id>`), and only when no run of it is going anywhere and it is still due
 *   once claimed (a run that ended meanwhile moved its last sync), so a drive is never synced twice
 *   for one interval however many instances look.
 */
import type { Core } from '@strapi/strapi';
import type { Leases } from '../leases/leases';
import { createDriveQueue } from './drive-queue';
import type { DriveSchedule, JobRunner, RunFn } from './runner';

/** The minute scan's cron job (a suite that runs the engine itself removes it). */
export const SCHEDULER_JOB = 'external-drives-scheduled-sync';
const SCAN_RULE = '0 * * * * *';
/** A tick's claim lapses before the next scan, whichever instance makes that one. */
const TICK_CLAIM_MS = 50_000;

export interface InProcessRunnerOptions {
  /** Drives synced at once by this instance. */
  concurrency: number;
  leases: Leases;
  cron: Core.Strapi['cron'];
  log: (message: string) => void;
}

const driveLease = (driveId: number) => `drive:${driveId}`;

export function createInProcessRunner<T>(
  run: RunFn<T>,
  schedule: DriveSchedule,
  { concurrency, leases, cron, log }: InProcessRunnerOptions
): JobRunner<T> {
  const closing = new AbortController();
  const queue = createDriveQueue<T>(
    async (driveId, trigger, slot) => {
      const lease = await leases.hold(driveLease(driveId), closing.signal);
      try {
        return await run(driveId, trigger, slot);
      } finally {
        // Released after the run recorded its end (the drive's last sync), never before.
        await lease.release();
      }
    },
    {
      concurrency,
      // Nobody waits for this run: it recorded its failure on the run and the drive.
      onError: (driveId, error) => log(`sync of drive ${driveId} failed: ${error.message}`),
    }
  );

  async function scan() {
    // The longest overdue first: the queue starts them in this order as slots free up.
    for (const driveId of await schedule.dueDriveIds()) {
      // A drive syncing here is not due: its last sync moves when the run ends, and queueing
      // behind it would start a second run the moment the first one ends.
      if (queue.isBusy(driveId)) continue;
      if (!(await leases.claimFor(`schedule:${driveId}`, TICK_CLAIM_MS))) continue;
      // Claim first, then look: a run elsewhere either holds the lease now, or has ended and
      // moved the drive's last sync before releasing it.
      if (await leases.isHeld(driveLease(driveId))) continue;
      if (!(await schedule.isDue(driveId))) continue;
      queue.enqueue(driveId, 'schedule');
    }
  }

  const scanLogged = () =>
    scan().catch((error: Error) => log(`the scheduled sync scan failed: ${error.message}`));

  return {
    async start() {
      cron.add({ [SCHEDULER_JOB]: { task: scanLogged, options: { rule: SCAN_RULE } } });
    },

    request: (driveId, trigger) => queue.request(driveId, trigger),

    async enqueue(driveId, trigger) {
      queue.enqueue(driveId, trigger);
    },

    // The schedule is read from the drives table at every scan: a new drive is found there.
    async schedule() {},

    /** Nothing is stored to move: scanning now applies a new interval at once. */
    reconcile: scanLogged,

    async close() {
      cron.remove(SCHEDULER_JOB);
      // Runs waiting for a lease held elsewhere give up; runs going finish.
      closing.abort();
      await queue.drain();
    },
  };
}
