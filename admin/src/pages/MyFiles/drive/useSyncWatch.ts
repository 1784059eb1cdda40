import { useEffect, useRef, useState } from 'react';
import { FRESH } from '../../../api/externalDrivesApi';
import { isDriveBusy, useDrive, usePolledDrive } from '../../../api/resources/drives';
import { useRefreshItems } from '../../../api/resources/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';

/** How often the page looks at a drive while a sync runs or is awaited. */
export const SYNC_WATCH_INTERVAL_MS = 2000;
/** How long the page keeps looking for the end of a requested sync that never shows. */
const SYNC_WATCH_MS = 5 * 60_000;

/**
 * One drive, watched while it syncs: the drive is polled while it is busy (a new drive until its
 * files arrive) or after Sync Now until a run has ended, and the drive's items are refreshed when
 * a run ends (its lastSyncAt moves), the folder having maybe changed since it was read.
 */
export const useSyncWatch = (driveId: number) => {
  const drive = useDrive(driveId, FRESH);
  useQueryErrorReport(drive.error);
  const [refreshItems] = useRefreshItems();
  // Sync Now may wait in the queue before the drive says "syncing": keep looking until a run has
  // ended (the drive's lastSyncAt moves), whatever the drive said in between.
  const [requestedSync, setRequestedSync] = useState<{ before: string | null } | null>(null);
  const isWatching = (drive.data ? isDriveBusy(drive.data) : false) || requestedSync !== null;
  const pollingInterval = isWatching ? SYNC_WATCH_INTERVAL_MS : 0;
  usePolledDrive(driveId, pollingInterval);

  const lastSyncAt = drive.data?.lastSyncAt;
  const seenLastSyncAt = useRef(lastSyncAt);
  useEffect(() => {
    if (lastSyncAt === seenLastSyncAt.current) return;
    const isFirstAnswer = seenLastSyncAt.current === undefined;
    seenLastSyncAt.current = lastSyncAt;
    if (!isFirstAnswer) void refreshItems(driveId);
    setRequestedSync((requested) =>
      requested && requested.before !== (lastSyncAt ?? null) ? null : requested
    );
  }, [lastSyncAt, driveId, refreshItems]);
  useEffect(() => {
    if (!requestedSync) return undefined;
    const giveUp = window.setTimeout(() => setRequestedSync(null), SYNC_WATCH_MS);
    return () => window.clearTimeout(giveUp);
  }, [requestedSync]);

  return {
    drive,
    /** For the drive's other reads (its folder) to be polled along with it. */
    pollingInterval,
    /** Sync Now was accepted: watch until a run ends after the one the drive last reported. */
    syncRequested: () => setRequestedSync({ before: drive.data?.lastSyncAt ?? null }),
  };
};
