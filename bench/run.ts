/**
 * `npm run bench -- <name> [options] --json`
 *
 * - initial-sync [--items N], incremental-sync [--items N] [--changes K]: see sync-benchmarks.ts;
 *   `--database postgres` runs them on a fresh PostgreSQL database (TEST_POSTGRES_URL, default
 *   the local server's), SQLite otherwise
 * - notify [--changes N]: change-to-Strapi latency through change notifications, with the
 *   emulator's default notification delay and with none, see notify.ts
 * - attachments [--entries N]: External file fields' costs, see attachments.ts
 * - upload [--mb M], download [--mb M], list: file operations, see file-benchmarks.ts
 * - fleet [--scale S] [--parallel P]: 2,000 drives on two instances within the RU budget (S of
 *   them for a shorter run), see fleet/index.ts
 * - folder-zip [--files N] [--mb M]: a folder downloaded as a ZIP, see folder-zip.ts
 * - all, ci: a named set of the above, each member in its own process, see sets.ts and run-set.ts
 *
 * Every result states its `targets` and whether it met them (`pass`); a miss exits non-zero.
 * `--half-targets` holds half of each ratio and memory target (the CI short set passes it).
 * Progress goes to stderr; the last stdout line starting with `{` is the result (JSON).
 */
import { compilePlayground, ensurePluginBuilt } from '../scripts/lib/build';
import { attachmentsBench } from './attachments';
import { FILE_BENCHMARKS, runFileBenchmark } from './file-benchmarks';
import { BENCH_DATABASES, type BenchDatabase } from './lib/bench-app';
import { runFleetBenchmark } from './fleet';
import { runFolderZipBenchmark } from './folder-zip';
import { log, report } from './lib/measure';
import { targetLevelOf } from './lib/targets';
import { runNotifyBenchmark } from './notify';
import { runBenchSet } from './run-set';
import { SET_NAMES } from './sets';
import { SYNC_BENCHMARKS, runSyncBenchmark } from './sync-benchmarks';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const name = args.find((arg) => !arg.startsWith('--')) ?? 'initial-sync';
const level = targetLevelOf(args);

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** `--database sqlite|postgres`, SQLite when not given. */
function databaseOf(): BenchDatabase {
  const index = args.indexOf('--database');
  const value = index >= 0 ? args[index + 1] : 'sqlite';
  if (!isOneOf(BENCH_DATABASES, value)) {
    throw new Error(`--database ${value}: one of ${BENCH_DATABASES.join(', ')}`);
  }
  return value;
}

async function main() {
  if (isOneOf(SYNC_BENCHMARKS, name)) {
    const sizes = { items: flag('items', 100_000), changes: flag('changes', 100) };
    await runSyncBenchmark(name, { ...sizes, level, database: databaseOf() });
  } else if (isOneOf(FILE_BENCHMARKS, name)) {
    await runFileBenchmark(name, { mb: flag('mb', 1024), level });
  } else if (name === 'folder-zip') {
    await runFolderZipBenchmark({ files: flag('files', 2000), mb: flag('mb', 2048), level });
  } else if (name === 'attachments') {
    ensurePluginBuilt(log);
    compilePlayground(log);
    report(await attachmentsBench(flag('entries', 2000), level, log));
  } else if (name === 'notify') {
    ensurePluginBuilt(log);
    compilePlayground(log);
    const sizes = { changes: flag('changes', 20), items: flag('items', 100_000) };
    await runNotifyBenchmark({ ...sizes, level });
  } else if (name === 'fleet') {
    ensurePluginBuilt(log);
    compilePlayground(log);
    const optional = (key: string) => (args.includes(`--${key}`) ? flag(key, 0) : undefined);
    await runFleetBenchmark({
      scale: flag('scale', 1),
      parallel: flag('parallel', 4),
      level,
      filesPerOneDrive: optional('files-per-onedrive'),
      itemsPerLibrary: optional('items-per-library'),
    });
  } else if (isOneOf(SET_NAMES, name)) {
    // Built once here, so no member pays for the build in its minutes.
    ensurePluginBuilt(log);
    compilePlayground(log);
    await runBenchSet(name);
  } else {
    const known = [
      ...SYNC_BENCHMARKS,
      'notify',
      'attachments',
      'fleet',
      'folder-zip',
      ...FILE_BENCHMARKS,
      ...SET_NAMES,
    ];
    throw new Error(`unknown benchmark "${name}" (${known.join(', ')})`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
