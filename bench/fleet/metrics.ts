/**
 * The fleet benchmark's figures from what it recorded: the drives (when each was connected), their
 * sync runs (from the database) and the resource units the emulator charged per minute. Pure, so
 * the definitions below are tested apart from any run (tests/bench/unit/fleet-metrics.test.ts).
 *
 * A drive is due when it was connected (its first sync) and then an interval after its last sync
 * ended: the plugin's own rule (the drives table's `dueForSync`: "last sync older than the
 * interval"). From its due time until its next sync starts it waits (its lag); until that sync
 * ends its work is pending (a sync held back by throttling or by a pacer is pending too).
 */
export interface DriveSample {
  id: number;
  /** When it was connected (ms since the epoch). */
  createdAt: number;
}

export interface RunSample {
  driveId: number;
  startedAt: number;
  /** null: still running when the records were read. */
  finishedAt: number | null;
  graphRequests: number;
}

/** A drive's sync not done by its due time: its first sync, or a poll. */
export interface OverdueSpan {
  driveId: number;
  kind: 'first' | 'poll';
  /** The due time. */
  from: number;
  /** When the sync started, if after `from` (its lag is `startedAt - from`); `to` if never. */
  startedAt: number;
  /** When the sync ended, or the end of the records if it had not. */
  to: number;
}

/** Resource units charged in one clock minute (the emulator's accounting intervals). */
export interface MinuteSpending {
  start: number;
  units: number;
}

export const MINUTE_MS = 60_000;

/**
 * Every sync that was not done by its due time (up to `end`): each drive's first sync, and the
 * polls that started late or ended after their due time; a due sync that never started ends at
 * `end`.
 */
export function overdueSpans(
  drives: DriveSample[],
  runs: RunSample[],
  intervalMs: number,
  end: number
): OverdueSpan[] {
  const runsOf = new Map<number, RunSample[]>();
  for (const run of runs) {
    const list = runsOf.get(run.driveId) ?? [];
    list.push(run);
    runsOf.set(run.driveId, list);
  }
  const spans: OverdueSpan[] = [];
  for (const drive of drives) {
    const ordered = (runsOf.get(drive.id) ?? []).sort((a, b) => a.startedAt - b.startedAt);
    let due: number | null = drive.createdAt;
    let kind: OverdueSpan['kind'] = 'first';
    for (const run of ordered) {
      const to = Math.min(run.finishedAt ?? end, end);
      if (due !== null && due < to) {
        const startedAt = Math.min(Math.max(run.startedAt, due), end);
        spans.push({ driveId: drive.id, kind, from: due, startedAt, to });
      }
      due = run.finishedAt === null ? null : run.finishedAt + intervalMs;
      kind = 'poll';
    }
    if (due !== null && due < end) {
      spans.push({ driveId: drive.id, kind, from: due, startedAt: end, to: end });
    }
  }
  return spans;
}

/**
 * The longest wait past a due time for a sync to start after a drive's first sync, in seconds (0
 * when none), of the waits that ended at `after` or later (the whole wait counts).
 */
export function maxLagSeconds(spans: OverdueSpan[], after = -Infinity): number {
  let longest = 0;
  for (const span of spans) {
    if (span.kind === 'poll' && span.startedAt > after) {
      longest = Math.max(longest, span.startedAt - span.from);
    }
  }
  return longest / 1000;
}

/** The union of the spans: sorted, non-overlapping [from, to) ranges. */
function union(spans: OverdueSpan[]): Array<[number, number]> {
  const sorted = spans.map((s) => [s.from, s.to] as [number, number]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * Resource units spent per minute over the budget, in the clock minutes during all of which some
 * drive's sync was due and not done (work was pending, so a pacer idling then wastes the
 * budget), within
 * [from, to). null when no minute had work waiting throughout: then nothing was held back.
 */
export function utilisationWhileOverdue(
  spans: OverdueSpan[],
  minutes: MinuteSpending[],
  budgetPerMinute: number,
  from: number,
  to: number
): { minutes: number; utilisation: number | null } {
  const units = new Map(minutes.map((minute) => [minute.start, minute.units]));
  const busy = union(spans);
  let counted = 0;
  let spent = 0;
  let next = 0;
  for (
    let start = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
    start + MINUTE_MS <= to;
    start += MINUTE_MS
  ) {
    while (next < busy.length && busy[next][1] < start + MINUTE_MS) next++;
    if (next < busy.length && busy[next][0] <= start) {
      counted++;
      spent += units.get(start) ?? 0;
    }
  }
  return { minutes: counted, utilisation: counted ? spent / (counted * budgetPerMinute) : null };
}

/** Graph requests of the runs that started in [from, to), per drive and interval. */
export function requestsPerDrivePerInterval(
  runs: RunSample[],
  from: number,
  to: number,
  drives: number,
  intervals: number
): number {
  const requests = runs
    .filter((run) => run.startedAt >= from && run.startedAt < to)
    .reduce((sum, run) => sum + run.graphRequests, 0);
  return requests / (drives * intervals);
}
