/** The emulator as its own process, as in production Microsoft runs apart from Strapi. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EmulatorInfo } from '../../emulator/src';

export interface EmulatorProcess {
  info: EmulatorInfo;
  child: ChildProcess;
  stop(): void;
}

export async function startEmulatorProcess(
  options: { items?: number; dataDir?: string; notifyDelayMs?: number } = {}
): Promise<EmulatorProcess> {
  const args = [require.resolve('tsx/cli'), 'emulator/src/cli.ts', '--seed', 'demo', '--port', '0'];
  if (options.items !== undefined) args.push('--items', String(options.items));
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  if (options.notifyDelayMs !== undefined)
    args.push('--notify-delay-ms', String(options.notifyDelayMs));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      return { info: JSON.parse(line) as EmulatorInfo, child, stop: () => child.kill('SIGTERM') };
    }
  }
  throw new Error('the emulator exited before it was ready');
}
