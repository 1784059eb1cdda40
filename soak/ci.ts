/**
 * `npm run soak:ci`: the short variants of every soak suite, as `.ci/run` runs them. One suite at a
 * time, each in its own process exactly as `npm run soak -- <suite> --json` runs it, each result
 * checked against its targets (soak/targets.ts). Exits non-zero when a suite misses a target, dies
 * without a result or outlives its time limit; the others still run, so one failure shows them all.
 * Names narrow the run: `npm run soak:ci -- crash redis`.
 */
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/paths';
import { runTimedChild } from '../scripts/lib/timed-child';
import { log } from './common';
import { missedTargets, resultLines, type SuiteName, type SuiteResult } from './targets';

interface Variant {
  suite: SuiteName;
  flags: string[];
  /** Killed after this long: a hung suite must fail CI, not hold it forever. */
  limitSeconds: number;
}

/** Small enough for every CI run (a few minutes together), large enough to cross each fault path. */
const CI_VARIANTS: Variant[] = [
  { suite: 'crash', flags: ['--trials', '3', '--items', '1000'], limitSeconds: 300 },
  {
    suite: 'faults',
    flags: ['--items', '2000', '--changes', '100', '--rounds', '5'],
    limitSeconds: 300,
  },
  { suite: 'uploads', flags: ['--uploads', '5'], limitSeconds: 240 },
  { suite: 'security', flags: [], limitSeconds: 300 },
  { suite: 'badinput', flags: [], limitSeconds: 300 },
  { suite: 'redis', flags: ['--drives', '3', '--items', '500'], limitSeconds: 420 },
  { suite: 'histories', flags: ['--histories', '60'], limitSeconds: 300 },
];

interface Outcome {
  variant: Variant;
  seconds: number;
  result?: SuiteResult;
  problems: string[];
}

/** Runs one variant; its progress (stderr) passes through, its result line is read from stdout. */
async function runVariant(variant: Variant): Promise<Outcome> {
  const args = [path.join(REPO_ROOT, 'soak', 'run.ts'), variant.suite, ...variant.flags, '--json'];
  const { code, stdout, seconds, timedOut } = await runTimedChild(args, variant.limitSeconds);
  const [result] = resultLines(stdout).slice(-1);
  // Speed-dependent figures (the flood's timing) are for the full run, not shared CI machines.
  const problems = result ? missedTargets(result, { timing: false }) : [];
  if (timedOut) problems.push(`killed after ${variant.limitSeconds} s`);
  else if (code !== 0) problems.push(`exited with ${code}`);
  if (!result) problems.push('no result line');
  return { variant, seconds, result, problems };
}

async function main() {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !CI_VARIANTS.some((variant) => variant.suite === name));
  if (unknown.length) throw new Error(`no such suite: ${unknown.join(', ')}`);
  const variants = CI_VARIANTS.filter((v) => !named.length || named.includes(v.suite));
  const started = Date.now();
  const outcomes: Outcome[] = [];
  for (const variant of variants) {
    log(`=== ${variant.suite} ${variant.flags.join(' ')}`.trimEnd());
    const outcome = await runVariant(variant);
    outcomes.push(outcome);
    if (outcome.result) process.stdout.write(`${JSON.stringify(outcome.result)}\n`);
  }
  for (const { variant, seconds, problems } of outcomes) {
    const verdict = problems.length ? `MISSED ${problems.join('; ')}` : 'all targets met';
    log(`${variant.suite.padEnd(9)} ${String(seconds).padStart(4)} s  ${verdict}`);
  }
  log(`${Math.round((Date.now() - started) / 1000)} s in all`);
  return outcomes.some((outcome) => outcome.problems.length) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
