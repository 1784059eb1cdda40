/**
 * Verified notifications, coalesced per drive: the first one for a drive opens a short window
 * (`coalesceMs`), and when it closes the drive gets ONE sync request however many entries named it
 * meanwhile (Graph often sends several for one change, and a burst of changes sends many).
 *
 * The queue holds drive ids, each at most once, and only ids of drives the subscription index
 * knows: it is bounded by the number of subscribed drives, so it never has to refuse an entry (a
 * notification Graph could not deliver is lost for good).
 */
export function createDriveSyncQueue({
  requestSync,
  coalesceMs,
}: {
  requestSync: (driveId: number) => void;
  coalesceMs: number;
}) {
  const pending = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let highWater = 0;
  let requested = 0;

  const flush = () => {
    timer = null;
    const drives = [...pending];
    pending.clear();
    for (const driveId of drives) {
      requested++;
      requestSync(driveId);
    }
  };

  return {
    add(driveId: number) {
      pending.add(driveId);
      highWater = Math.max(highWater, pending.size);
      timer ??= setTimeout(flush, coalesceMs);
    },

    /** On shutdown: what is pending is dropped (the drives' scheduled syncs catch up). */
    close() {
      if (timer) clearTimeout(timer);
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
