/**
 * What every soak suite shares beyond the test kit (testkit/: the emulator process, drive rows,
 * waiting): its command-line flags, the log (stderr: stdout carries the one JSON result line), a
 * seeded random generator (runs repeat their choices), and the comparison of a synced drive with
 * the truth.
 */
import type { Core } from '@strapi/strapi';
import type { ControlClient } from '../emulator/src';
import { TABLE } from '../server/src/constants';
import { comparableTree, syncedTree, type ComparableEntry } from '../testkit/drive-tree';

export interface SoakArgs {
  /** A numeric flag (`--items 5000`), or its default. */
  number(name: string, fallback: number): number;
  /** A string flag (`--only crash`), or its default. */
  text(name: string, fallback: string): string;
  /** A flag without a value (`--auth-faults`): whether it was given. */
  flag(name: string): boolean;
}

export function parseArgs(argv: string[]): { name: string | undefined; json: boolean } & SoakArgs {
  const valueOf = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  return {
    name: argv.find((arg, index) => !arg.startsWith('--') && !argv[index - 1]?.startsWith('--')),
    json: argv.includes('--json'),
    number(name, fallback) {
      const value = valueOf(name);
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number (got ${value})`);
      return parsed;
    },
    text: (name, fallback) => valueOf(name) ?? fallback,
    flag: (name) => argv.includes(`--${name}`),
  };
}

export const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);

/** A small seeded generator (mulberry32): the same --seed draws the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows beyond the first per remote id of a drive (the unique index should make this 0). */
export async function duplicateRows(strapi: Core.Strapi, driveId: number): Promise<number> {
  const rows = (await strapi.db
    .connection(TABLE.driveItem)
    .select('remote_id')
    .count({ count: '*' })
    .where('drive_id', driveId)
    .groupBy('remote_id')
    .havingRaw('count(*) > 1')) as Array<{ count: number | string }>;
  return rows.reduce((sum, row) => sum + Number(row.count) - 1, 0);
}

export interface TreeComparison {
  exact: boolean;
  /** Items in Microsoft 365 missing from Strapi. */
  lost: number;
  /** Items in Strapi that Microsoft 365 does not have. */
  extra: number;
  /** Items in both whose synced fields differ. */
  different: number;
}

/** Compares a drive as Strapi keeps it with the emulator's true tree, item by item. */
export function compareTrees(synced: ComparableEntry[], truth: ComparableEntry[]): TreeComparison {
  const syncedById = new Map(synced.map((entry) => [entry.id, entry]));
  const truthIds = new Set(truth.map((entry) => entry.id));
  let lost = 0;
  let different = 0;
  for (const entry of truth) {
    const mine = syncedById.get(entry.id);
    if (!mine) lost += 1;
    else if (JSON.stringify(mine) !== JSON.stringify(entry)) different += 1;
  }
  const extra = synced.filter((entry) => !truthIds.has(entry.id)).length;
  return {
    exact: lost === 0 && extra === 0 && different === 0 && synced.length === truth.length,
    lost,
    extra,
    different,
  };
}

/** The drive in Strapi against the emulator's tree of its library. */
export async function compareDrive(
  strapi: Core.Strapi,
  control: ControlClient,
  driveId: number,
  remoteDriveId: string
): Promise<TreeComparison & { duplicated: number }> {
  const truth = comparableTree(await control.tree(remoteDriveId));
  const duplicated = await duplicateRows(strapi, driveId);
  try {
    return { ...compareTrees(await syncedTree(strapi, driveId), truth), duplicated };
  } catch (error) {
    // A row without its parent (paths cannot be derived): still count what is missing or extra.
    log(`drive ${driveId}: ${(error as Error).message}`);
    const rows = (await strapi.db
      .connection(TABLE.driveItem)
      .select('remote_id')
      .where({ drive_id: driveId, is_root: false })) as Array<{ remote_id: string }>;
    const stored = new Set(rows.map((row) => row.remote_id));
    const truthIds = new Set(truth.map((entry) => entry.id));
    return {
      exact: false,
      lost: truth.filter((entry) => !stored.has(entry.id)).length,
      extra: [...stored].filter((id) => !truthIds.has(id)).length,
      different: 0,
      duplicated,
    };
  }
}

export const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
