/**
 * A tsx script run as its own process under a time limit, its progress (stderr) passing through and
 * its stdout kept for the result line. The soak suites' and the benchmarks' CI runners use it: each
 * member in a fresh process, so one's memory and leftovers never count in the next.
 */
import { spawn } from 'node:child_process';
import { bin, REPO_ROOT } from './paths';

export interface ChildOutcome {
  /** The exit code, or null when it was killed. */
  code: number | null;
  stdout: string;
  seconds: number;
  timedOut: boolean;
}

export function runTimedChild(args: string[], limitSeconds: number): Promise<ChildOutcome> {
  const started = Date.now();
  // Its own process group: on a timeout, the script's Strapi, emulator and Redis go with it.
  const child = spawn(bin('tsx'), args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, limitSeconds * 1000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve({ code, stdout, seconds, timedOut });
    });
  });
}
