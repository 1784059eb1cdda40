/**
 * Plays one randomized history (soak/history-model.ts) against the emulator and the plugin's sync
 * engine in a running Strapi, and says whether the plugin ended where Microsoft 365 is.
 *
 * Each history gets a document library of its own in the emulator and a drive row of its own in
 * Strapi, both removed at its end: one Strapi serves thousands of histories. The engine is the
 * plugin's own (server/src/sync), with the plugin's Graph client (msal, the Graph SDK, the retry
 * policy) from the running Strapi; a crash is a run abandoned right after a commit (nothing more
 * of it is written, its run row stays "running") and a new engine started, as a restarted process
 * would.
 *
 * After every sync that reached its deltaLink: Strapi's tree equals the emulator's (ids, names,
 * parents, paths, sizes, hashes), no remote id has two rows, nothing is left marked deleted or
 * staged, and the saved cursor is a plain deltaLink; at the end, one more sync finds nothing to do.
 */
import type { Core } from '@strapi/strapi';
import type { ControlClient, FaultRuleSpec } from '../emulator/src';
import { TABLE, UID } from '../server/src/constants';
import type { applyPage } from '../server/src/sync/apply-page';
import { parseCursor } from '../server/src/sync/delta-cursor';
import { createSyncEngine, type SyncRunSummary } from '../server/src/sync/engine';
import { comparableTree, syncedTree, type ComparableEntry } from '../testkit/drive-tree';
import { duplicateRows } from './common';
import {
  NAME_POOL,
  UNICODE_NAMES,
  type History,
  type Operation,
  type OperationKind,
  type SyncPlan,
} from './history-model';

/** Retry-After of the injected 429/503: milliseconds, so histories do not wait out seconds. */
const RETRY_AFTER_MS = 5;
/** Runs one sync may take (failed runs are followed by another, as the scheduler would). */
const MAX_RUNS_PER_SYNC = 6;

export interface HistoryEnvironment {
  strapi: Core.Strapi;
  control: ControlClient;
  /** The site whose libraries the histories create (the plugin's app may read it). */
  siteId: string;
  /** The page applier under test: the engine's own unless a test swaps in a broken one. */
  applier?: typeof applyPage;
}

export interface HistoryFigures {
  operations: Partial<Record<OperationKind, number>>;
  /** Injected faults as the emulator counted them, plus `crash`. */
  faults: Record<string, number>;
  runs: number;
  failedRuns: number;
}

/** Thrown when the plugin's state differs from the truth: what differs, for the report. */
export class Divergence extends Error {}

const increment = <K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** A control call refused as Graph would refuse it (a name taken, a move below itself). */
const isRefusal = (error: unknown) => /-> (400|409):/.test((error as Error).message);

/** The same name with every letter's case flipped (`Report.docx` -> `rEPORT.DOCX`). */
const flipCase = (name: string) =>
  [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

/** The name in its other Unicode normalization, when it has one. */
const otherNormalization = (name: string) => {
  const nfd = name.normalize('NFD');
  if (nfd !== name) return nfd;
  const nfc = name.normalize('NFC');
  return nfc !== name ? nfc : undefined;
};

/** Carries out the operations of a history on one drive of the emulator. */
class Mutator {
  private counter = 0;

  constructor(
    private readonly control: ControlClient,
    private readonly driveId: string,
    private readonly figures: HistoryFigures
  ) {}

  async apply(operations: Operation[]) {
    for (const operation of operations) {
      try {
        if (await this.run(operation)) increment(this.figures.operations, operation.kind);
      } catch (error) {
        if (!isRefusal(error)) throw error;
      }
    }
  }

  private unique(name: string) {
    this.counter += 1;
    const dot = name.lastIndexOf('.');
    return dot > 0
      ? `${name.slice(0, dot)} ${this.counter}${name.slice(dot)}`
      : `${name} ${this.counter}`;
  }

  /** Carries out one operation; false when nothing in the drive fits it. */
  private async run({ kind, pick, other, name, folder }: Operation): Promise<boolean> {
    const { control, driveId } = this;
    const tree = await control.tree(driveId);
    const files = tree.filter((entry) => !entry.isFolder);
    const folders = tree.filter((entry) => entry.isFolder);
    const parents = ['root', ...folders.map((entry) => entry.id)];
    const choose = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);
    const poolName = NAME_POOL[name % NAME_POOL.length];
    switch (kind) {
      case 'create': {
        const parentId = choose(parents, pick)!;
        await control.createItem(driveId, {
          parentId,
          name: this.unique(poolName),
          folder,
          size: 10 + (other % 5000),
        });
        return true;
      }
      case 'modify': {
        const file = choose(files, pick);
        if (!file) return false;
        await control.modifyItem(driveId, file.id, {
          size: 10 + (other % 5000),
          seed: `modified ${this.unique('')}`,
        });
        return true;
      }
      case 'rename': {
        const item = choose(tree, pick);
        if (!item || item.name === poolName) return false;
        await control.renameItem(driveId, item.id, poolName);
        return true;
      }
      case 'renameCase': {
        const item = choose(tree, pick);
        const flipped = item && flipCase(item.name);
        if (!item || flipped === item.name) return false;
        await control.renameItem(driveId, item.id, flipped!);
        return true;
      }
      case 'renameUnicode': {
        const item = choose(tree, pick);
        if (!item) return false;
        const target = otherNormalization(item.name) ?? UNICODE_NAMES[other % UNICODE_NAMES.length];
        if (target === item.name) return false;
        await control.renameItem(driveId, item.id, target);
        return true;
      }
      case 'move': {
        const item = choose(tree, pick);
        const target = choose(parents, other)!;
        if (!item || target === item.parentId || target === item.id) return false;
        await control.moveItem(driveId, item.id, target);
        return true;
      }
      case 'swapNames': {
        const byParent = new Map<string, typeof tree>();
        for (const entry of tree) {
          byParent.set(entry.parentId, [...(byParent.get(entry.parentId) ?? []), entry]);
        }
        const families = [...byParent.values()].filter((children) => children.length >= 2);
        const family = choose(families, pick);
        if (!family) return false;
        const first = family[other % family.length];
        const second = family[(other + 1) % family.length];
        await control.renameItem(driveId, first.id, this.unique('swapping'));
        await control.renameItem(driveId, second.id, first.name);
        await control.renameItem(driveId, first.id, second.name);
        return true;
      }
      case 'invertFolders': {
        const ids = new Set(folders.map((entry) => entry.id));
        const child = choose(
          folders.filter((entry) => ids.has(entry.parentId)),
          pick
        );
        if (!child) return false;
        const parent = folders.find((entry) => entry.id === child.parentId)!;
        const grandparent = ids.has(parent.parentId) ? parent.parentId : 'root';
        await control.moveItem(driveId, child.id, grandparent);
        await control.moveItem(driveId, parent.id, child.id);
        return true;
      }
      case 'deleteSubtree': {
        const withContent = folders.filter((entry) => tree.some((e) => e.parentId === entry.id));
        const target = choose(withContent.length ? withContent : folders, pick);
        if (!target) return false;
        await control.deleteItem(driveId, target.id);
        return true;
      }
      case 'deleteFile': {
        const file = choose(files, pick);
        if (!file) return false;
        await control.deleteItem(driveId, file.id);
        return true;
      }
      case 'replaceFileByFolder': {
        const file = choose(files, pick);
        if (!file) return false;
        await control.deleteItem(driveId, file.id);
        const replacement = await control.createItem(driveId, {
          parentId: file.parentId,
          name: file.name,
          folder: true,
        });
        await control.createItem(driveId, {
          parentId: replacement.id,
          name: this.unique('inside.txt'),
        });
        return true;
      }
    }
  }
}

const describeEntry = (entry: ComparableEntry | undefined) =>
  entry ? `${entry.path} (${entry.id}${entry.isFolder ? ', folder' : `, ${entry.size} B`})` : '-';

/** What differs between Strapi's tree and the truth, in words (empty when nothing does). */
export function treeDifferences(synced: ComparableEntry[], truth: ComparableEntry[]): string[] {
  const mine = new Map(synced.map((entry) => [entry.id, entry]));
  const theirs = new Map(truth.map((entry) => [entry.id, entry]));
  const problems: string[] = [];
  for (const entry of truth) {
    const row = mine.get(entry.id);
    if (!row) problems.push(`missing ${describeEntry(entry)}`);
    else if (JSON.stringify(row) !== JSON.stringify(entry))
      problems.push(`differs: Strapi ${describeEntry(row)}, Microsoft 365 ${describeEntry(entry)}`);
  }
  for (const entry of synced) {
    if (!theirs.has(entry.id)) problems.push(`extra ${describeEntry(entry)}`);
  }
  return problems;
}

export async function runHistory(
  env: HistoryEnvironment,
  history: History,
  label: string,
  figures: HistoryFigures
): Promise<void> {
  const { strapi, control } = env;
  const library = await control.createLibrary(env.siteId, label);
  const remoteDriveId = library.id;
  const drive = (await strapi.db.query(UID.drive).create({
    data: {
      name: label,
      kind: 'sharepoint',
      scope: 'platform',
      remoteDriveId,
      siteId: env.siteId,
      status: 'pending',
      roles: [],
    },
  })) as { id: number };
  try {
    const mutator = new Mutator(control, remoteDriveId, figures);
    await control.setDeltaDeletedDescendants(remoteDriveId, !history.implicitDeletes);
    await mutator.apply(history.initial);
    for (const step of history.steps) {
      await control.setDeltaHistory(remoteDriveId, step.repeatedItems);
      await mutator.apply(step.operations);
      await syncToEnd(env, drive.id, remoteDriveId, step.sync, mutator, figures);
      await expectInStep(strapi, control, drive.id, remoteDriveId);
    }
    // A last sync with nothing planned, then one that must find nothing to do.
    const plain: SyncPlan = { pageSize: 1000, order: 'sequence', faults: [], changesWhileDown: [] };
    await syncToEnd(env, drive.id, remoteDriveId, plain, mutator, figures);
    await expectInStep(strapi, control, drive.id, remoteDriveId);
    const idle = await syncToEnd(env, drive.id, remoteDriveId, plain, mutator, figures);
    if (idle.pages !== 1 || idle.itemsAdded + idle.itemsUpdated + idle.itemsDeleted !== 0) {
      throw new Divergence(
        `a sync with nothing changed was not idle: ${idle.pages} pages, ` +
          `+${idle.itemsAdded} ~${idle.itemsUpdated} -${idle.itemsDeleted}`
      );
    }
  } finally {
    await control.clearFaults();
    await removeDrive(strapi, drive.id);
    await control.removeLibrary(remoteDriveId);
  }
}

/** One sync of the plan: runs until one reaches its deltaLink, through crashes and failures. */
async function syncToEnd(
  env: HistoryEnvironment,
  driveId: number,
  remoteDriveId: string,
  plan: SyncPlan,
  mutator: Mutator,
  figures: HistoryFigures
): Promise<SyncRunSummary> {
  const { strapi, control } = env;
  await control.setDeltaPageSize(remoteDriveId, plan.pageSize);
  await control.setDeltaOrder(remoteDriveId, plan.order);
  const scope = { host: 'graph', method: 'GET', path: '/delta$', driveId: remoteDriveId } as const;
  const rules: FaultRuleSpec[] = plan.faults.map(({ kind, nth }) => ({
    ...scope,
    kind,
    nth,
    times: 1,
    ...(kind === 'throttle' || kind === 'unavailable' ? { retryAfterMs: RETRY_AFTER_MS } : {}),
    ...(kind === 'serverError' ? { status: 500 as const } : {}),
  }));
  if (plan.resyncAt !== undefined) {
    rules.push({ ...scope, kind: 'resync', nth: plan.resyncAt, times: 1 });
  }
  await control.clearFaults();
  const mark = await control.mark();
  if (rules.length) await control.addFaults(rules);
  let crashAfter = plan.crashAfterPage;
  /** Found after a commit: thrown there, it would reach us only as the engine's mapped error. */
  let wrongCursor: Divergence | undefined;
  try {
    for (let attempt = 1; ; attempt += 1) {
      let crashed!: () => void;
      const crash = new Promise<'crashed'>((resolve) => (crashed = () => resolve('crashed')));
      let committed = 0;
      const engine = createSyncEngine(strapi, strapi.plugin('external-drives').service('graph'), {
        applyPage: env.applier,
        afterCommit: async (_driveId, outcome) => {
          committed += 1;
          const saved = await savedCursor(strapi, driveId);
          if (saved !== JSON.stringify(outcome.cursor)) {
            wrongCursor ??= new Divergence(
              `run ${attempt}, page ${committed}: the cursor saved (${saved}) is not the ` +
                `page's (${JSON.stringify(outcome.cursor)})`
            );
          }
          if (crashAfter !== undefined && committed >= crashAfter) {
            crashAfter = undefined;
            crashed();
            // The process is gone: nothing of this run is ever written again.
            await new Promise<never>(() => undefined);
          }
        },
      });
      figures.runs += 1;
      const outcome = await Promise.race([
        engine.syncDrive(driveId, 'manual').then(
          (run) => ({ run }),
          (error: unknown) => ({ error })
        ),
        crash,
      ]);
      if (wrongCursor) throw wrongCursor;
      if (outcome === 'crashed') {
        increment(figures.faults, 'crash');
        await mutator.apply(plan.changesWhileDown);
        continue;
      }
      if ('run' in outcome) return outcome.run;
      figures.failedRuns += 1;
      if (attempt >= MAX_RUNS_PER_SYNC) {
        throw new Divergence(
          `no run reached the deltaLink in ${attempt} attempts: ${(outcome.error as Error).message}`
        );
      }
    }
  } finally {
    const stats = await control.stats(mark);
    for (const [kind, count] of Object.entries(stats.faultsByKind)) {
      increment(figures.faults, kind, count);
    }
  }
}

async function savedCursor(strapi: Core.Strapi, driveId: number): Promise<string | null> {
  const [row] = await strapi.db.connection(TABLE.drive).where('id', driveId).select('sync_cursor');
  return row?.sync_cursor ?? null;
}

/** After a sync reached its deltaLink: the drive is exactly Microsoft 365's, and at rest. */
async function expectInStep(
  strapi: Core.Strapi,
  control: ControlClient,
  driveId: number,
  remoteDriveId: string
) {
  const problems: string[] = [];
  const duplicated = await duplicateRows(strapi, driveId);
  if (duplicated) problems.push(`${duplicated} duplicate rows`);
  const knex = strapi.db.connection;
  const [{ count: marked }] = await knex(TABLE.driveItem)
    .where({ drive_id: driveId, deleted: true })
    .count({ count: '*' });
  if (Number(marked)) problems.push(`${marked} rows still marked deleted`);
  const [{ count: staged }] = await knex(TABLE.itemStage)
    .where({ drive_id: driveId })
    .count({ count: '*' });
  if (Number(staged)) problems.push(`${staged} rows left in the stage`);
  const cursor = parseCursor(await savedCursor(strapi, driveId));
  if (!cursor || Object.keys(cursor).join() !== 'link' || !cursor.link.includes('token=')) {
    problems.push(`the cursor at rest is not a plain deltaLink: ${JSON.stringify(cursor)}`);
  }
  const truth = comparableTree(await control.tree(remoteDriveId));
  try {
    problems.push(...treeDifferences(await syncedTree(strapi, driveId), truth));
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new Divergence(problems.slice(0, 12).join('; '));
}

/** Everything the history left in Strapi: its items, stage, runs and drive row. */
async function removeDrive(strapi: Core.Strapi, driveId: number) {
  const knex = strapi.db.connection;
  await knex(TABLE.driveItem).where('drive_id', driveId).del();
  await knex(TABLE.itemStage).where('drive_id', driveId).del();
  await strapi.db.query(UID.syncRun).deleteMany({ where: { driveId } });
  await strapi.db.query(UID.drive).delete({ where: { id: driveId } });
}
