/**
 * The `sync` service: runs and schedules delta syncs of connected drives through the job runner
 * the config picks (`jobs/create-runner.ts`: in-process with database leases, or bull on Redis),
 * and tells that runner what its schedule holds: the drives and the interval.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { createDriveTable } from '../drives/table';
import type { GraphService } from '../graph/service';
import { ensureItemIndexes } from '../items/store';
import { ensureListFieldIndexes } from './list-fields/table';
import { createJobRunner } from '../jobs/create-runner';
import type { DriveSchedule, JobRunner, RunSlot } from '../jobs/runner';
import type { SettingsService } from '../settings/service';
import { createSyncEngine, type SyncRunSummary, type SyncTrigger } from './engine';

/** Syncs that look for changes rather than being told of them. */
const POLLING_TRIGGERS = new Set(['schedule', 'manual']);

/**
 * How often a drive with a live change-notification subscription is polled all the same (or at the
 * interval, when that is longer): notifications bring its changes, and each costs the tenant's
 * budget nothing until it comes; polling stays only as the safety net for a notification Graph
 * never sent (docs/architecture.md, pacing).
 */
export const SUBSCRIBED_POLL_MS = 60 * 60_000;

interface SyncDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'isConfigured' | 'getIntegration'>;
  graph: Pick<GraphService, 'clientForDrive'>;
  /**
   * A polled sync (scheduled, or Sync Now) found changes. Notifications sit above sync (they ask it
   * for syncs), so the wiring passes their check in as this callback.
   */
  onPolledChanges: (driveId: number) => Promise<void>;
}

export const createSyncService = ({ strapi, settings, graph, onPolledChanges }: SyncDeps) => {
  const engine = createSyncEngine(strapi, graph);
  const drives = createDriveTable(strapi);
  const run = async (driveId: number, trigger: string, slot?: RunSlot) => {
    const summary = await engine.syncDrive(driveId, trigger as SyncTrigger, slot);
    // Given up for waiting drives: queued again, and the run that ends the round reports.
    if (summary.yielded) return summary;
    const changed = summary.itemsAdded + summary.itemsUpdated + summary.itemsDeleted > 0;
    if (changed && POLLING_TRIGGERS.has(trigger)) await onPolledChanges(driveId);
    return summary;
  };
  const logFailure = (driveId: number, error: Error) =>
    strapi.log.warn(`[external-drives] sync of drive ${driveId} failed: ${error.message}`);

  const intervalMs = async () => (await settings.getIntegration()).syncIntervalMinutes * 60_000;

  /**
   * Drives the scheduler may sync (not waiting for an admin to fix their credentials) whose last
   * sync is older than the interval (the safety net's, for drives with live subscriptions), the
   * longest overdue first; with `driveId`, that drive if it is one of them.
   */
  async function dueDrives(driveId?: number): Promise<number[]> {
    if (!(await settings.isConfigured())) return [];
    const every = await intervalMs();
    const now = Date.now();
    return drives.dueForSync(
      new Date(now - every),
      new Date(now - Math.max(every, SUBSCRIBED_POLL_MS)),
      driveId
    );
  }

  /**
   * A repeatable tick (Redis) comes at the interval: for a drive with a live subscription it syncs
   * only once the safety net's time is near (the next tick would come after it).
   */
  async function withinSafetyNet(driveId: number): Promise<boolean> {
    const every = await intervalMs();
    const state = await drives.pollingState(driveId);
    if (!state?.subscribed || state.lastSyncAt === null) return false;
    return state.lastSyncAt > Date.now() - (SUBSCRIBED_POLL_MS - every);
  }

  /** The runner's schedule: the drives table and the interval in the settings. */
  const schedule: DriveSchedule = {
    intervalMs,
    async driveIds() {
      return (await drives.statuses()).map((row) => row.id);
    },
    async atTick(driveId) {
      const drive = await drives.find(driveId, ['status']);
      if (!drive) return 'gone';
      const schedulable = drive.status !== 'auth_required' && (await settings.isConfigured());
      return schedulable && !(await withinSafetyNet(driveId)) ? 'sync' : 'skip';
    },
    dueDriveIds: () => dueDrives(),
    isDue: async (driveId) => (await dueDrives(driveId)).length > 0,
  };

  let jobs: JobRunner<SyncRunSummary> | undefined;
  /** Created on first use: the database (which names the Redis queues) is ready by then. */
  const runner = () => (jobs ??= createJobRunner(strapi, run, schedule));

  return {
    async bootstrap() {
      await ensureItemIndexes(strapi);
      await ensureListFieldIndexes(strapi);
      await runner().start();
    },

    /** Runs (or joins) a sync of the drive and resolves with its run. */
    syncDrive(driveId: number, { trigger }: { trigger: SyncTrigger }): Promise<SyncRunSummary> {
      return runner().request(driveId, trigger);
    },

    /** Enqueues a sync and returns at once; failures are recorded on the run and the drive. */
    requestSync(driveId: number, trigger: SyncTrigger) {
      const queued = async () => {
        // A newly connected drive gets its schedule with its first sync.
        if (trigger === 'connect') await runner().schedule(driveId);
        await runner().enqueue(driveId, trigger);
      };
      queued().catch((error: Error) => logFailure(driveId, error));
    },

    /** The admin changed the interval: the schedule follows at once, without a restart. */
    async intervalChanged() {
      await runner().reconcile();
    },

    getProgress: (driveId: number) => engine.getProgress(driveId),

    async listRuns(driveId: number, limit = 20) {
      return strapi.db.query(UID.syncRun).findMany({
        where: { driveId },
        orderBy: { id: 'desc' },
        limit,
      });
    },

    async destroy() {
      await jobs?.close();
    },
  };
};

export type SyncService = ReturnType<typeof createSyncService>;
