/**
 * What the sync service needs from a job runner, in-process or on Redis: run a drive's sync (or
 * join the one that covers the request), enqueue one without waiting, and stop.
 */
export type RunFn<T> = (driveId: number, trigger: string) => Promise<T>;

export interface SyncRunner<T> {
  /** Resolves with the run that covers this request (started for it, or merged into one waiting). */
  request(driveId: number, trigger: string): Promise<T>;
  /** Records the request and returns once it is queued; the run happens later. */
  enqueue(driveId: number, trigger: string): Promise<void>;
  /** Stops taking work and waits for the runs in flight. */
  close(): Promise<void>;
}
