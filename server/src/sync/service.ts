/**
 * The `sync` service: runs and schedules delta syncs of connected drives.
 *
 * Without Redis, an in-process runner on Strapi's cron (one sync per drive at a time, a global
 * limit). With `redisUrl`, bull queues shared by every Strapi instance on that Redis: a repeatable
 * job per drive, merged requests, one run per drive across instances, stalled runs recovered.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../constants';
import { createDriveTable } from '../drives/table';
import type { PluginConfig } from '../config';
import { externalDrivesError, isExternalDrivesError } from '../graph/errors';
import { createInProcessRunner } from '../jobs/in-process-runner';
import { queuePrefixFor } from '../jobs/queue-prefix';
import { createRedisRunner } from '../jobs/redis-runner';
import type { SyncRunner } from '../jobs/runner';
import type { ErrorCode } from '../../../shared/errors';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../settings/service';
import { createSyncEngine, type SyncRunSummary, type SyncTrigger } from './engine';
import { ensureItemIndexes } from '../items/store';

const MAX_CONCURRENT_SYNCS = 2;
/** Syncs that look for changes rather than being told of them. */
const POLLING_TRIGGERS = new Set(['schedule', 'manual']);
/** The in-process scheduler's cron job (a test that runs the engine itself removes it). */
export const SCHEDULER_JOB = 'external-drives-scheduled-sync';

/** A failure as it travels through Redis to the instance waiting for the run. */
interface SerializedFailure {
  code: ErrorCode;
  message: string;
  nextStep?: string;
  httpStatus: number;
}

const toFailure = (error: unknown): SerializedFailure =>
  isExternalDrivesError(error)
    ? {
        code: error.code,
        message: error.message,
        nextStep: error.nextStep,
        httpStatus: error.statusCode,
      }
    : { code: 'unexpected', message: (error as Error).message, httpStatus: 500 };

const fromFailure = (failure: unknown) => {
  const { code, message, nextStep, httpStatus } = failure as SerializedFailure;
  return externalDrivesError(code, { message, nextStep: nextStep ?? '', httpStatus });
};

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
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const drives = createDriveTable(strapi);
  const run = async (driveId: number, trigger: string) => {
    const summary = await engine.syncDrive(driveId, trigger as SyncTrigger);
    const changed = summary.itemsAdded + summary.itemsUpdated + summary.itemsDeleted > 0;
    if (changed && POLLING_TRIGGERS.has(trigger)) await onPolledChanges(driveId);
    return summary;
  };
  const logFailure = (driveId: number, error: Error) =>
    strapi.log.warn(`[external-drives] sync of drive ${driveId} failed: ${error.message}`);

  type RedisRunner = ReturnType<typeof createRedisRunner<SyncRunSummary>>;
  type InProcessRunner = ReturnType<typeof createInProcessRunner<SyncRunSummary>>;
  let redisRunner: RedisRunner | null = null;
  let inProcessRunner: InProcessRunner | null = null;
  let runner: SyncRunner<SyncRunSummary> | null = null;

  /** Created on first use: the database (which names the queues) is ready by then. */
  const getRunner = (): SyncRunner<SyncRunSummary> => {
    if (runner) return runner;
    const redisUrl = config()?.redisUrl;
    if (redisUrl) {
      redisRunner = createRedisRunner<SyncRunSummary>(run, {
        redisUrl,
        prefix: queuePrefixFor(strapi.db.config.connection),
        concurrency: MAX_CONCURRENT_SYNCS,
        onTick: (driveId) => scheduledTick(driveId),
        toFailure,
        fromFailure,
        log: (message) => strapi.log.warn(`[external-drives] ${message}`),
        onDataLost: restoreAfterDataLoss,
      });
      runner = redisRunner;
    } else {
      inProcessRunner = createInProcessRunner<SyncRunSummary>(run, {
        concurrency: MAX_CONCURRENT_SYNCS,
        onError: logFailure,
      });
      runner = inProcessRunner;
    }
    return runner;
  };

  const intervalMs = async () => (await settings.getIntegration()).syncIntervalMinutes * 60_000;

  /** Drives the scheduler may sync: not waiting for an admin to fix their credentials. */
  const schedulable = (drive: { status?: string } | null) =>
    Boolean(drive) && drive!.status !== 'auth_required';

  /** In-process: drives whose last sync is older than the interval. */
  async function dueDrives(): Promise<number[]> {
    if (!(await settings.isConfigured())) return [];
    return drives.dueForSync(new Date(Date.now() - (await intervalMs())));
  }

  /** Redis: a drive's repeatable tick fired (on whichever instance took it). */
  async function scheduledTick(driveId: number) {
    const drive = await drives.find(driveId, ['id', 'status']);
    if (!drive) {
      await redisRunner!.unschedule(driveId);
      return;
    }
    if (schedulable(drive) && (await settings.isConfigured())) {
      await redisRunner!.enqueue(driveId, 'schedule');
    }
  }

  /** Redis: one repeatable tick per existing drive at the current interval, none for others. */
  async function reconcileSchedules() {
    const every = await intervalMs();
    const ids = (await drives.statuses()).map((row) => row.id);
    for (const driveId of await redisRunner!.scheduledDrives()) {
      if (!ids.includes(driveId)) await redisRunner!.unschedule(driveId);
    }
    for (const driveId of ids) await redisRunner!.schedule(driveId, every);
  }

  /**
   * Redis came back empty: the schedules are added again and every drive is queued once, which
   * covers the requests that were waiting in the lost queue (merged into one run per drive).
   */
  async function restoreAfterDataLoss() {
    await reconcileSchedules();
    if (!(await settings.isConfigured())) return;
    for (const drive of await drives.statuses()) {
      if (schedulable(drive)) await redisRunner!.enqueue(drive.id, 'schedule');
    }
  }

  return {
    async bootstrap() {
      await ensureItemIndexes(strapi);
      getRunner();
      if (redisRunner) {
        await reconcileSchedules();
        return;
      }
      strapi.cron.add({
        [SCHEDULER_JOB]: {
          task: async () => {
            getRunner();
            for (const driveId of await dueDrives()) {
              // A drive still syncing is not due: its lastSyncAt only moves when the run ends,
              // and queueing behind it would start a second run the moment the first one ends.
              if (!inProcessRunner!.isBusy(driveId))
                await inProcessRunner!.enqueue(driveId, 'schedule');
            }
          },
          options: { rule: '0 * * * * *' },
        },
      });
    },

    /** Runs (or joins) a sync of the drive and resolves with its run. */
    syncDrive(driveId: number, { trigger }: { trigger: SyncTrigger }): Promise<SyncRunSummary> {
      return getRunner().request(driveId, trigger);
    },

    /** Enqueues a sync and returns at once; failures are recorded on the run and the drive. */
    requestSync(driveId: number, trigger: SyncTrigger) {
      const queued = async () => {
        // A newly connected drive gets its schedule with its first sync.
        if (redisRunner && trigger === 'connect')
          await redisRunner.schedule(driveId, await intervalMs());
        await getRunner().enqueue(driveId, trigger);
      };
      queued().catch((error: Error) => logFailure(driveId, error));
    },

    /** The admin changed the interval: in-process ticks read it each minute; Redis repeats move. */
    async intervalChanged() {
      if (redisRunner) await reconcileSchedules();
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
      if (!redisRunner) strapi.cron.remove(SCHEDULER_JOB);
      await runner?.close();
    },
  };
};

export type SyncService = ReturnType<typeof createSyncService>;
