/**
 * The visible record of syncs: one `sync-run` row per run with its counters, and the drive's own
 * status (syncing, ok, error, auth_required), last sync times, last error and item count.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID } from '../constants';
import { createDriveTable } from '../drives/table';
import type { ExternalDrivesError } from '../graph/errors';
import type { GraphMetrics } from '../graph/retry-policy';
import type { SyncTrigger } from '../../../shared/contracts/sync';

export type { SyncTrigger };

export interface RunCounts {
  pages: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsDeleted: number;
}

export interface SyncRunSummary extends RunCounts {
  id: number;
  driveId: number;
  trigger: SyncTrigger;
  status: 'running' | 'succeeded' | 'failed';
  graphRequests: number;
  throttledWaits: number;
  fullEnumeration: boolean;
  error?: { code: string; message: string; nextStep?: string } | null;
  /** The run gave its slot up to waiting drives before its end; the next run goes on. */
  yielded?: boolean;
}

export const emptyCounts = (): RunCounts => ({
  pages: 0,
  itemsAdded: 0,
  itemsUpdated: 0,
  itemsDeleted: 0,
});

/** How a run cut off by its process stopping is shown. */
export const INTERRUPTED = {
  code: 'unexpected',
  message: 'The sync stopped with the server (a restart or a crash)',
  nextStep: 'Nothing to do: the next sync went on from where this one stopped.',
} as const;

export function createRunRecorder(strapi: Core.Strapi) {
  const drives = createDriveTable(strapi);
  const runs = () => strapi.db.query(UID.syncRun);

  return {
    async start(driveId: number, trigger: SyncTrigger, fullEnumeration: boolean) {
      // A run still marked running was cut off with its process (a crash, a kill): only one run of
      // a drive runs at a time, so it is over. It is closed as such; this run goes on from the
      // cursor it committed last.
      await runs().updateMany({
        where: { driveId, status: 'running' },
        data: { status: 'failed', finishedAt: new Date(), error: INTERRUPTED },
      });
      const run = (await runs().create({
        data: { driveId, trigger, status: 'running', startedAt: new Date(), fullEnumeration },
      })) as { id: number };
      await drives.update(driveId, { status: 'syncing' });
      return run.id;
    },

    async succeed(
      runId: number,
      driveId: number,
      trigger: SyncTrigger,
      counts: RunCounts,
      metrics: GraphMetrics,
      fullEnumeration: boolean,
      itemCount: number
    ): Promise<SyncRunSummary> {
      const now = new Date();
      await drives.update(driveId, {
        status: 'ok',
        lastSyncAt: now,
        lastSuccessfulSyncAt: now,
        lastError: null,
        itemCount,
      });
      return finish(runId, driveId, trigger, 'succeeded', counts, metrics, fullEnumeration, null);
    },

    /**
     * A run that gave its slot up: its pages are committed (the run succeeded as far as it went),
     * the drive stays `syncing` and due (its last sync does not move) until the run going on from
     * its cursor ends.
     */
    async yielded(
      runId: number,
      driveId: number,
      trigger: SyncTrigger,
      counts: RunCounts,
      metrics: GraphMetrics,
      fullEnumeration: boolean
    ): Promise<SyncRunSummary> {
      const summary = await finish(
        runId,
        driveId,
        trigger,
        'succeeded',
        counts,
        metrics,
        fullEnumeration,
        null
      );
      return { ...summary, yielded: true };
    },

    async fail(
      runId: number,
      driveId: number,
      trigger: SyncTrigger,
      counts: RunCounts,
      metrics: GraphMetrics,
      fullEnumeration: boolean,
      error: ExternalDrivesError
    ): Promise<SyncRunSummary> {
      const shown = { code: error.code, message: error.message, nextStep: error.nextStep };
      await drives.update(driveId, {
        // The scheduler skips drives waiting for an admin to fix their credentials.
        status:
          error.code === 'authenticationFailed'
            ? 'auth_required'
            : // The drive's folder is gone: kept as it was, shown as such, not scheduled.
              error.code === 'folderDeleted'
              ? 'folder_deleted'
              : 'error',
        lastSyncAt: new Date(),
        lastError: shown,
      });
      return finish(runId, driveId, trigger, 'failed', counts, metrics, fullEnumeration, shown);
    },
  };

  async function finish(
    runId: number,
    driveId: number,
    trigger: SyncTrigger,
    status: 'succeeded' | 'failed',
    counts: RunCounts,
    metrics: GraphMetrics,
    fullEnumeration: boolean,
    error: SyncRunSummary['error']
  ): Promise<SyncRunSummary> {
    const data = {
      status,
      finishedAt: new Date(),
      ...counts,
      graphRequests: metrics.requests,
      throttledWaits: metrics.throttledWaits,
      fullEnumeration,
      error,
    };
    await runs().update({ where: { id: runId }, data });
    return { id: runId, driveId, trigger, ...data };
  }
}

export type RunRecorder = ReturnType<typeof createRunRecorder>;

/** A disconnected drive's runs go, in the caller's transaction. */
export async function removeDriveRuns(trx: Knex.Transaction, driveId: number) {
  await trx(TABLE.syncRun).where('drive_id', driveId).del();
}
