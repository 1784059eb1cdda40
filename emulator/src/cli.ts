import { parseArgs } from 'node:util';
import { startEmulator, type FaultRuleSpec } from './index';

/**
 * npm run emulator -- --seed demo|empty|large [--port N] [--items N] [--data-dir DIR]
 *   [--faults '<json rules>'] [--throttle-ru N] [--notify-delay-ms N]
 * Prints the EmulatorInfo JSON as the last stdout line starting with "{" and runs until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: 'demo' },
      port: { type: 'string', default: '0' },
      items: { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      /** JSON: an array of fault rules, or {"rules": [...]}. */
      faults: { type: 'string' },
      /** Resource units per app per minute (real throttling; off when absent). */
      'throttle-ru': { type: 'string' },
      'notify-delay-ms': { type: 'string' },
    },
  });
  const seedName = values.seed ?? 'demo';
  if (!['demo', 'empty', 'large'].includes(seedName)) throw new Error(`unknown seed ${seedName}`);
  // "large" is the demo tenant plus the large library.
  const items = values.items ? Number(values.items) : seedName === 'large' ? 10_000 : undefined;
  if (items !== undefined && (!Number.isInteger(items) || items < 0))
    throw new Error('--items must be an integer');
  const faults = values.faults ? parseFaults(values.faults) : undefined;
  const throttleRu = values['throttle-ru'] ? Number(values['throttle-ru']) : undefined;
  if (throttleRu !== undefined && !(throttleRu > 0)) throw new Error('--throttle-ru must be > 0');
  const notifyDelay = values['notify-delay-ms'] ? Number(values['notify-delay-ms']) : undefined;
  if (notifyDelay !== undefined && !(notifyDelay >= 0))
    throw new Error('--notify-delay-ms must be >= 0');
  const started = Date.now();
  const emulator = await startEmulator({
    seed: seedName === 'empty' ? 'empty' : 'demo',
    items,
    port: Number(values.port),
    dataDir: values['data-dir'],
    quiet: values.quiet,
    faults,
    throttling: throttleRu ? { resourceUnitsPerMinute: throttleRu } : undefined,
    notificationDelayMs: notifyDelay,
  });
  if (!values.quiet)
    console.error(`[emulator] ready in ${Date.now() - started} ms; CA: ${emulator.info.caFile}`);
  process.stdout.write(`${JSON.stringify(emulator.info)}\n`);
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseFaults(json: string): FaultRuleSpec[] {
  const parsed = JSON.parse(json) as FaultRuleSpec[] | { rules?: FaultRuleSpec[] };
  const rules = Array.isArray(parsed) ? parsed : parsed.rules;
  if (!Array.isArray(rules))
    throw new Error('--faults must be a JSON array of rules or {"rules": [...]}');
  return rules;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
