/**
 * crash: T trials, each on a freshly seeded drive of N items. A Strapi process starts the drive's
 * first sync and is SIGKILLed at a random moment of it (no shutdown, no flush: a power cut); a new
 * Strapi boots on the same SQLite file and finishes the sync. Every other trial also changes the
 * drive in Microsoft 365 while Strapi is down. The plugin's tree must then equal the emulator's:
 * nothing lost, nothing doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorInfo } from '../emulator/src';
import { REPO_ROOT } from '../scripts/lib/paths';
import type { CrashChildInput } from './crash-child';
import { log, seededRandom, type SoakArgs, type TreeComparison } from './common';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { sleep } from '../testkit/wait';

interface ChildEvent {
  event: 'ready' | 'progress' | 'done';
  items?: number;
  run?: { pages: number; itemsAdded: number; fullEnumeration: boolean };
  [key: string]: unknown;
}

type DoneEvent = ChildEvent & TreeComparison & { duplicated: number; staleRuns: number };

interface Child {
  process: ChildProcess;
  /** Resolves with the first event of this kind; null when the process exits before it. */
  waitFor(kind: ChildEvent['event']): Promise<ChildEvent | null>;
  exited: Promise<number | null>;
}

function startChild(input: CrashChildInput): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'soak/crash-child.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SOAK_CRASH_CHILD: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seen = new Map<string, ChildEvent>();
  const waiters: Array<{ kind: string; resolve: (event: ChildEvent | null) => void }> = [];
  // Read continuously, so the child never blocks on a full pipe while the suite waits.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    // Strapi's own log lines share stdout; the child's events are JSON objects.
    if (!line.startsWith('{"event"')) return;
    const event = JSON.parse(line) as ChildEvent;
    seen.set(event.event, event);
    for (const waiter of waiters.filter((w) => w.kind === event.event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  void exited.then(() => {
    // Lines still buffered are delivered before 'close'; give them that turn.
    setImmediate(() => {
      for (const waiter of waiters.splice(0)) waiter.resolve(seen.get(waiter.kind) ?? null);
    });
  });
  return {
    process: child,
    exited,
    waitFor: (kind) =>
      seen.has(kind)
        ? Promise.resolve(seen.get(kind)!)
        : new Promise((resolve) => waiters.push({ kind, resolve })),
  };
}

const secrets = () =>
  Object.fromEntries(
    [
      'APP_KEYS',
      'API_TOKEN_SALT',
      'ADMIN_JWT_SECRET',
      'TRANSFER_TOKEN_SALT',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
    ].map((name) => [name, randomBytes(16).toString('base64')])
  );

/** SIGKILLs the process `delayMs` after its sync started; true when it died before the end. */
async function killAfter(child: Child, delayMs: number): Promise<boolean> {
  if (!(await child.waitFor('ready'))) throw new Error('the first Strapi process did not boot');
  const done = child.waitFor('done');
  const finished = await Promise.race([done.then(() => true), sleep(delayMs).then(() => false)]);
  child.process.kill('SIGKILL');
  await child.exited;
  return !finished;
}

/** A whole sync without a kill: how long one takes here, so kill points spread over it. */
async function calibrate(input: CrashChildInput) {
  const child = startChild(input);
  if (!(await child.waitFor('ready'))) throw new Error('the calibration Strapi did not boot');
  const started = Date.now();
  const done = (await child.waitFor('done')) as DoneEvent | null;
  await child.exited;
  if (!done) throw new Error('the calibration sync failed');
  return { syncMs: Date.now() - started, exact: done.exact };
}

export async function crashSuite(args: SoakArgs) {
  const trials = args.number('trials', 20);
  const items = args.number('items', 5000);
  const random = seededRandom(args.number('seed', 1));
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-crash-'));
  const totals = { exact: 0, lost: 0, duplicated: 0, extra: 0, killedDuringSync: 0, staleRuns: 0 };
  const inputFor = (info: EmulatorInfo, name: string): CrashChildInput => ({
    info,
    databaseFile: path.join(folder, `${name}.db`),
    remoteDriveId: info.largeDriveId!,
    env: secrets(),
  });
  try {
    const calibration = await calibrate(
      inputFor((await emulator.control.seed('demo', items)) as EmulatorInfo, 'calibration')
    );
    log(`a whole sync of ${items} items takes ${calibration.syncMs} ms here`);
    for (let trial = 1; trial <= trials; trial++) {
      const info = (await emulator.control.seed('demo', items)) as EmulatorInfo;
      const input = inputFor(info, `trial-${trial}`);
      // Anywhere in the sync, and now and then just after it (a kill between two syncs).
      const killAfterMs = Math.floor(random() * calibration.syncMs * 1.1);

      const killedMidSync = await killAfter(startChild(input), killAfterMs);
      if (killedMidSync) totals.killedDuringSync += 1;
      const changed = trial % 2 === 0;
      if (changed) {
        // Microsoft 365 moves on while Strapi is down.
        const share = Math.max(1, Math.floor(items / 200));
        await emulator.control.bulk(input.remoteDriveId, {
          modify: share,
          rename: share,
          move: share,
          delete: share,
          create: share,
          renameLargeFolder: true,
          seed: `crash-${trial}`,
        });
      }

      const second = startChild(input);
      const done = (await second.waitFor('done')) as DoneEvent | null;
      const code = await second.exited;
      if (!done) throw new Error(`trial ${trial}: the second Strapi process failed (exit ${code})`);
      if (done.exact) totals.exact += 1;
      totals.lost += done.lost;
      totals.extra += done.extra;
      totals.duplicated += done.duplicated;
      totals.staleRuns += done.staleRuns;
      log(
        `trial ${trial}/${trials}: killed ${killAfterMs} ms into the sync ` +
          `(${killedMidSync ? 'mid-sync' : 'after it'})${changed ? ', drive changed' : ''}; ` +
          `the restart synced ${done.run?.pages} pages -> exact ${done.exact}, lost ${done.lost}, ` +
          `extra ${done.extra}, different ${done.different}, duplicated ${done.duplicated}, stale runs ${done.staleRuns}`
      );
      removeDatabase(input.databaseFile);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await emulator.stop();
  }
  return { trials, items, ...totals };
}

function removeDatabase(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${file}${suffix}`, { force: true });
}
