/**
 * The bull + Redis runner against a real Redis: two runner instances stand for two Strapi
 * instances (each has its own bull connections, as separate processes would), and a killed child
 * process stands for an instance that dies mid-run.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { createRedisQueues } from '../../../server/src/jobs/redis-queues';
import type { RunSlot } from '../../../server/src/jobs/runner';
import { requireRedis } from '../../../testkit/redis';
import { sleep } from '../../../testkit/wait';

type Runner = ReturnType<typeof createRedisQueues<string>>;
/** A part of a long run, as the sync engine answers: `yielded` when it gave its slot up. */
type Part = { driveId: number; yielded: boolean };

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
};

/** Records every run: which instance, which drive, and whether two runs of a drive overlapped. */
function createLedger() {
  const runs: Array<{ instance: string; driveId: number; trigger: string }> = [];
  const active = new Map<number, number>();
  let overlaps = 0;
  const runFor =
    (instance: string, durationMs = 30, gate?: () => Promise<void>) =>
    async (driveId: number, trigger: string) => {
      const index = runs.push({ instance, driveId, trigger });
      active.set(driveId, (active.get(driveId) ?? 0) + 1);
      if (active.get(driveId)! > 1) overlaps += 1;
      await sleep(durationMs);
      await gate?.();
      active.set(driveId, active.get(driveId)! - 1);
      return `${instance}#${index}`;
    };
  return {
    runs,
    runFor,
    overlaps: () => overlaps,
    of: (driveId: number) => runs.filter((run) => run.driveId === driveId),
  };
}

/**
 * A TCP relay in front of Redis that can be cut and restored on the same port: Redis going away
 * and coming back, for this runner alone.
 */
async function redisRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server!.close(() => resolve());
      }),
    restore: listen,
  };
}

describe('Redis sync runner', () => {
  let redisUrl: string;
  let prefix: string;
  let redis: Redis;
  const runners: Array<Pick<Runner, 'close'>> = [];

  const start = (run: (driveId: number, trigger: string) => Promise<string>, extra = {}) => {
    const runner = createRedisQueues<string>(run, {
      redisUrl,
      prefix,
      concurrency: 2,
      stalledIntervalMs: 500,
      ...extra,
    });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    redisUrl = await requireRedis();
    redis = new Redis(redisUrl);
  });
  beforeEach(() => {
    // Every test has queues and keys of its own.
    prefix = `external-drives-test-${randomUUID()}`;
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  });
  afterAll(async () => {
    redis.disconnect();
  });

  /** A runner whose first run stays running until `open()` is called. */
  const startWithFirstRunHeld = () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ledger = createLedger();
    let first = true;
    const runner = start((driveId, trigger) => {
      const run = ledger.runFor('a', 10, first ? () => gate : undefined);
      first = false;
      return run(driveId, trigger);
    });
    return { runner, ledger, open };
  };

  it('merges requests made before the run starts into that run', async () => {
    const ledger = createLedger();
    // Another holder keeps the drive locked, so the queued job cannot start its run yet.
    await redis.set(`${prefix}:drive:1:lock`, 'someone-else');
    const runner = start(ledger.runFor('a'));
    const results = Promise.all([1, 2, 3, 4, 5].map(() => runner.request(1, 'manual')));
    await sleep(300);
    expect(ledger.runs).toHaveLength(0);
    await redis.del(`${prefix}:drive:1:lock`);
    expect(new Set(await results)).toEqual(new Set(['a#1']));
    expect(ledger.runs).toHaveLength(1);
  });

  it('queues exactly one follow-up for requests made during a run', async () => {
    const { runner, ledger, open } = startWithFirstRunHeld();
    const running = runner.request(7, 'manual');
    await until(() => ledger.runs.length === 1);
    const during = Promise.all(
      [1, 2, 3, 4].map((i) => runner.request(7, i % 2 ? 'manual' : 'schedule'))
    );
    await sleep(300);
    // The follow-up waits for the running sync: never two runs of a drive at once.
    expect(ledger.runs).toHaveLength(1);
    open();
    expect(await running).toBe('a#1');
    expect(new Set(await during)).toEqual(new Set(['a#2']));
    expect(ledger.runs).toHaveLength(2);
    expect(ledger.overlaps()).toBe(0);
  });

  /**
   * Drive 1 is a long first sync: its first part starts at once and goes on once `othersQueued`
   * resolves; each part gives its slot up when another drive waits (three times at most). The
   * other drives' runs hold their slots until drive 1 yielded once, so some always wait then.
   */
  function createYieldingRun() {
    const order: string[] = [];
    let parts = 0;
    let drive1Running = 0;
    let overlaps = 0;
    let started = false;
    let release!: () => void;
    const othersQueued = new Promise<void>((resolve) => (release = resolve));
    let yieldedOnce!: () => void;
    const firstYield = new Promise<void>((resolve) => (yieldedOnce = resolve));
    const run = async (driveId: number, _trigger: string, slot?: RunSlot): Promise<Part> => {
      if (driveId !== 1) {
        await firstYield;
        order.push(String(driveId));
        return { driveId, yielded: false };
      }
      if ((drive1Running += 1) > 1) overlaps += 1;
      try {
        if (!started) {
          started = true;
          await othersQueued;
        }
        await sleep(20);
        if (parts < 3 && (await slot?.othersWaiting())) {
          order.push(`1:part${(parts += 1)}`);
          yieldedOnce();
          return { driveId, yielded: true };
        }
        order.push('1');
        return { driveId, yielded: false };
      } finally {
        drive1Running -= 1;
      }
    };
    return {
      run,
      order,
      started: () => started,
      release,
      parts: () => parts,
      overlaps: () => overlaps,
    };
  }
  const startYielding = (run: ReturnType<typeof createYieldingRun>['run']) => {
    const runner = createRedisQueues<Part>(run, {
      redisUrl,
      prefix,
      concurrency: 1,
      stalledIntervalMs: 500,
    });
    runners.push(runner);
    return runner;
  };

  it('puts a run that gives its slot up behind the drives waiting, and answers with its end', async () => {
    const yielding = createYieldingRun();
    const runner = startYielding(yielding.run);
    const long = runner.request(1, 'connect');
    await until(yielding.started);
    // Both wait in the queue while drive 1 holds the one slot.
    await runner.enqueue(2, 'schedule');
    await runner.enqueue(3, 'schedule');
    yielding.release();
    // Whoever waits for the long run gets its final answer, not a part.
    expect(await long).toEqual({ driveId: 1, yielded: false });
    // The yield put drive 1 behind both drives that waited; with nobody waiting any more, it went
    // on to its end.
    expect(yielding.order).toEqual(['1:part1', '2', '3', '1']);
  });

  it('goes on with a yielded run on either instance, never on two at once', async () => {
    const yielding = createYieldingRun();
    const one = startYielding(yielding.run);
    const two = startYielding(yielding.run);
    const long = one.request(1, 'connect');
    await until(yielding.started);
    const others = [2, 3, 4, 5, 6];
    for (const driveId of others) await two.enqueue(driveId, 'schedule');
    yielding.release();
    expect(await long).toEqual({ driveId: 1, yielded: false });
    await until(() => others.every((driveId) => yielding.order.includes(String(driveId))));
    expect(yielding.parts()).toBeGreaterThan(0);
    // Every part and the end ran once, one run of drive 1 at a time.
    expect(yielding.order.filter((entry) => entry.startsWith('1'))).toHaveLength(
      yielding.parts() + 1
    );
    expect(yielding.overlaps()).toBe(0);
  });

  it('runs each of 20 drives exactly once per cycle across two instances', async () => {
    const ledger = createLedger();
    const one = start(ledger.runFor('one', 40));
    const two = start(ledger.runFor('two', 40));
    const drives = Array.from({ length: 20 }, (_, i) => i + 1);
    // Both instances' schedulers fire for every drive in the same cycle.
    await Promise.all(
      drives.flatMap((driveId) => [
        one.enqueue(driveId, 'schedule'),
        two.enqueue(driveId, 'schedule'),
      ])
    );
    await until(() => ledger.runs.length >= 20);
    await sleep(500);
    for (const driveId of drives) expect(ledger.of(driveId)).toHaveLength(1);
    expect(ledger.runs).toHaveLength(20);
    // The work was shared.
    expect(new Set(ledger.runs.map((run) => run.instance))).toEqual(new Set(['one', 'two']));
    expect(ledger.overlaps()).toBe(0);
  });

  it('ticks a repeatable schedule once per drive per interval, whatever the number of instances', async () => {
    const ledger = createLedger();
    const ticks: Array<{ driveId: number; at: number }> = [];
    const every = 1000;
    const instances: Runner[] = [];
    const onTick = async (driveId: number) => {
      ticks.push({ driveId, at: Date.now() });
      await instances[ticks.length % 2].enqueue(driveId, 'schedule');
    };
    instances.push(start(ledger.runFor('one', 20), { onTick }));
    instances.push(start(ledger.runFor('two', 20), { onTick }));
    const drives = [1, 2, 3];
    for (const runner of instances) {
      for (const driveId of drives) await runner.schedule(driveId, every);
    }
    expect((await instances[0].scheduledDrives()).sort()).toEqual(drives);
    await sleep(3500);
    for (const runner of instances) for (const driveId of drives) await runner.unschedule(driveId);
    expect(await instances[1].scheduledDrives()).toEqual([]);
    await sleep(300);
    for (const driveId of drives) {
      const slots = ticks
        .filter((tick) => tick.driveId === driveId)
        .map((t) => Math.floor(t.at / every));
      expect(slots.length).toBeGreaterThanOrEqual(3);
      // One tick per interval: never two in the same slot.
      expect(new Set(slots).size).toBe(slots.length);
      expect(ledger.of(driveId)).toHaveLength(slots.length);
    }
  });

  /** What a Redis restart without persistence does to this deployment: all its keys are gone. */
  const loseRedisData = async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  };

  it('notices that Redis lost its data and has one instance restore it', async () => {
    const restored: string[] = [];
    const options = (name: string) => ({
      dataCheckMs: 100,
      onDataLost: async () => void restored.push(name),
    });
    const ledger = createLedger();
    start(ledger.runFor('one'), options('one'));
    start(ledger.runFor('two'), options('two'));
    await until(async () => (await redis.exists(`${prefix}:data-marker`)) === 1);
    await sleep(300);
    expect(restored).toEqual([]);
    await loseRedisData();
    await until(() => restored.length > 0);
    await sleep(500);
    // Exactly one of the two instances restores (the other finds the marker written again).
    expect(restored).toHaveLength(1);
  });

  it('logs when Redis becomes unreachable and when it is back, not every reconnect attempt', async () => {
    const relay = await redisRelay(new URL(redisUrl));
    const logged: string[] = [];
    const ledger = createLedger();
    start(ledger.runFor('one'), {
      redisUrl: relay.url(),
      log: (line: string) => logged.push(line),
    });
    await until(async () => (await redis.exists(`${prefix}:data-marker`)) === 1);
    await relay.cut();
    // Seven connections retrying for three seconds: dozens of failed attempts.
    await sleep(3_000);
    expect(logged.filter((line) => /unreachable/.test(line))).toHaveLength(1);
    await relay.restore();
    try {
      await until(() => logged.some((line) => /reachable again/.test(line)));
      expect(logged).toEqual([expect.stringMatching(/unreachable/), 'Redis is reachable again']);
    } finally {
      await Promise.all(runners.splice(0).map((runner) => runner.close()));
      await relay.cut();
    }
  });

  it('asks again for a run whose job Redis lost, instead of waiting for it forever', async () => {
    const { runner, ledger, open } = startWithFirstRunHeld();
    const answer = runner.request(3, 'manual');
    await until(() => ledger.runs.length === 1);
    // The job vanishes under the running sync; the run ends but bull cannot record it.
    await loseRedisData();
    open();
    expect(await answer).toBe('a#2');
    expect(ledger.of(3)).toHaveLength(2);
    expect(ledger.overlaps()).toBe(0);
  }, 30_000);

  it('hands the run of an instance killed mid-run to another instance, exactly once more', async () => {
    // One process (tsx as a loader, not its CLI, which would leave a grandchild alive on kill).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'hanging-runner.ts'), redisUrl, prefix],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    try {
      await until(() => output.includes('ready'), 30_000);
      const observer = start(async () => 'never', { concurrency: 0 });
      await observer.enqueue(9, 'manual');
      await until(() => output.includes('running 9'), 30_000);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    // A surviving instance's stalled check takes the job over and resumes the drive.
    const ledger = createLedger();
    const survivor = start(ledger.runFor('survivor', 10));
    await until(() => ledger.runs.length === 1, 30_000);
    await sleep(1000);
    expect(ledger.of(9)).toHaveLength(1);
    // The drive is free again afterwards: a new request runs normally.
    expect(await survivor.request(9, 'manual')).toBe('survivor#2');
  });
});
