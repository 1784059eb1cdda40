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
  it('counts a drive overdue from its connection to its first sync, then from an interval after each sync ended', () => {
    const spans = overdueSpans(
      [{ id: 1, createdAt: T0 }],
      [run(1, 10 * S, 40 * S), run(1, 40 * S + INTERVAL + 7 * S, 50 * S + INTERVAL)],
      INTERVAL,
      T0 + 20 * MINUTE_MS
    );
    expect(spans).toEqual([
      { driveId: 1, kind: 'first', from: T0, to: T0 + 10 * S },
      { driveId: 1, kind: 'poll', from: T0 + 40 * S + INTERVAL, to: T0 + 47 * S + INTERVAL },
      // Never synced again: overdue from its due time until the records end.
      {
        driveId: 1,
        kind: 'poll',
        from: T0 + 50 * S + 2 * INTERVAL,
        to: T0 + 20 * MINUTE_MS,
      },
    ]);
    expect(maxLagSeconds(spans)).toBe((20 * MINUTE_MS - 50 * S - 2 * INTERVAL) / S);
  });

  it('does not count a sync that started before it was due, nor the wait for the first sync as lag', () => {
    const spans = overdueSpans(
      [{ id: 1, createdAt: T0 }],
      [run(1, 90 * S, 100 * S), run(1, 100 * S + INTERVAL - 2 * S, 100 * S + INTERVAL)],
      INTERVAL,
      T0 + 100 * S + INTERVAL + 30 * S
    );
    expect(spans.map((span) => span.kind)).toEqual(['first']);
    expect(maxLagSeconds(spans)).toBe(0);
  });

  it('leaves a drive whose sync is still running not overdue', () => {
    const spans = overdueSpans(
      [{ id: 1, createdAt: T0 }],
      [run(1, 0, null)],
      INTERVAL,
      T0 + INTERVAL * 3
    );
    expect(spans).toEqual([]);
  });

  it('uses the budget only of minutes during all of which some drive waited', () => {
    const spans = overdueSpans(
      [
        { id: 1, createdAt: T0 },
        { id: 2, createdAt: T0 + 50 * S },
      ],
      // Drive 1 waits the first 70 s, drive 2 from 50 s to 130 s: minutes 0 and 1 are covered
      // by the two together; minute 2 only in part.
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
