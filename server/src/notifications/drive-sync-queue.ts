/**
 * Verified notifications, coalesced per drive. A drive not requested in the last `coalesceMs` is
 * requested at once (after the current POST's entries, so all of them join it: a change is synced
 * within moments); entries for it during the following `coalesceMs` wait and become ONE more
 * request at its end (Graph often sends several notifications for one change, and a burst of
 * changes many). The runner merges that one into a waiting run, or runs it after the current one,
 * which then catches what changed during it.
 *
 * The queue holds drive ids, each at most once, and only ids of drives the subscription index
 * knows: it is bounded by the number of subscribed drives, so it never has to refuse an entry (a
 * notification Graph could not deliver is lost for good).
 */
export function createDriveSyncQueue({
  requestSync,
  coalesceMs,
  now = Date.now,
}: {
  requestSync: (driveId: number) => void;
  coalesceMs: number;
  now?: () => number;
}) {
  const pending = new Set<number>();
  /** When each recently requested drive was requested (drives older than the window are forgotten). */
  const requestedAt = new Map<number, number>();
  let immediate: NodeJS.Immediate | null = null;
  let timer: NodeJS.Timeout | null = null;
  let highWater = 0;
  let requested = 0;

  const dueAt = (driveId: number) => (requestedAt.get(driveId) ?? -Infinity) + coalesceMs;

  const flushDue = () => {
    immediate = null;
    if (timer) clearTimeout(timer);
    timer = null;
    const time = now();
    let next = Infinity;
    for (const driveId of pending) {
      const due = dueAt(driveId);
      if (due > time) {
        next = Math.min(next, due);
        continue;
      }
      pending.delete(driveId);
      requestedAt.set(driveId, time);
      requested++;
      requestSync(driveId);
    }
    for (const [driveId, at] of requestedAt)
      if (at + coalesceMs <= time && !pending.has(driveId)) requestedAt.delete(driveId);
    if (next < Infinity) timer = setTimeout(flushDue, next - time);
  };

  return {
    add(driveId: number) {
      pending.add(driveId);
      highWater = Math.max(highWater, pending.size);
      if (immediate) return;
      if (dueAt(driveId) <= now()) immediate = setImmediate(flushDue);
      else timer ??= setTimeout(flushDue, dueAt(driveId) - now());
    },

    /** On shutdown: what is pending is dropped (the drives' scheduled syncs catch up). */
    close() {
      if (immediate) clearImmediate(immediate);
      if (timer) clearTimeout(timer);
      immediate = null;
      timer = null;
      pending.clear();
    },

    stats: () => ({
      pendingDrives: pending.size,
      maxPendingDrives: highWater,
      syncRequests: requested,
    }),
  };
}

export type DriveSyncQueue = ReturnType<typeof createDriveSyncQueue>;
