import { parseArgs } from 'node:util';
import { startEmulator } from './index';

/**
 * npm run emulator -- --seed demo|empty|large [--port N] [--items N] [--data-dir DIR]
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
    },
  });
  const seedName = values.seed ?? 'demo';
  if (!['demo', 'empty', 'large'].includes(seedName)) throw new Error(`unknown seed ${seedName}`);
  // "large" is the demo tenant plus the large library.
  const items = values.items ? Number(values.items) : seedName === 'large' ? 10_000 : undefined;
  if (items !== undefined && (!Number.isInteger(items) || items < 0))
    throw new Error('--items must be an integer');
  const started = Date.now();
  const emulator = await startEmulator({
    seed: seedName === 'empty' ? 'empty' : 'demo',
    items,
    port: Number(values.port),
    dataDir: values['data-dir'],
    quiet: values.quiet,
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
