/**
 * `npm run soak -- <suite> [flags] [--json]`: the reliability and security suites (issue 9),
 * each against a real Strapi (the playground, SQLite) and the emulator in its own process.
 * With --json the last stdout line is the suite's result as ONE JSON object naming its `suite`;
 * without it, the same figures one per line. Targets are checked by soak/check.ts.
 *
 *   crash     --trials 20 --items 5000     SIGKILL mid-sync, restart, finish: nothing lost or doubled
 *   faults    --items 20000 --changes 500  429/503, resets, timeouts and a 410 under a sync
 *   uploads   --uploads 20                 multi-fragment uploads with resets and 5xx
 *   security                               every route as the wrong person, forged ids and callbacks
 *   badinput                               a corpus of hostile names, sizes, configs and bodies
 *   redis     --drives 6                   Redis restarted under queued and running syncs
 *   histories --histories 200 --minutes M  randomized histories of changes and failing syncs
 * Every suite takes --seed N (default 1) for its random choices.
 */
import { compilePlayground, ensurePluginBuilt } from '../scripts/lib/build';
import { badInputSuite } from './badinput';
import { log, parseArgs, type SoakArgs } from './common';
import { crashSuite } from './crash';
import { faultsSuite } from './faults';
import { historiesSuite } from './histories';
import { redisSuite } from './redis';
import { securitySuite } from './security';
import type { SuiteName } from './targets';
import { uploadsSuite } from './uploads';

const SUITES: Record<SuiteName, (args: SoakArgs) => Promise<Record<string, unknown>>> = {
  crash: crashSuite,
  faults: faultsSuite,
  uploads: uploadsSuite,
  security: securitySuite,
  badinput: badInputSuite,
  redis: redisSuite,
  histories: historiesSuite,
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const name = args.name as SuiteName | undefined;
  if (!name || !SUITES[name]) {
    throw new Error(`name a suite: npm run soak -- <${Object.keys(SUITES).join('|')}> [--json]`);
  }
  ensurePluginBuilt(log);
  compilePlayground(log);
  const started = Date.now();
  const figures = await SUITES[name](args);
  const result = { suite: name, ...figures, seconds: Math.round((Date.now() - started) / 1000) };
  if (args.json) {
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
  } else {
    for (const [key, value] of Object.entries(result)) {
      process.stdout.write(`${key}: ${JSON.stringify(value)}\n`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
