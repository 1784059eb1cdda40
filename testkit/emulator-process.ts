/**
 * The emulator in its own process, as in production Microsoft runs apart from Strapi: its event
 * loop never waits on Strapi's, and a Strapi killed or restarted beside it changes nothing in it.
 * The soak suites and the benchmarks run it so; tests start it in-process (./emulator.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ControlClient, type EmulatorInfo } from '../emulator/src';
import { REPO_ROOT } from '../scripts/lib/paths';

export interface EmulatorProcess {
  info: EmulatorInfo;
  control: ControlClient;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `emulator/src/cli.ts` on a free port with the given CLI flags (`--seed demo`, `--items N`). */
export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      path.join(REPO_ROOT, 'emulator/src/cli.ts'),
      '--port',
      '0',
      '--quiet',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: REPO_ROOT }
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const info = JSON.parse(line) as EmulatorInfo;
    const control = ControlClient.from(info);
    return {
      info,
      control,
      child,
      stop: async () => {
        await control.close();
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
  throw new Error('the emulator exited before it was ready');
}
