/**
 * The in-process runner's queue: one sync per drive at a time in this process (across instances,
 * the drive's lease), at most `concurrency` drives at once. Requests are merged: asking for a
 * drive that already has a run waiting joins that run, and asking while a run is going queues
 * exactly one follow-up run after it (changes that arrived during the run are then picked up, and
 * a burst of "Sync Now" costs one extra run, not many).
 * A run that gives its slot up while other drives wait (see `RunSlot`) queues again behind them,
 * still as the same request: whoever waits for it gets the run's final answer.
 */
import { hasYielded, type RunFn } from './runner';

export interface DriveQueue<T> {
  /** Resolves with the run that covers this request (started for it, or merged into one waiting). */
  request(driveId: number, trigger: string): Promise<T>;
  /** Merges the request as `request` does; nobody waits for the run (failures go to `onError`). */
  enqueue(driveId: number, trigger: string): void;
  /** Whether the drive has a run going or waiting in this process. */
  isBusy(driveId: number): boolean;
  /** Waits for every run in flight (shutdown). */
  drain(): Promise<void>;
}

interface DriveSlot<T> {
  running?: Promise<T>;
  followUp?: Promise<T>;
}

export function createDriveQueue<T>(
  run: RunFn<T>,
  {
    concurrency,
    onError,
  }: { concurrency: number; onError?: (driveId: number, error: Error) => void }
): DriveQueue<T> {
  const slots = new Map<number, DriveSlot<T>>();
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = () =>
    active < concurrency
      ? Promise.resolve(void (active += 1))
      : new Promise<void>((resolve) => waiting.push(() => resolve(void (active += 1))));
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };

  const start = (driveId: number, trigger: string, after?: Promise<unknown>): Promise<T> => {
    const slot = slots.get(driveId) ?? {};
    slots.set(driveId, slot);
    const self: { promise?: Promise<T> } = {};
    self.promise = (async () => {
      // Always yields before touching the slot, so `self.promise` is set by then.
      await (after ?? Promise.resolve()).catch(() => undefined);
      slot.running = self.promise;
      slot.followUp = undefined;
      try {
        for (;;) {
          await acquire();
          let result: T;
          try {
            result = await run(driveId, trigger, { othersWaiting: () => waiting.length > 0 });
          } finally {
            release();
          }
          // Yielded: back in line behind the drives that waited for a slot.
          if (!hasYielded(result)) return result;
        }
      } finally {
        if (slot.running === self.promise) slot.running = undefined;
        if (!slot.running && !slot.followUp) slots.delete(driveId);
      }
    })();
    // A run with nothing before it holds the slot at once, so a second request joins it.
    if (!after) slot.running = self.promise;
    return self.promise;
  };

  /** The run that covers this request (started now, or merged into one waiting). */
  const request = (driveId: number, trigger: string): Promise<T> => {
    const slot = slots.get(driveId);
    if (!slot?.running) return start(driveId, trigger);
    if (slot.followUp) return slot.followUp;
    slot.followUp = start(driveId, trigger, slot.running);
    return slot.followUp;
  };

  const drain = async () => {
    await Promise.allSettled(
      [...slots.values()].flatMap((slot) => [slot.running, slot.followUp].filter(Boolean))
    );
  };

  return {
    request,

    enqueue(driveId: number, trigger: string) {
      // Failures are recorded on the run and the drive by the run itself; nobody waits here.
      request(driveId, trigger).catch((error: Error) => onError?.(driveId, error));
    },

    isBusy: (driveId: number) => Boolean(slots.get(driveId)?.running),

    drain,
  };
}
