/**
 * `npm run bench -- <name> [options] --json`
 *
 * - initial-sync [--items N], incremental-sync [--items N] [--changes K]: see sync-benchmarks.ts
 * - upload [--mb M], download [--mb M], list: see file-benchmarks.ts
 *
 * Progress goes to stderr; the last stdout line starting with `{` is the result (JSON).
 */
import { FILE_BENCHMARKS, runFileBenchmark } from './file-benchmarks';
import { log } from './lib/measure';
import { SYNC_BENCHMARKS, runSyncBenchmark } from './sync-benchmarks';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const name = args.find((arg) => !arg.startsWith('--')) ?? 'initial-sync';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

async function main() {
  if (isOneOf(SYNC_BENCHMARKS, name)) {
    await runSyncBenchmark(name, { items: flag('items', 100_000), changes: flag('changes', 100) });
  } else if (isOneOf(FILE_BENCHMARKS, name)) {
    await runFileBenchmark(name, { mb: flag('mb', 1024) });
  } else {
    throw new Error(
      `unknown benchmark "${name}" (${[...SYNC_BENCHMARKS, ...FILE_BENCHMARKS].join(', ')})`
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
