/**
 * The targets each suite's figures must meet (issue 9). A result line misses its target when any
 * check here fails; `soak/check.ts` applies them to the JSON lines the suites print.
 */
export type SuiteName =
  'crash' | 'faults' | 'uploads' | 'security' | 'badinput' | 'redis' | 'histories';

export type SuiteResult = { suite: string } & Record<string, unknown>;

type Target =
  | { field: string; equals: 'zero' }
  | { field: string; equals: true }
  | { field: string; equalsField: string };

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

/** What is wrong with a result line: an empty list when every target is met. */
export function missedTargets(result: SuiteResult): string[] {
  const targets = TARGETS[result.suite as SuiteName];
  if (!targets) return [`unknown suite "${result.suite}"`];
  const missed: string[] = [];
  for (const target of targets) {
    const value = result[target.field];
    if (value === undefined) {
      missed.push(`${target.field} is missing`);
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
