/**
 * `npm run bench -- <name> [options] --json`
 *
 * - initial-sync [--items N], incremental-sync [--items N] [--changes K]: see sync-benchmarks.ts
 * - notify [--changes N]: change-to-Strapi latency through change notifications, see notify.ts
 * - attachments [--entries N]: External file fields' costs, see attachments.ts
 * - upload [--mb M], download [--mb M], list: file operations, see file-benchmarks.ts
 *
 * Progress goes to stderr; the last stdout line starting with `{` is the result (JSON).
 */
import { compilePlayground, ensurePluginBuilt } from '../scripts/lib/build';
import { attachmentsBench } from './attachments';
import { FILE_BENCHMARKS, runFileBenchmark } from './file-benchmarks';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { log, report } from './lib/measure';
import { notifyBench } from './notify';
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
  } else if (name === 'attachments') {
    ensurePluginBuilt(log);
    compilePlayground(log);
    report(await attachmentsBench(flag('entries', 2000), log));
  } else if (name === 'notify') {
    ensurePluginBuilt(log);
    compilePlayground(log);
    const emulator = await startEmulatorProcess([
      ...['--seed', 'demo', '--items', String(flag('items', 100_000))],
      ...['--notify-delay-ms', '0'],
    ]);
    try {
      report(await notifyBench(emulator, flag('changes', 20), log));
    } finally {
      await emulator.stop();
    }
  } else {
    const known = [...SYNC_BENCHMARKS, 'notify', 'attachments', ...FILE_BENCHMARKS];
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
