import { parseArgs } from 'node:util';
import {
  startEmulator,
  type FaultRuleSpec,
  type LicenceTier,
  type ThrottlingSettings,
} from './index';

/**
 * npm run emulator -- --seed demo|empty|large [--port N] [--items N] [--data-dir DIR]
 *   [--faults '<json rules>'] [--throttle-ru N | --throttle-licences N | --throttle-tier T]
 *   [--notify-delay-ms N]
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
      /** Microsoft's minute and day budgets for a tenant of N licences, or of a tier (0-1k...). */
      'throttle-licences': { type: 'string' },
      'throttle-tier': { type: 'string' },
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
  const throttling = throttlingOf(values);
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
    throttling,
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

function throttlingOf(values: {
  'throttle-ru'?: string;
  'throttle-licences'?: string;
  'throttle-tier'?: string;
}): ThrottlingSettings | undefined {
  const given = (['throttle-ru', 'throttle-licences', 'throttle-tier'] as const).filter(
    (name) => values[name]
  );
  if (given.length > 1) throw new Error(`give one of ${given.map((n) => `--${n}`).join(', ')}`);
  if (values['throttle-ru']) {
    const perMinute = Number(values['throttle-ru']);
    if (!(perMinute > 0)) throw new Error('--throttle-ru must be > 0');
    return { resourceUnitsPerMinute: perMinute };
  }
  if (values['throttle-licences']) {
    const licences = Number(values['throttle-licences']);
    if (!Number.isInteger(licences) || licences < 0)
      throw new Error('--throttle-licences must be an integer >= 0');
    return { licences };
  }
  if (values['throttle-tier']) return { tier: values['throttle-tier'] as LicenceTier };
  return undefined;
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
