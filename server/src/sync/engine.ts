/**
 * One delta sync of one drive, to its deltaLink.
 *
 * Each page is applied in one database transaction together with the cursor it leads to, so a
 * crash at any point resumes from the last committed page with nothing lost or doubled. Items are
 * tracked by id, never by path (paths are derived from parent ids when read), so a folder rename is
 * one row. Deleted items are swept at the end of the round, with whatever they left orphaned, as
 * Microsoft advises. A 410 restarts enumeration from the Location link and reconciles: items the
 * fresh enumeration did not see are removed, the rest updated in place.
 */
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import { PLUGIN_ID, TABLE, UID } from '../constants';
import { newMetrics } from '../graph/client';
import {
  externalDrivesError,
  toExternalDrivesError,
  type ExternalDrivesError,
} from '../graph/errors';
import type { GraphService } from '../graph/service';
import { parseCursor, serializeCursor, type DeltaCursor } from './delta-cursor';
import { createItemStore } from './item-store';
import { DRIVE_ITEM_SELECT, toItemRow, type DriveItemJson } from './item-mapper';

export type SyncTrigger = 'schedule' | 'manual' | 'webhook' | 'resync' | 'connect';

export interface SyncRunSummary {
  id: number;
  driveId: number;
  trigger: SyncTrigger;
  status: 'running' | 'succeeded' | 'failed';
  pages: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsDeleted: number;
  graphRequests: number;
  throttledWaits: number;
  fullEnumeration: boolean;
  error?: { code: string; message: string; nextStep?: string } | null;
}

export interface SyncProgress {
  runId: number;
  pages: number;
  items: number;
  /** Only when it can be known: a full enumeration of a drive whose size is known. */
  percent: number | null;
}

interface DriveRecord {
  id: number;
  scope: string;
  remoteDriveId: string;
  deltaLink?: string | null;
  itemCount?: number | null;
  ownerId?: number | null;
  accountId?: string | null;
}

const PAGE_SIZE = 1000;

const initialLink = (remoteDriveId: string) =>
  `/drives/${encodeURIComponent(remoteDriveId)}/root/delta?$top=${PAGE_SIZE}&$select=${DRIVE_ITEM_SELECT}`;

/** The latest state of each item in a page: an item may appear more than once. */
const latestById = (items: DriveItemJson[]) => {
  const byId = new Map<string, DriveItemJson>();
  for (const item of items) {
    byId.delete(item.id);
    byId.set(item.id, item);
  }
  return [...byId.values()];
};

const locationOf = (error: unknown): string | undefined => {
  const headers = (error as { headers?: Headers }).headers;
  return headers?.get?.('location') ?? undefined;
};

export function createSyncEngine(strapi: Core.Strapi) {
  const drives = () => strapi.db.query(UID.drive as never);
  const runs = () => strapi.db.query(UID.syncRun as never);
  const graph = () => strapi.plugin(PLUGIN_ID).service('graph') as GraphService;
  const progress = new Map<number, SyncProgress>();

  async function fetchPage(client: Client, link: string) {
    return (await client.api(link).get()) as {
      value: DriveItemJson[];
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    };
  }

  async function syncDrive(driveId: number, trigger: SyncTrigger): Promise<SyncRunSummary> {
    const drive = (await drives().findOne({ where: { id: driveId } })) as DriveRecord | null;
    if (!drive) {
      throw externalDrivesError('notFound', { message: 'The drive was not found', nextStep: '' });
    }

    const metrics = newMetrics();
    const store = createItemStore(strapi);
    let cursor: DeltaCursor | null = parseCursor(drive.deltaLink);
    const run = (await runs().create({
      data: {
        driveId,
        trigger,
        status: 'running',
        startedAt: new Date(),
        fullEnumeration: !cursor || cursor.enumeration !== undefined,
      },
    })) as { id: number };
    const counts = { pages: 0, itemsAdded: 0, itemsUpdated: 0, itemsDeleted: 0 };
    let fullEnumeration = !cursor || cursor.enumeration !== undefined;
    let seen = 0;
    progress.set(driveId, { runId: run.id, pages: 0, items: 0, percent: null });
    await drives().update({ where: { id: driveId }, data: { status: 'syncing' } });

    try {
      const client = await graph().clientForDrive(drive, metrics);
      let link = cursor?.link ?? initialLink(drive.remoteDriveId);
      for (;;) {
        let page;
        try {
          page = await fetchPage(client, link);
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 410) throw error;
          // The token is no longer valid: enumerate afresh and reconcile at the end.
          link = locationOf(error) ?? initialLink(drive.remoteDriveId);
          cursor = { link, enumeration: run.id };
          fullEnumeration = true;
          continue;
        }
        const items = latestById(page.value ?? []);
        const next = page['@odata.nextLink'];
        const delta = page['@odata.deltaLink'];
        const enumeration = cursor?.enumeration ?? (cursor ? undefined : run.id);

        await strapi.db.transaction(async ({ trx }) => {
          const live = items.filter((item) => !item.deleted);
          const gone = items.filter((item) => item.deleted).map((item) => item.id);
          const known = await store.existing(
            trx,
            driveId,
            live.map((item) => item.id)
          );
          const rows = live.map((item) => ({
            ...toItemRow(driveId, item),
            ...(enumeration !== undefined ? { seenInRun: enumeration } : {}),
          }));
          if (rows.length) await store.upsert(trx, rows);
          if (gone.length) await store.markDeleted(trx, driveId, gone);
          counts.itemsAdded += rows.filter((row) => !known.has(row.remoteId)).length;
          counts.itemsUpdated += rows.filter((row) => known.has(row.remoteId)).length;

          let removed = 0;
          if (delta) {
            removed += await store.sweep(trx, driveId);
            if (enumeration !== undefined && cursor?.enumeration !== undefined) {
              removed += await store.removeUnseen(trx, driveId, enumeration);
            }
          }
          counts.itemsDeleted += removed;
          const nextCursor: DeltaCursor = delta
            ? { link: delta }
            : { link: next!, ...(enumeration !== undefined ? { enumeration } : {}) };
          await trx(TABLE.drive)
            .where('id', driveId)
            .update({ delta_link: serializeCursor(nextCursor) });
          cursor = nextCursor;
        });

        counts.pages += 1;
        seen += items.length;
        progress.set(driveId, {
          runId: run.id,
          pages: counts.pages,
          items: seen,
          percent:
            fullEnumeration && drive.itemCount
              ? Math.min(99, Math.round((seen / drive.itemCount) * 100))
              : null,
        });
        if (delta) break;
        if (!next) throw new Error('A delta page carried neither a nextLink nor a deltaLink');
        link = next;
      }

      const itemCount = await store.count(driveId);
      const now = new Date();
      await drives().update({
        where: { id: driveId },
        data: {
          status: 'ok',
          lastSyncAt: now,
          lastSuccessfulSyncAt: now,
          lastError: null,
          itemCount,
        },
      });
      return finish(run.id, driveId, trigger, 'succeeded', counts, metrics, fullEnumeration);
    } catch (error) {
      const mapped: ExternalDrivesError = toExternalDrivesError(error, 'sync');
      await drives().update({
        where: { id: driveId },
        data: {
          status: mapped.code === 'authenticationFailed' ? 'auth_required' : 'error',
          lastSyncAt: new Date(),
          lastError: { code: mapped.code, message: mapped.message, nextStep: mapped.nextStep },
        },
      });
      await finish(run.id, driveId, trigger, 'failed', counts, metrics, fullEnumeration, mapped);
      throw mapped;
    } finally {
      progress.delete(driveId);
    }
  }

  async function finish(
    runId: number,
    driveId: number,
    trigger: SyncTrigger,
    status: 'succeeded' | 'failed',
    counts: { pages: number; itemsAdded: number; itemsUpdated: number; itemsDeleted: number },
    metrics: { requests: number; throttledWaits: number },
    fullEnumeration: boolean,
    error?: ExternalDrivesError
  ): Promise<SyncRunSummary> {
    const data = {
      status,
      finishedAt: new Date(),
      ...counts,
      graphRequests: metrics.requests,
      throttledWaits: metrics.throttledWaits,
      fullEnumeration,
      error: error ? { code: error.code, message: error.message, nextStep: error.nextStep } : null,
    };
    await runs().update({ where: { id: runId }, data });
    return { id: runId, driveId, trigger, ...data, error: data.error };
  }

  return {
    syncDrive,
    getProgress: (driveId: number) => progress.get(driveId) ?? null,
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
