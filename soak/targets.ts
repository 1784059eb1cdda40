/**
 * The targets each suite's figures must meet (issue 9). A result line misses its target when any
 * check here fails; `soak/check.ts` applies them to the JSON lines the suites print.
 */
export type SuiteName =
  'crash' | 'faults' | 'uploads' | 'security' | 'badinput' | 'redis' | 'histories';

export type SuiteResult = { suite: string } & Record<string, unknown>;

/**
 * A check of one field. `timing`: a figure that depends on the machine's speed, checked by the
 * full run (`soak/check.ts`) and not by `npm run soak:ci`, whose machines are shared.
 */
type Target = (
  | { field: string; equals: 'zero' }
  | { field: string; equals: true }
  | { field: string; equalsField: string }
  | { field: string; atLeast: number }
  | { field: string; atMost: number }
  | { field: string; below: number }
) & { timing?: boolean };

export const TARGETS: Record<SuiteName, Target[]> = {
  crash: [
    { field: 'exact', equalsField: 'trials' },
    { field: 'lost', equals: 'zero' },
    { field: 'duplicated', equals: 'zero' },
  ],
  faults: [
    { field: 'exact', equals: true },
    { field: 'retryAfterViolations', equals: 'zero' },
  ],
  uploads: [
    { field: 'completed', equalsField: 'uploads' },
    { field: 'hashMismatches', equals: 'zero' },
    { field: 'orphanSessions', equals: 'zero' },
  ],
  security: [
    { field: 'leaks', equals: 'zero' },
    { field: 'plaintextSecrets', equals: 'zero' },
    { field: 'routesNeverCalled', equals: 'zero' },
    // The flood: no crash, a bounded queue, every genuine notification taken.
    { field: 'floodHealthy', equals: true },
    { field: 'floodQueueBounded', equals: true },
    { field: 'floodGenuineLost', equals: 'zero' },
    { field: 'floodNotifications', atLeast: 10_000, timing: true },
    { field: 'floodRatePerSecond', atLeast: 1000, timing: true },
    { field: 'floodTimedCallsBefore', atLeast: 200, timing: true },
    { field: 'floodTimedCallsDuring', atLeast: 200, timing: true },
    { field: 'floodP95Ratio', atMost: 2, timing: true },
    { field: 'floodRssGrowthMb', below: 50, timing: true },
  ],
  badinput: [
    { field: 'clearErrors', equalsField: 'cases' },
    { field: 'crashes', equals: 'zero' },
    { field: 'sideEffects', equals: 'zero' },
  ],
  redis: [{ field: 'exact', equals: true }],
  histories: [
    { field: 'divergences', equals: 'zero' },
    // Each kind of operation and fault at least as often as its stated minimum (histories.ts).
    { field: 'kindsBelowMinimum', equals: 'zero' },
  ],
};

/**
 * What is wrong with a result line: an empty list when every target is met. Without `timing`, the
 * targets that depend on the machine's speed are left out (CI).
 */
export function missedTargets(result: SuiteResult, { timing = true } = {}): string[] {
  const targets = TARGETS[result.suite as SuiteName];
  if (!targets) return [`unknown suite "${result.suite}"`];
  const missed: string[] = [];
  for (const target of targets) {
    if (target.timing && !timing) continue;
    const value = result[target.field];
    if (value === undefined) {
      missed.push(`${target.field} is missing`);
    } else if ('atLeast' in target) {
      if (!(Number(value) >= target.atLeast))
        missed.push(`${target.field} is ${value}, under ${target.atLeast}`);
    } else if ('atMost' in target) {
      if (!(Number(value) <= target.atMost))
        missed.push(`${target.field} is ${value}, over ${target.atMost}`);
    } else if ('below' in target) {
      if (!(Number(value) < target.below))
        missed.push(`${target.field} is ${value}, not under ${target.below}`);
    } else if ('equalsField' in target) {
      if (value !== result[target.equalsField])
        missed.push(
          `${target.field} is ${value}, not ${target.equalsField} (${result[target.equalsField]})`
        );
    } else if (target.equals === 'zero') {
      if (value !== 0) missed.push(`${target.field} is ${JSON.stringify(value)}, not 0`);
    } else if (value !== true) {
      missed.push(`${target.field} is ${JSON.stringify(value)}, not true`);
    }
  }
  return missed;
}

/**
 * The result lines in a suite's output: each line starting with `{` that names a `suite` (the
 * progress goes to stderr; a suite that died prints none).
 */
export const resultLines = (text: string): SuiteResult[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"suite"'))
    .map((line) => JSON.parse(line) as SuiteResult);
