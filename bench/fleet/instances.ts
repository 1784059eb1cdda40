/**
 * The fleet's Strapi instances: child processes (bench/fleet/instance.ts) on one PostgreSQL
 * database and one Redis, booted one after the other (the first creates the schema), with the
 * same secrets (an admin's JWT and the sealed tokens must open on both). Their RSS is read from
 * /proc while the fleet runs.
 */
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorInfo } from '../../emulator/src';
import type { CompareAnswer, FleetInstanceOptions } from './instance';

export interface FleetInstance {
  url: string;
  pid: number;
  /** The largest RSS seen by `sampleRss`, in MB. */
  peakRssMb: number;
  /** Compares the drives' synced trees with the emulator's (in that instance's process). */
  compare(pairs: Array<[number, string]>): Promise<CompareAnswer>;
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64');

/** The environment every instance shares. */
export function sharedEnv(options: {
  databaseUrl: string;
  redisUrl: string;
  intervalMinutes: number;
  resourceUnitsPerMinute: number;
  resourceUnitsPerDay: number;
}): Record<string, string> {
  return {
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: options.databaseUrl,
    EXTERNAL_DRIVES_QUEUE: 'redis',
    REDIS_URL: options.redisUrl,
    EXTERNAL_DRIVES_SYNC_INTERVAL: String(options.intervalMinutes),
    // The tenant's budget, for a plugin that paces its requests by it (the playground maps these
    // to `resourceUnitsPerMinute` and `resourceUnitsPerDay`; a plugin without pacing ignores them):
    // what an admin would configure for a tenant of this size.
    EXTERNAL_DRIVES_RU_PER_MINUTE: String(options.resourceUnitsPerMinute),
    EXTERNAL_DRIVES_RU_PER_DAY: String(options.resourceUnitsPerDay),
    // The sign-in's redirect as registered in the emulator's app; the benchmark follows it to
    // whichever instance it chooses, as a load balancer would.
    EXTERNAL_DRIVES_REDIRECT_URI: 'http://localhost:1337/api/external-drives/oauth/callback',
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    EXTERNAL_DRIVES_ENCRYPTION_KEY: secret(),
  };
}

const rssMbOf = (pid: number): number => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/** Boots one instance; resolves once it is ready (with the admin's JWT when asked for one). */
async function startInstance(
  options: FleetInstanceOptions,
  folder: string,
  index: number
): Promise<{ instance: FleetInstance; adminToken?: string }> {
  const file = path.join(folder, `instance-${index}.json`);
  fs.writeFileSync(file, JSON.stringify(options));
  const child: ChildProcess = fork(path.join(__dirname, 'instance.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FLEET_INSTANCE_FILE: file, STRAPI_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let url = '';
  let adminToken: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('url ')) url = line.slice(4);
    if (line.startsWith('admin ')) adminToken = line.slice(6);
    if (line === 'ready') break;
  }
  if (!url || child.exitCode !== null) throw new Error(`fleet instance ${index} did not start`);
  const instance: FleetInstance = {
    url,
    pid: child.pid!,
    peakRssMb: 0,
    compare(pairs) {
      const request = path.join(folder, `compare-${index}-${Date.now()}.json`);
      fs.writeFileSync(request, JSON.stringify(pairs));
      return new Promise((resolve, reject) => {
        const onMessage = (message: { compared?: string; error?: string }) => {
          if (message.compared !== request) return;
          child.off('message', onMessage);
          if (message.error) reject(new Error(message.error));
          else resolve(JSON.parse(fs.readFileSync(`${request}.out`, 'utf8')) as CompareAnswer);
        };
        child.on('message', onMessage);
        child.send({ compare: request });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
      ]);
      if (!stopped) child.kill('SIGKILL');
    },
  };
  return { instance, adminToken };
}

export interface FleetInstances {
  instances: FleetInstance[];
  adminToken: string;
  /** Reads each instance's RSS now and keeps the peak. */
  sampleRss(): void;
  stop(): Promise<void>;
}

export async function startInstances(
  info: EmulatorInfo,
  env: Record<string, string>,
  count: number
): Promise<FleetInstances> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  const instances: FleetInstance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    let adminToken = '';
    for (let index = 0; index < count; index++) {
      const started = await startInstance(
        { info, env, ...(index === 0 ? { createAdmin: { email: 'fleet@example.com' } } : {}) },
        folder,
        index
      );
      instances.push(started.instance);
      adminToken ||= started.adminToken ?? '';
    }
    if (!adminToken) throw new Error('the first instance created no admin');
    return {
      instances,
      adminToken,
      sampleRss() {
        for (const instance of instances) {
          instance.peakRssMb = Math.max(instance.peakRssMb, rssMbOf(instance.pid));
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
