/**
 * The named sets of benchmarks `npm run bench -- <set> --json` runs (bench/run-set.ts), and the
 * sizes each member runs at. Minutes measured on the project's 2-core machine, busy with other
 * work: docs/performance.md, "Benchmarks that check themselves".
 */
export type BenchName =
  'initial-sync' | 'incremental-sync' | 'upload' | 'download' | 'list' | 'notify' | 'attachments';

export interface SetMember {
  bench: BenchName;
  flags: string[];
  /** Killed after this long: a hung benchmark must fail the set, not hold it forever. */
  limitSeconds: number;
}

export interface BenchSet {
  members: SetMember[];
  /** Each member holds half of its ratio and memory targets (bench/lib/targets.ts). */
  halfTargets: boolean;
}

export const SET_NAMES = ['all', 'ci'] as const;
export type SetName = (typeof SET_NAMES)[number];

export const BENCH_SETS: Record<SetName, BenchSet> = {
  /**
   * Every benchmark at the size its targets are stated for, within 45 minutes on the 2-core machine
   * (issue 20). The 1,000,000-item syncs are one command each apart from it:
   * `npm run bench -- initial-sync --items 1000000` (and incremental-sync).
   */
  all: {
    halfTargets: false,
    members: [
      { bench: 'initial-sync', flags: ['--items', '100000'], limitSeconds: 900 },
      // PostgreSQL's target (0.6 of its fastest bulk path), on a fresh database of the local server.
      {
        bench: 'initial-sync',
        flags: ['--items', '100000', '--database', 'postgres'],
        limitSeconds: 900,
      },
      { bench: 'incremental-sync', flags: ['--items', '100000'], limitSeconds: 600 },
      { bench: 'upload', flags: ['--mb', '1024'], limitSeconds: 600 },
      { bench: 'download', flags: ['--mb', '1024'], limitSeconds: 600 },
      { bench: 'list', flags: [], limitSeconds: 600 },
      { bench: 'notify', flags: ['--changes', '20'], limitSeconds: 600 },
      { bench: 'attachments', flags: ['--entries', '2000'], limitSeconds: 600 },
    ],
  },
  /**
   * The CI regression guard (.ci/run): small sizes, half of each ratio and memory target, under a
   * minute on a busy 2-core machine (the limit is 5). What it leaves out, and why
   * (docs/performance.md, "Benchmarks that check themselves"):
   * - initial-sync: half its memory target (300 MB) is about what Strapi alone holds in the bench
   *   process before a sync starts (274 to 349 MB measured, once 206): at 10,000 items it peaked
   *   at 332 MB;
   * - upload: its RSS growth does not shrink with the file (pieces in flight and the GC state of
   *   the idle reading: 19 to 56 MB over seven runs at 64 MB), too near half its target (75 MB)
   *   to be stable; the soak suite `uploads` in CI still checks every uploaded hash;
   * - list, notify, attachments: their targets are latencies, which depend on the machine's speed:
   *   the full run holds them (as soak:ci leaves timing out).
   * - initial-sync and incremental-sync on PostgreSQL: each would add a minute or more (a Strapi
   *   boot and a first sync on a fresh database; the initial-sync floor is five plain syncs of its
   *   own) to a set of under one; the integration tests run on PostgreSQL in CI already
   *   (TEST_DATABASE=postgres), staging write included.
   * Download runs 256 MB, not 64: at 64 MB each side takes half a second and the ratio spread
   * from 0.46 to 1.26 over seven runs.
   */
  ci: {
    halfTargets: true,
    members: [
      { bench: 'incremental-sync', flags: ['--items', '10000'], limitSeconds: 120 },
      { bench: 'download', flags: ['--mb', '256'], limitSeconds: 120 },
    ],
  },
};
