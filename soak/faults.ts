/**
 * faults: a full sync of an N-item drive, then K changes synced in rounds, while Graph misbehaves
 * on purpose: 20% of its answers are 429 or 503 with Retry-After, 5% connection resets, 2% answers
 * slower than the plugin's request timeout, and one incremental delta answers 410 (resync). The
 * plugin must end with the emulator's exact tree, never having sent a request before a
 * Retry-After it was given had run out.
 */
import type { FaultRuleSpec } from '../emulator/src';
import { PLUGIN_ID } from '../server/src/constants';
import type { SyncRunSummary } from '../server/src/sync/engine';
import type { SyncService } from '../server/src/sync/service';
import { startTestStrapi } from '../testkit/strapi';
import { compareDrive, log, type SoakArgs } from './common';
import { createDriveRow } from '../testkit/drive-rows';
import { startEmulatorProcess } from '../testkit/emulator-process';

/** The plugin gives up on a Graph request after this long (its lowest allowed setting is 1 s). */
const REQUEST_TIMEOUT_MS = 2000;

/** An answer that comes after the plugin has given up on it. */
const SLOW_ANSWER = { kind: 'slow', host: 'graph', delayMs: REQUEST_TIMEOUT_MS + 1500 } as const;

/**
 * Rules are tried in order and the first that fires wins, so each one's probability is taken
 * among the requests the rules before it let through: together they hit the wanted shares.
 */
export function faultRules(seed: number): FaultRuleSpec[] {
  const shares = [
    { kind: 'throttle', share: 0.1, retryAfterSeconds: 1 },
    { kind: 'unavailable', share: 0.1, retryAfterSeconds: 1 },
    { kind: 'reset', share: 0.05 },
    { ...SLOW_ANSWER, share: 0.02 },
  ] as const;
  let untouched = 1;
  return shares.map(({ share, ...rule }) => {
    const probability = share / untouched;
    untouched -= share;
    return { ...rule, host: 'graph', probability, seed: `${seed}:${rule.kind}` } as FaultRuleSpec;
  });
}

export async function faultsSuite(args: SoakArgs) {
  const items = args.number('items', 20_000);
  const changes = args.number('changes', 500);
  const rounds = Math.max(1, args.number('rounds', 20));
  const seed = args.number('seed', 1);
  const emulator = await startEmulatorProcess(['--seed', 'demo', '--items', String(items)]);
  const { control, info } = emulator;
  const app = await startTestStrapi({
    emulator: info,
    env: { EXTERNAL_DRIVES_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
  try {
    const remoteDriveId = info.largeDriveId!;
    const drive = await createDriveRow(app.strapi, info, remoteDriveId);
    const sync = app.strapi.plugin(PLUGIN_ID).service('sync') as SyncService;
    let failedRuns = 0;
    let throttledWaits = 0;
    /** As the scheduler would: a run that gave up is followed by another one. */
    const syncToEnd = async (label: string): Promise<SyncRunSummary> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const run = await sync.syncDrive(drive.id, { trigger: 'manual' });
          throttledWaits += run.throttledWaits;
          return run;
        } catch (error) {
          failedRuns += 1;
          log(`${label}: run ${attempt} failed (${(error as Error).message})`);
          if (attempt >= 5) throw error;
        }
      }
    };

    const mark = await control.mark();
    await control.addFaults(faultRules(seed));
    const initial = await syncToEnd('initial sync');
    log(`initial sync: ${initial.itemsAdded} items, ${initial.pages} pages`);

    const resyncRound = Math.ceil(rounds / 2);
    let changed = 0;
    for (let round = 1; round <= rounds; round++) {
      const count = Math.round((changes * round) / rounds) - changed;
      changed += count;
      const share = Math.floor(count / 5);
      await control.bulk(remoteDriveId, {
        modify: share,
        rename: share,
        move: share,
        delete: share,
        create: count - 4 * share,
        renameLargeFolder: round === 1,
        seed: `faults-${seed}-${round}`,
      });
      if (round === 1) {
        // At 2% a short run may draw no timeout at all: the first round's delta always has one.
        await control.addFaults([
          { ...SLOW_ANSWER, method: 'GET', path: '/delta$', driveId: remoteDriveId, times: 1 },
        ]);
      }
      if (round === resyncRound) {
        // The next delta request with a token answers 410: the plugin must enumerate afresh.
        // `times`, not `nth: 1`: a 429 drawn for that first request would have used up its turn.
        await control.addFaults([
          { kind: 'resync', method: 'GET', path: '/delta$', driveId: remoteDriveId, times: 1 },
        ]);
      }
      const run = await syncToEnd(`round ${round}`);
      log(
        `round ${round}/${rounds}: ${count} changes -> ${run.pages} pages, ` +
          `${run.graphRequests} requests, ${run.throttledWaits} waits` +
          (run.fullEnumeration ? ' (full enumeration after the 410)' : '')
      );
    }
    const stats = await control.stats(mark);
    await control.clearFaults();
    const comparison = await compareDrive(app.strapi, control, drive.id, remoteDriveId);
    log(`faults by kind: ${JSON.stringify(stats.faultsByKind)}`);
    return {
      items,
      changes: changed,
      requests: stats.graphRequests,
      faultsInjected: stats.faultsInjected,
      faultsByKind: stats.faultsByKind,
      retryAfterViolations: stats.retryAfterViolations,
      exact: comparison.exact,
      lost: comparison.lost,
      extra: comparison.extra,
      different: comparison.different,
      failedRuns,
      throttledWaits,
    };
  } finally {
    await app.close();
    await emulator.stop();
  }
}
