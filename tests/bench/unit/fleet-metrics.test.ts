/**
 * The fleet benchmark's definitions (bench/fleet/metrics.ts and plan.ts): when a drive is overdue,
 * the longest lag, the budget used while work waited, requests per drive per interval, and the
 * scaled plan keeping polling's share of the budget.
 */
import {
  maxLagSeconds,
  MINUTE_MS,
  overdueSpans,
  requestsPerDrivePerInterval,
  utilisationWhileOverdue,
  type RunSample,
} from '../../../bench/fleet/metrics';
import { fleetPlan, FULL_SIZE } from '../../../bench/fleet/plan';
import { fleetResult } from '../../../bench/fleet/report';

const S = 1000;
const T0 = 100 * MINUTE_MS; // a whole minute, as the emulator's accounting intervals start
const INTERVAL = 5 * MINUTE_MS;
const run = (driveId: number, start: number, end: number | null, graphRequests = 1): RunSample => ({
  driveId,
  startedAt: T0 + start,
  finishedAt: end === null ? null : T0 + end,
  graphRequests,
});

describe('fleet benchmark figures', () => {
  it('counts a drive due at its connection, then an interval after each sync ended, until the sync that follows ends', () => {
    const spans = overdueSpans(
      [{ id: 1, createdAt: T0 }],
      [run(1, 10 * S, 40 * S), run(1, 40 * S + INTERVAL + 7 * S, 50 * S + INTERVAL)],
      INTERVAL,
      T0 + 20 * MINUTE_MS
    );
    const second = T0 + 40 * S + INTERVAL;
    const third = T0 + 50 * S + 2 * INTERVAL;
    expect(spans).toEqual([
      { driveId: 1, kind: 'first', from: T0, startedAt: T0 + 10 * S, to: T0 + 40 * S },
      { driveId: 1, kind: 'poll', from: second, startedAt: second + 7 * S, to: second + 10 * S },
      // Never synced again: waiting from its due time until the records end.
      {
        driveId: 1,
        kind: 'poll',
        from: third,
        startedAt: T0 + 20 * MINUTE_MS,
        to: T0 + 20 * MINUTE_MS,
      },
    ]);
    expect(maxLagSeconds(spans)).toBe((20 * MINUTE_MS - 50 * S - 2 * INTERVAL) / S);
    // Only the waits that ended after a moment (the fleet's first full sync), when asked so.
    const ended = spans.slice(0, 2);
    expect(maxLagSeconds(ended)).toBe(7);
    expect(maxLagSeconds(ended, second + 8 * S)).toBe(0);
  });

  it('counts no lag for a sync that started before it was due, nor for the first sync', () => {
    const due = T0 + 100 * S + INTERVAL;
    const spans = overdueSpans(
      [{ id: 1, createdAt: T0 }],
      // The second sync starts 2 s early and ends 3 s after its due time (throttled, say).
      [run(1, 90 * S, 100 * S), run(1, 98 * S + INTERVAL, 103 * S + INTERVAL)],
      INTERVAL,
      due + 30 * S
    );
    expect(spans).toEqual([
      { driveId: 1, kind: 'first', from: T0, startedAt: T0 + 90 * S, to: T0 + 100 * S },
      { driveId: 1, kind: 'poll', from: due, startedAt: due, to: due + 3 * S },
    ]);
    expect(maxLagSeconds(spans)).toBe(0);
  });

  it('keeps a drive whose sync is still running pending until the records end, its next due unknown', () => {
    const end = T0 + INTERVAL * 3;
    expect(overdueSpans([{ id: 1, createdAt: T0 }], [run(1, 0, null)], INTERVAL, end)).toEqual([
      { driveId: 1, kind: 'first', from: T0, startedAt: T0, to: end },
    ]);
  });

  it('uses the budget only of minutes during all of which some drive waited', () => {
    const spans = overdueSpans(
      [
        { id: 1, createdAt: T0 },
        { id: 2, createdAt: T0 + 50 * S },
      ],
      // Drive 1's first sync is pending for 80 s, drive 2's from 50 s to 140 s: minutes 0 and 1
      // are covered by the two together; minute 2 only in part.
      [run(1, 70 * S, 80 * S), run(2, 130 * S, 140 * S)],
      INTERVAL,
      T0 + 4 * MINUTE_MS
    );
    const minutes = [
      { start: T0, units: 900 },
      { start: T0 + MINUTE_MS, units: 1200 },
      { start: T0 + 2 * MINUTE_MS, units: 10 },
    ];
    expect(utilisationWhileOverdue(spans, minutes, 1200, T0, T0 + 4 * MINUTE_MS)).toEqual({
      minutes: 2,
      utilisation: (900 + 1200) / 2400,
    });
    // A minute without any spending while work waited counts as nothing spent.
    expect(utilisationWhileOverdue(spans, [], 1200, T0, T0 + 4 * MINUTE_MS).utilisation).toBe(0);
    // No minute with work waiting throughout: nothing was held back.
    expect(utilisationWhileOverdue([], minutes, 1200, T0, T0 + 4 * MINUTE_MS)).toEqual({
      minutes: 0,
      utilisation: null,
    });
  });

  it('divides the requests of the runs in the window by drives and intervals', () => {
    const runs = [
      run(1, 0, 10, 40),
      run(1, INTERVAL, INTERVAL + 10, 1),
      run(2, INTERVAL, INTERVAL, 3),
    ];
    expect(requestsPerDrivePerInterval(runs, T0 + INTERVAL, T0 + 2 * INTERVAL, 2, 1)).toBe(2);
  });

  it('scales the fleet keeping the share of the budget that polling needs', () => {
    const full = fleetPlan(1);
    expect(full).toMatchObject({
      oneDrives: 1950,
      libraries: 50,
      intervalMinutes: 5,
      resourceUnitsPerMinute: 1200,
      resourceUnitsPerDay: 1_200_000,
    });
    const share = (plan: ReturnType<typeof fleetPlan>) =>
      (plan.oneDrives + plan.libraries) / plan.intervalMinutes / plan.resourceUnitsPerMinute;
    for (const scale of [0.1, 0.2, 0.5]) {
      const plan = fleetPlan(scale);
      expect(plan.oneDrives + plan.libraries).toBe(Math.round(2000 * scale));
      expect(plan.itemsPerLibrary).toBe(FULL_SIZE.itemsPerLibrary);
      expect(Number.isInteger(plan.intervalMinutes)).toBe(true);
      expect(share(plan)).toBeCloseTo(share(full), 2);
    }
    expect(() => fleetPlan(0)).toThrow(/--scale/);
  });
});

describe('fleet benchmark targets', () => {
  const figures = {
    drives: 400,
    items: 200_000,
    instances: 2,
    intervals: 3,
    maxLagSeconds: 30,
    throttled: 0,
    ruPerMinutePeak: 1000,
    ruBudget: 1200,
    ruUtilisationWhileOverdue: 0.75,
    peakRssMb: [400, 380],
    graphRequestsPerDrivePerInterval: 1.1,
    correct: true,
  };

  it('passes only when every target is met', () => {
    expect(fleetResult(figures, 60, 'full').pass).toBe(true);
    expect(fleetResult({ ...figures, ruUtilisationWhileOverdue: null }, 60, 'full').pass).toBe(
      true
    );
    for (const miss of [
      { correct: false },
      { throttled: 1 },
      { ruPerMinutePeak: 1081 },
      { ruUtilisationWhileOverdue: 0.69 },
      { maxLagSeconds: 60 },
    ]) {
      expect(fleetResult({ ...figures, ...miss }, 60, 'full').pass).toBe(false);
    }
  });

  it('halves the utilisation floor at half targets, and nothing else', () => {
    const half = fleetResult({ ...figures, ruUtilisationWhileOverdue: 0.4 }, 60, 'half');
    expect(half.targets).toMatchObject({
      ruUtilisationWhileOverdueAtLeast: 0.35,
      ruPerMinutePeakAtMost: 1080,
      maxLagSecondsUnder: 60,
    });
    expect(half.pass).toBe(true);
  });
});
