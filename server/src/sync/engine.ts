/**
 * One delta sync of one drive, to its deltaLink.
 *
 * Each page is applied in one database transaction together with the cursor it leads to, so a
 * crash at any point resumes from the last committed page with nothing lost or doubled. Items are
 * tracked by id, never by path (paths are derived from parent ids when read), so a folder rename is
 * one row. Deleted items are swept at the end of the round, with whatever they left orphaned, as
 * Microsoft advises. A full enumeration stages its pages and merges them in bulk at its end. A 410
 * restarts enumeration from the Location link and reconciles: items the fresh enumeration did not
 * see are removed, the rest updated in place.
 */
import type { Core } from '@strapi/strapi';
import { createDriveTable } from '../drives/table';
import { newMetrics } from '../graph/client';
import { departing } from '../graph/departures';
import { externalDrivesError, toExternalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import type { RunSlot } from '../jobs/runner';
import { applyPage, type PageOutcome } from './apply-page';
import { freshEnumeration, parseCursor, roundOf, type RoundState } from './delta-cursor';
import { createDeltaSource, initialDeltaLink } from './delta-source';
import { createItemStore } from '../items/store';
import { createFolderScope } from './scope/folder-scope';
import { syncListFields } from './list-fields/sync-list-fields';
import {
  createRunRecorder,
  emptyCounts,
  type SyncRunSummary,
  type SyncTrigger,
} from './run-recorder';
import type { SyncProgress } from '../../../shared/contracts/sync';

export type { SyncRunSummary, SyncTrigger } from './run-recorder';

export type { SyncProgress };

/** A full enumeration is never shown as done before its last page is. */
const estimatePercent = (seen: number, expected: number | null | undefined) =>
  expected ? Math.min(99, Math.round((seen / expected) * 100)) : null;

/**
 * Seams for the randomized-histories suite (soak/histories): the page applier it proves can fail
 * when broken, and the moment after a page is committed, where it abandons a run as a crash would.
 * Production passes neither.
 */
export interface SyncEngineOptions {
  /** Applies one page in its transaction. */
  applyPage?: typeof applyPage;
  /** Called after each page is committed with its cursor, before the next one is applied. */
  afterCommit?: (driveId: number, outcome: PageOutcome) => Promise<void> | void;
  /** Pages a run applies before it gives its slot up to waiting drives (default 50). */
  yieldAfterPages?: number;
}

/**
 * 50 pages of 200 items, 10,000 items, a few seconds: a first sync of a million items gives its
 * slot up about a hundred times, each time only when other drives wait for one.
 */
const YIELD_AFTER_PAGES = 50;

/**
 * How long a page's write waits at most for the next page's request to leave (graph/departures).
 * It leaves within a few milliseconds (the pacer's grant, the token, undici's write): in three
 * first syncs of 100,000 items (2026-12-08, docs/performance.md) the waits' p90 was 8 to 16 ms,
 * and 1 wait of 300 ended at this cap. When the pacer holds the request back for the budget,
 * waiting longer than this gains nothing.
 */
const MAX_WAIT_FOR_DEPARTURE_MS = 20;
async function departedOrWaited(sent: Promise<void>) {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, MAX_WAIT_FOR_DEPARTURE_MS);
  });
  await Promise.race([sent, waited]);
  clearTimeout(timer);
}

export function createSyncEngine(
  strapi: Core.Strapi,
  graph: Pick<GraphService, 'clientForDrive'>,
  {
    applyPage: applier = applyPage,
    afterCommit,
    yieldAfterPages = YIELD_AFTER_PAGES,
  }: SyncEngineOptions = {}
) {
  const recorder = createRunRecorder(strapi);
  const drives = createDriveTable(strapi);
  const progress = new Map<number, SyncProgress>();

  /**
   * Syncs the drive to its deltaLink, or (with `slot`) until it has applied `yieldAfterPages`
   * pages while other drives wait for a slot: then the run ends `yielded` after a committed page,
   * and the next one goes on from the cursor that page committed, as after a crash.
   */
  async function syncDrive(
    driveId: number,
    trigger: SyncTrigger,
    slot?: RunSlot
  ): Promise<SyncRunSummary> {
    const drive = await drives.find(driveId);
    if (!drive) {
      throw externalDrivesError('notFound', { message: 'The drive was not found', nextStep: '' });
    }

    const metrics = newMetrics();
    const store = createItemStore(strapi);
    const saved = parseCursor(drive.syncCursor);
    // A round resumed after a crash goes on with what its committed pages learnt.
    let round: RoundState = saved ? roundOf(saved) : {};
    // A full enumeration (first sync, or one resumed after a crash) marks the rows it sees.
    let fullEnumeration = !saved || round.enumeration !== undefined;
    const runId = await recorder.start(driveId, trigger, fullEnumeration);
    // A new enumeration starts from an empty stage: nothing an abandoned one left may count.
    if (!saved) {
      round = freshEnumeration(runId);
      await store.clearStage(strapi.db.connection, driveId);
    }
    const counts = emptyCounts();
    const knownFolders = new Set<string>();
    let seen = 0;
    progress.set(driveId, { runId, pages: 0, items: 0, percent: null });

    try {
      // Sync is background work: user-facing requests of the tenant go first at the pacer.
      const client = await graph.clientForDrive(drive, { metrics, inBackground: true });
      const source = createDeltaSource(client, drive.remoteDriveId);
      // A drive limited to one folder of the library (sync/scope).
      const scope = drive.folderItemId ? createFolderScope(strapi, client, drive) : null;
      if (scope && drive.status === 'folder_deleted') await scope.assertFolderPresent();
      // The next page is fetched while this one is written: Graph and the database work in
      // parallel. A prefetched page is only ever applied after the one before it committed.
      const fetchAhead = (next: string) => {
        const request = departing(() => source.fetch(next));
        request.answer.catch(() => undefined); // Awaited (and thrown) in turn, or dropped on failure.
        return request;
      };
      let pending = fetchAhead(saved?.link ?? initialDeltaLink(drive.remoteDriveId));
      for (;;) {
        const answer = await pending.answer;
        if (answer.kind === 'resync') {
          // The token is no longer valid: enumerate afresh, reconcile at the end of the round.
          round = freshEnumeration(runId);
          fullEnumeration = true;
          await store.clearStage(strapi.db.connection, driveId);
          pending = fetchAhead(answer.link);
          continue;
        }
        // Decided before the next page is fetched, so a yield wastes no request.
        const yielding =
          Boolean(answer.page.nextLink) &&
          counts.pages + 1 >= yieldAfterPages &&
          Boolean(await slot?.othersWaiting());
        if (answer.page.nextLink && !yielding) {
          pending = fetchAhead(answer.page.nextLink);
          // Writing a page holds the event loop for long stretches on SQLite: the request it
          // overlaps with must be on the wire first, or Graph answers only after the write.
          await departedOrWaited(pending.sent);
        }
        const page = scope ? await scope.pageInFolder(answer.page, round) : answer.page;
        const outcome = await strapi.db.transaction(({ trx }) =>
          applier(trx, store, driveId, page, round, knownFolders, scope?.hooks)
        );
        await afterCommit?.(driveId, outcome);
        round = roundOf(outcome.cursor);
        counts.pages += 1;
        counts.itemsAdded += outcome.added;
        counts.itemsUpdated += outcome.updated;
        counts.itemsDeleted += outcome.deleted;
        seen += answer.page.items.length;
        progress.set(driveId, {
          runId,
          pages: counts.pages,
          items: seen,
          percent: fullEnumeration ? estimatePercent(seen, drive.itemCount) : null,
        });
        if (answer.page.deltaLink) {
          // A drive with kept library columns follows its list's own feed too (no request else).
          await syncListFields(strapi, client, drive);
          break;
        }
        if (yielding) {
          return await recorder.yielded(runId, driveId, trigger, counts, metrics, fullEnumeration);
        }
      }
      const itemCount = await store.count(driveId);
      return await recorder.succeed(
        runId,
        driveId,
        trigger,
        counts,
        metrics,
        fullEnumeration,
        itemCount
      );
    } catch (error) {
      const mapped = toExternalDrivesError(error, 'sync');
      await recorder.fail(runId, driveId, trigger, counts, metrics, fullEnumeration, mapped);
      throw mapped;
    } finally {
      progress.delete(driveId);
    }
  }

  return {
    syncDrive,
    getProgress: (driveId: number) => progress.get(driveId) ?? null,
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
