/**
 * The `sync` service: runs and schedules delta syncs of connected drives, in this process.
 * (A bull/Redis runner for several Strapi instances is the next step: see the README.)
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../constants';
import { createInProcessRunner } from '../jobs/in-process-runner';
import { createSyncEngine, type SyncRunSummary, type SyncTrigger } from './engine';
import { ensureItemIndexes } from './item-store';

const MAX_CONCURRENT_SYNCS = 2;
const SCHEDULER_JOB = 'external-drives-scheduled-sync';

const syncService = ({ strapi }: { strapi: Core.Strapi }) => {
  const engine = createSyncEngine(strapi);
  const runner = createInProcessRunner<SyncRunSummary>(
    (driveId, trigger) => engine.syncDrive(driveId, trigger as SyncTrigger),
    { concurrency: MAX_CONCURRENT_SYNCS }
  );

  /** Drives whose last sync is older than the interval the admin set. */
  async function dueDrives(): Promise<number[]> {
    const settings = strapi.plugin(PLUGIN_ID).service('settings') as {
      isConfigured(): Promise<boolean>;
      getIntegration(): Promise<{ syncIntervalMinutes: number }>;
    };
    if (!(await settings.isConfigured())) return [];
    const { syncIntervalMinutes } = await settings.getIntegration();
    const cutoff = new Date(Date.now() - syncIntervalMinutes * 60_000);
    const rows = (await strapi.db.query(UID.drive as never).findMany({
      select: ['id'],
      where: {
        status: { $ne: 'auth_required' },
        $or: [{ lastSyncAt: null }, { lastSyncAt: { $lt: cutoff } }],
      },
    })) as Array<{ id: number }>;
    return rows.map((row) => row.id);
  }

  return {
    async bootstrap() {
      await ensureItemIndexes(strapi);
      strapi.cron.add({
        [SCHEDULER_JOB]: {
          task: async () => {
            for (const driveId of await dueDrives()) {
              this.requestSync(driveId, 'schedule');
            }
          },
          options: { rule: '0 * * * * *' },
        },
      });
    },

    /** Runs (or joins) a sync of the drive and resolves with its run. */
    syncDrive(driveId: number, { trigger }: { trigger: SyncTrigger }): Promise<SyncRunSummary> {
      return runner.request(driveId, trigger);
    },

    /** Enqueues a sync and returns at once; failures are recorded on the run and the drive. */
    requestSync(driveId: number, trigger: SyncTrigger) {
      runner.request(driveId, trigger).catch((error: Error) => {
        strapi.log.warn(`[external-drives] sync of drive ${driveId} failed: ${error.message}`);
      });
    },

    getProgress: (driveId: number) => engine.getProgress(driveId),

    async listRuns(driveId: number, limit = 20) {
      return strapi.db.query(UID.syncRun as never).findMany({
        where: { driveId },
        orderBy: { id: 'desc' },
        limit,
      });
    },

    async destroy() {
      strapi.cron.remove(SCHEDULER_JOB);
      await runner.drain();
    },
  };
};

export type SyncService = ReturnType<typeof syncService>;
export default syncService;
