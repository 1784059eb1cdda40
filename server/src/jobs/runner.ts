/**
 * The job runner: what the sync service asks of whoever runs and schedules drive syncs, in this
 * process (`in-process-runner.ts`, several instances coordinated through database leases) or on
 * Redis (`redis-runner.ts`, bull queues). `create-runner.ts` picks one from the config; the service
 * never knows which.
 *
 * Merging: every request is covered by one run of the drive that starts after it is made. A
 * request while the drive's run waits to start joins that run; a request while it runs queues one
 * follow-up, which later requests join. One run per drive at a time, across every instance.
 */
export type RunFn<T> = (driveId: number, trigger: string, slot?: RunSlot) => Promise<T>;

/**
 * What a run knows of the slot it holds: whether other drives wait for one. A long run (a first
 * sync of a big drive) gives its slot up between two committed pages when they do, and goes on
 * from its cursor when its turn comes again, so it cannot starve everyone's incremental syncs.
 */
export interface RunSlot {
  /** Asked only once a run is long enough to give its slot up (on Redis, it asks the queue). */
  othersWaiting(): boolean | Promise<boolean>;
}

/** A run's answer that says it gave its slot up before its end (it is queued again). */
export const hasYielded = (result: unknown): boolean =>
  typeof result === 'object' &&
  result !== null &&
  (result as { yielded?: unknown }).yielded === true;

export interface JobRunner<T> {
  /** Starts the schedule (and takes work, on Redis). */
  start(): Promise<void>;
  /** Resolves with the run that covers this request (started for it, or merged into one). */
  request(driveId: number, trigger: string): Promise<T>;
  /** Records the request (merged as `request` does) and returns once it is queued. */
  enqueue(driveId: number, trigger: string): Promise<void>;
  /** Puts a newly connected drive on the schedule. */
  schedule(driveId: number): Promise<void>;
  /**
   * Makes the schedule match the drives and the interval now: after the interval changed, after
   * drives came or went, after the schedule itself was lost.
   */
  reconcile(): Promise<void>;
  /** Stops taking work and waits for the runs in flight. */
  close(): Promise<void>;
}

/** Whether a drive's scheduled tick syncs it. */
export type TickDecision = 'sync' | 'skip' | 'gone';

/** What the runners ask the sync service about the schedule: the drives table and the settings. */
export interface DriveSchedule {
  /** The time between two scheduled syncs of a drive. */
  intervalMs(): Promise<number>;
  /** Every drive the schedule holds. */
  driveIds(): Promise<number[]>;
  /** A drive's tick: sync it, skip this tick (waiting for credentials, not configured), or gone. */
  atTick(driveId: number): Promise<TickDecision>;
  /**
   * Drives the scheduler may sync whose last sync is older than the interval (an hour at least for
   * drives with live change notifications), the longest overdue first.
   */
  dueDriveIds(): Promise<number[]>;
  /** Whether the drive is (still) among the due ones. */
  isDue(driveId: number): Promise<boolean>;
}
