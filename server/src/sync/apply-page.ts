/**
 * Applies one delta page to the drive's rows and saves the cursor it leads to, in the caller's
 * transaction: either both are committed or neither, so a crash resumes from the last page kept.
 * Pages of a full enumeration are staged and merged at its end; pages of changes are applied as
 * they come.
 */
import type { Knex } from 'knex';
import { saveDriveCursor } from '../drives/table';
import { serializeCursor, type DeltaCursor, type RoundState } from './delta-cursor';
import type { DeltaPage } from './delta-source';
import type { ItemStore } from '../items/store';
import { toItemRow, type DriveItemJson } from './item-mapper';

export interface PageOutcome {
  added: number;
  updated: number;
  deleted: number;
  /** Where the next fetch starts, and the round's state so far: saved on the drive row. */
  cursor: DeltaCursor;
}

/** The latest state of each item: an item may appear more than once, even in one page. */
/**
 * What a drive limited to one folder (sync/scope) does inside a page's transaction. Declared here,
 * where it is called, so the scope module depends on the page applier and not the other way round.
 */
export interface ScopeHooks {
  /** Before a full enumeration's stage is merged into the item table. */
  beforeMerge?: (trx: Knex.Transaction, enumeration: number) => Promise<void>;
}

export const latestById = (items: DriveItemJson[]): DriveItemJson[] => {
  const byId = new Map<string, DriveItemJson>();
  for (const item of items) {
    // Deleting first moves the item to the end, so the map keeps feed order of latest states.
    byId.delete(item.id);
    byId.set(item.id, item);
  }
  return [...byId.values()];
};

const parentIdOf = (item: DriveItemJson) =>
  (item.parentReference as { id?: string } | undefined)?.id ?? null;

/**
 * Whether some item of this page names a parent that is neither in the page nor stored. Usually
 * the parent just comes later in the round; if it never comes, the item is an orphan (its folder
 * is gone), which only a scan of the whole drive at the end of the round can find. Remembering
 * that such items exist keeps that scan off the rounds that do not need it.
 */
async function hasParentsMissing(
  trx: Knex.Transaction,
  store: ItemStore,
  driveId: number,
  live: DriveItemJson[],
  knownFolders: Set<string>
) {
  const inPage = new Set(live.map((item) => item.id));
  const parents = new Set<string>();
  for (const item of live) {
    const parentId = parentIdOf(item);
    if (parentId !== null && !inPage.has(parentId) && !knownFolders.has(parentId)) {
      parents.add(parentId);
    }
  }
  if (!parents.size) return false;
  const stored = await store.existing(trx, driveId, [...parents]);
  for (const id of stored) knownFolders.add(id);
  return stored.size < parents.size;
}

type Counts = Pick<PageOutcome, 'added' | 'updated' | 'deleted'>;

/**
 * A page of a full enumeration goes to the stage table whole, tombstones included; the last page
 * merges the round into the item table and sweeps what the enumeration did not see. Parents are
 * not looked up on the way (they are staged, not stored), so the sweep always checks for items
 * whose parent never came.
 */
async function stagePage(
  trx: Knex.Transaction,
  store: ItemStore,
  driveId: number,
  items: DriveItemJson[],
  endsRound: boolean,
  {
    enumeration,
    enumerationStartedAt,
    tombstonesStaged,
  }: RoundState & { enumeration: number; tombstonesStaged: boolean },
  scopeHooks: ScopeHooks
): Promise<Counts> {
  await store.stage(
    trx,
    // Completed in place, not spread into a copy: a million-item enumeration would copy a million
    // rows of 24 fields for nothing but the collector.
    items.map((item) =>
      Object.assign(toItemRow(driveId, item), {
        deleted: Boolean(item.deleted),
        seenInRun: enumeration,
      })
    )
  );
  if (!endsRound) return { added: 0, updated: 0, deleted: 0 };
  // A drive limited to one folder keeps only the folder's subtree of what it staged.
  await scopeHooks.beforeMerge?.(trx, enumeration);
  const { added, updated, intoEmptyDrive } = await store.mergeStage(trx, driveId, enumeration, {
    tombstonesStaged,
  });
  // Into an empty drive every row was written by this merge, none tombstoned: only orphans (items
  // whose parent never came) can be left to remove, and the scan for unseen rows is skipped.
  const deleted = await store.sweep(
    trx,
    driveId,
    intoEmptyDrive
      ? { orphansPossible: true }
      : { enumeration, enumerationStartedAt, orphansPossible: true }
  );
  return { added, updated, deleted };
}

/** A page of changes, written straight to the item table. */
async function applyChanges(
  trx: Knex.Transaction,
  store: ItemStore,
  driveId: number,
  items: DriveItemJson[],
  endsRound: boolean,
  round: RoundState,
  knownFolders: Set<string>
): Promise<Counts & { orphansPossible: boolean }> {
  const live: DriveItemJson[] = [];
  const gone: string[] = [];
  for (const item of items) {
    if (item.deleted) gone.push(item.id);
    else live.push(item);
  }

  const orphansPossible =
    Boolean(round.orphansPossible) ||
    (await hasParentsMissing(trx, store, driveId, live, knownFolders));
  for (const item of live) if (item.folder) knownFolders.add(item.id);
  const rows = live.map((item) => toItemRow(driveId, item));
  const added = rows.length ? await store.upsert(trx, rows) : 0;
  // Marked only: a deleted folder may still receive late children in this round; the sweep at
  // the deltaLink removes it with whatever is below it once the round is complete (as Microsoft
  // advises).
  if (gone.length) await store.markDeleted(trx, driveId, gone);

  const deleted = endsRound ? await store.sweep(trx, driveId, { orphansPossible }) : 0;
  return { added, updated: rows.length - added, deleted, orphansPossible };
}

export async function applyPage(
  trx: Knex.Transaction,
  store: ItemStore,
  driveId: number,
  page: DeltaPage,
  /** The state of the round this page belongs to (from the saved cursor, or a fresh round). */
  round: RoundState,
  /**
   * Folders known to be stored, kept by the caller across the pages of a run: an incremental
   * round names the same parents on every page, and asking the database each time cost more than
   * the rest of the page's reads.
   */
  knownFolders: Set<string> = new Set(),
  /** For a drive limited to one folder (sync/scope). */
  scopeHooks: ScopeHooks = {}
): Promise<PageOutcome> {
  if (!page.nextLink && !page.deltaLink) {
    throw new Error('A delta page carried neither a nextLink nor a deltaLink');
  }
  const { enumeration, enumerationStartedAt } = round;
  const items = latestById(page.items);
  const endsRound = Boolean(page.deltaLink);
  let cursor: DeltaCursor;
  let counts: Counts;
  if (enumeration !== undefined) {
    const tombstonesStaged =
      (round.tombstonesStaged ?? true) || items.some((item) => Boolean(item.deleted));
    counts = await stagePage(
      trx,
      store,
      driveId,
      items,
      endsRound,
      { enumeration, enumerationStartedAt, tombstonesStaged },
      scopeHooks
    );
    cursor = endsRound
      ? { link: page.deltaLink! }
      : {
          link: page.nextLink!,
          enumeration,
          ...(enumerationStartedAt !== undefined ? { enumerationStartedAt } : {}),
          tombstonesStaged,
        };
  } else {
    const { orphansPossible, ...applied } = await applyChanges(
      trx,
      store,
      driveId,
      items,
      endsRound,
      round,
      knownFolders
    );
    counts = applied;
    cursor = endsRound
      ? { link: page.deltaLink! }
      : { link: page.nextLink!, ...(orphansPossible ? { orphansPossible } : {}) };
  }
  await saveDriveCursor(trx, driveId, serializeCursor(cursor));
  return { ...counts, cursor };
}
