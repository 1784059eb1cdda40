/**
 * `npm run bench -- all --json` and `npm run bench -- ci --json`: a named set (bench/sets.ts), one
 * member at a time, each in its own process exactly as `npm run bench -- <name> <flags> --json`
 * runs it, so one member's memory never counts in the next one's figures. Each member's result line
 * goes to stderr as it comes; stdout gets one summary line. A member passes when its own result
 * says `pass: true` and it exits 0 within its time limit; the set passes when every member does,
 * and the others still run after a failure, so one run shows them all.
 */
import path from 'node:path';
import { REPO_ROOT } from '../scripts/lib/paths';
import { runTimedChild } from '../scripts/lib/timed-child';
import { log, report } from './lib/measure';
import { BENCH_SETS, type SetMember, type SetName } from './sets';

interface MemberOutcome {
  name: string;
  seconds: number;
  pass: boolean;
}

/** The result line: the last stdout line starting with `{` (bench/lib/measure.ts, report). */
const resultLine = (stdout: string): Record<string, unknown> | undefined => {
  const line = stdout
    .split('\n')
    .filter((candidate) => candidate.startsWith('{'))
    .at(-1);
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
};

async function runMember(member: SetMember, halfTargets: boolean): Promise<MemberOutcome> {
  const args = [
    path.join(REPO_ROOT, 'bench', 'run.ts'),
    member.bench,
    ...member.flags,
    ...(halfTargets ? ['--half-targets'] : []),
    '--json',
  ];
  const { code, stdout, seconds, timedOut } = await runTimedChild(args, member.limitSeconds);
  const result = resultLine(stdout);
  if (result) process.stderr.write(`${JSON.stringify(result)}\n`);
  const problems: string[] = [];
  if (timedOut) problems.push(`killed after ${member.limitSeconds} s`);
  else if (code !== 0) problems.push(`exited with ${code}`);
  if (!result) problems.push('no result line');
  else if (result.pass !== true) problems.push('missed a target (pass is not true)');
  const verdict = problems.length ? `FAILED: ${problems.join('; ')}` : 'every target met';
  log(`${member.bench} ${member.flags.join(' ')}: ${seconds} s, ${verdict}`);
  // A benchmark may be a member twice (initial-sync on SQLite and on PostgreSQL): its database
  // tells them apart.
  const database = member.flags.indexOf('--database');
  const name = database >= 0 ? `${member.bench} ${member.flags[database + 1]}` : member.bench;
  return { name, seconds, pass: problems.length === 0 };
}

export async function runBenchSet(name: SetName) {
  const set = BENCH_SETS[name];
  const started = Date.now();
  const members: MemberOutcome[] = [];
  for (const member of set.members) {
    log(`=== ${member.bench} ${member.flags.join(' ')}`.trimEnd());
    members.push(await runMember(member, set.halfTargets));
  }
  report({
    bench: name,
    halfTargets: set.halfTargets,
    seconds: Math.round((Date.now() - started) / 1000),
    members,
    pass: members.every((member) => member.pass),
  });
}
