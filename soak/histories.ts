/**
 * histories: randomized histories of changes in Microsoft 365 and of syncs that go wrong in every
 * documented way (issue 19), generated and shrunk by fast-check, each ending with the plugin's
 * tree checked against the emulator's true tree (soak/history-runner.ts).
 *
 *   npm run soak -- histories [--histories 200] [--seed 1] [--minutes M] [--auth-faults]
 *     [--no-shrink] [--path P] --json
 *
 * With --minutes, histories run until the time is up (--histories then bounds them, default no
 * bound). The first history that diverges is shrunk to the smallest one that still does, and
 * printed with the seed and path that replay it (`--seed S --path P`). TEST_DATABASE=postgres runs on PostgreSQL.
 */
import fc from 'fast-check';
import { SCHEDULER_JOB } from '../server/src/jobs/in-process-runner';
import { startTestStrapi } from '../testkit/strapi';
import { log, round, type SoakArgs } from './common';
import { startEmulatorProcess } from '../testkit/emulator-process';
import {
  historyArbitrary,
  OPERATION_KINDS,
  REQUEST_FAULT_KINDS,
  type History,
  type RequestFaultKind,
} from './history-model';
import {
  Divergence,
  runHistory,
  type HistoryEnvironment,
  type HistoryFigures,
} from './history-runner';

export interface HistoriesOptions {
  histories: number;
  seed: number;
  /** Stop starting new histories after this long (0: no limit). */
  minutes?: number;
  /** Draw 401s too (a revoked token, which the plugin must recover from). */
  authFaults?: boolean;
  /** Replays one history: the `path` a divergence was printed with (and its seed). */
  path?: string;
  /** Skip shrinking: report the first divergent history as it came. */
  noShrink?: boolean;
  /** Progress, one line now and then. */
  log?: (line: string) => void;
}

export interface HistoriesResult {
  histories: number;
  operations: number;
  operationsByKind: Record<string, number>;
  faultsByKind: Record<string, number>;
  divergences: number;
  /** What diverged first (after shrinking), and the history that shows it. */
  divergence?: { message: string; history: History; seed: number; path: string };
  runs: number;
  failedRuns: number;
  seed: number;
  secondsPerHistory: number;
  /** The least each kind must be seen in a run of this many histories. */
  minimums: { perOperationKind: number; perFaultKind: number };
  belowMinimum: string[];
  kindsBelowMinimum: number;
}

/** Fault kinds every run must show: the request faults, the 410 and the crash. */
const faultKindsOf = (requestFaults: readonly RequestFaultKind[]) => [
  ...requestFaults,
  'resync',
  'crash',
];

/**
 * The least a kind of operation or fault must be counted: a fifth of the histories for each
 * operation kind and a tenth for each fault kind (a history draws each operation kind about once
 * and each fault kind about half as often; these floors leave room for chance in short runs, and
 * still fail when a kind is never drawn or never applies).
 */
export const minimumsFor = (histories: number) => ({
  perOperationKind: Math.max(1, Math.floor(histories / 5)),
  perFaultKind: Math.max(1, Math.floor(histories / 10)),
});

export async function runHistories(
  env: HistoryEnvironment,
  options: HistoriesOptions
): Promise<HistoriesResult> {
  // The histories run the engine themselves; the plugin's minute scheduler would start a second
  // run of the same drive beside theirs (its runner keeps one run per drive only among its own).
  env.strapi.cron.remove(SCHEDULER_JOB);
  const requestFaults = REQUEST_FAULT_KINDS.filter(
    (kind) => kind !== 'expiredToken' || options.authFaults
  );
  const totals: HistoryFigures = { operations: {}, faults: {}, runs: 0, failedRuns: 0 };
  let played = 0;
  const started = Date.now();
  const property = fc.asyncProperty(
    historyArbitrary({ faultKinds: requestFaults, maxSteps: 4 }),
    async (history) => {
      played += 1;
      if (played % 10 === 0) {
        const seconds = (Date.now() - started) / 1000;
        options.log?.(`${played} histories, ${round(seconds / played, 2)} s each`);
      }
      await runHistory(env, history, `History ${played}`, totals);
    }
  );
  const limitMs = (options.minutes ?? 0) * 60_000;
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.histories,
    endOnFailure: options.noShrink ?? false,
    ...(options.path ? { path: options.path } : {}),
    plugins: limitMs ? [fc.interruptAfterTimeLimit(limitMs)] : [],
  });
  const seconds = (Date.now() - started) / 1000;
  const operationsByKind = Object.fromEntries(
    OPERATION_KINDS.map((kind) => [kind, totals.operations[kind] ?? 0])
  );
  const faultsByKind = Object.fromEntries(
    faultKindsOf(requestFaults).map((kind) => [kind, totals.faults[kind] ?? 0])
  );
  const minimums = minimumsFor(details.numRuns);
  const belowMinimum = [
    ...Object.entries(operationsByKind)
      .filter(([, count]) => count < minimums.perOperationKind)
      .map(([kind, count]) => `operation ${kind}: ${count}`),
    ...Object.entries(faultsByKind)
      .filter(([, count]) => count < minimums.perFaultKind)
      .map(([kind, count]) => `fault ${kind}: ${count}`),
  ];
  let divergence: HistoriesResult['divergence'];
  if (details.failed) {
    const error = details.errorInstance;
    const message =
      error instanceof Divergence
        ? error.message
        : `not a divergence: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    divergence = {
      message,
      history: (details.counterexample as unknown as [History])[0],
      seed: details.seed,
      path: details.counterexamplePath!,
    };
  }
  return {
    histories: played,
    operations: Object.values(operationsByKind).reduce((sum, count) => sum + count, 0),
    operationsByKind,
    faultsByKind,
    divergences: details.failed ? 1 : 0,
    ...(divergence ? { divergence } : {}),
    runs: totals.runs,
    failedRuns: totals.failedRuns,
    seed: options.seed,
    secondsPerHistory: round(seconds / Math.max(1, played), 3),
    minimums,
    belowMinimum,
    kindsBelowMinimum: belowMinimum.length,
  };
}

export async function historiesSuite(args: SoakArgs) {
  const minutes = args.number('minutes', 0);
  const histories = args.number('histories', minutes ? Number.MAX_SAFE_INTEGER : 200);
  const seed = args.number('seed', 1);
  const authFaults = args.flag('auth-faults');
  const noShrink = args.flag('no-shrink');
  const replay = args.text('path', '');
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const { control, info } = emulator;
  // Retried faults back off from 10 ms, not 500 (Retry-After is already milliseconds here): the
  // histories test the sync's answers to faults, not the length of its waits.
  const app = await startTestStrapi({
    emulator: info,
    env: { EXTERNAL_DRIVES_RETRY_BASE_DELAY_MS: '10' },
  });
  try {
    const result = await runHistories(
      { strapi: app.strapi, control, siteId: info.sites[0].id },
      { histories, seed, minutes, authFaults, noShrink, log, ...(replay ? { path: replay } : {}) }
    );
    if (result.divergence) log(`DIVERGENCE ${JSON.stringify(result.divergence)}`);
    if (result.belowMinimum.length) log(`below the minimum: ${result.belowMinimum.join(', ')}`);
    return {
      ...result,
      database: process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite',
    };
  } finally {
    await app.close();
    await emulator.stop();
  }
}
