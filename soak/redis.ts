/**
 * redis: D drives synced through the bull/Redis runner while Redis is restarted without saving
 * (its queues, schedules and locks are gone): once while the drives' first syncs are queued and
 * running, once while "Sync Now" runs are. Then the drives change once more and nobody asks for
 * anything: the schedule alone (every minute) must bring every drive to the emulator's tree.
 *
 * The suite starts its own redis-server on a free port and restarts that one (`redis-cli shutdown
 * nosave`, then the same command again), so a Redis others are using is never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';
import { UID } from '../server/src/constants';
import { adminRequest, createAdmin } from '../testkit/admin';
import { startTestStrapi } from '../testkit/strapi';
import { compareDrive, log, type SoakArgs } from './common';
import { startEmulatorProcess } from '../testkit/emulator-process';
import { sleep, until } from '../testkit/wait';

const BASE = '/external-drives';

interface RunRow {
  id: number;
  driveId: number;
  trigger: string;
  status: string;
  startedAt: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the suite's own, in the foreground (its pid is ours to stop). */
function redisServer(port: number) {
  let child: ChildProcess | undefined;
  const ping = async () => {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' }
      );
      await until('redis-server to answer', async () => (await ping()) || undefined, {
        timeoutMs: 10_000,
        intervalMs: 50,
      });
    },
    /** As an operator would: shutdown without saving, so everything in it is lost. */
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export async function redisSuite(args: SoakArgs) {
  const driveCount = args.number('drives', 6);
  const items = args.number('items', 2000);
  const settleSeconds = args.number('settle', 180);
  const redis = redisServer(await freePort());
  await redis.start();
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const { control, info } = emulator;
  const app = await startTestStrapi({
    emulator: info,
    env: {
      EXTERNAL_DRIVES_QUEUE: 'redis',
      REDIS_URL: redis.url,
      EXTERNAL_DRIVES_SYNC_INTERVAL: '1',
    },
  });
  const { strapi } = app;
  try {
    const { token } = await createAdmin(strapi, {
      email: 'soak-redis@example.com',
      roles: 'super',
    });
    const api = adminRequest(app.http, token);
    const libraries = Array.from({ length: driveCount }, (_, i) => `Soak library ${i + 1}`);
    const site = await control.createSite('Soak Redis', { libraries });
    await control.grantSite(info.clientId, site.id, 'read');
    for (const remoteDriveId of site.driveIds) {
      await control.bulk(remoteDriveId, { create: items, seed: remoteDriveId });
    }
    const runs = async () =>
      (await strapi.db.query(UID.syncRun).findMany({ orderBy: { id: 'asc' } })) as RunRow[];
    const restartRedis = async (when: string) => {
      const all = await runs();
      log(
        `restarting Redis ${when}: ${all.filter((run) => run.status === 'running').length} runs running, ` +
          `${all.filter((run) => run.status === 'succeeded').length} done`
      );
      await redis.stop();
      await sleep(1000);
      await redis.start();
    };
    /** The next delta request of each drive answers late: runs stay running, others queue. */
    const slowDown = () =>
      control.addFaults([
        {
          kind: 'slow',
          host: 'graph',
          method: 'GET',
          path: '/delta$',
          delayMs: 3000,
          times: driveCount,
        },
      ]);
    const changeAll = async (round: string) => {
      for (const remoteDriveId of site.driveIds) {
        await control.bulk(remoteDriveId, {
          modify: 5,
          rename: 5,
          move: 5,
          delete: 5,
          create: 5,
          seed: `${round}-${remoteDriveId}`,
        });
      }
    };

    // 1. The drives are connected: their first syncs queue up; Redis restarts under them.
    await slowDown();
    const driveIds: number[] = [];
    for (const [index, remoteDriveId] of site.driveIds.entries()) {
      const created = await api
        .post(`${BASE}/drives`)
        .send({ siteId: site.id, driveId: remoteDriveId, name: libraries[index] });
      if (created.status !== 201) throw new Error(`connect: ${created.text}`);
      driveIds.push(created.body.data.id);
    }
    await until(
      'a first sync to be running',
      async () => (await runs()).some((run) => run.status === 'running') || undefined
    );
    await restartRedis('during the first syncs');

    // 2. The drives change; "Sync Now" on each (one waiting for its answer); Redis restarts again.
    await changeAll('second');
    await slowDown();
    const waited = api
      .post(`${BASE}/drives/${driveIds[0]}/sync?wait=true`)
      .timeout(120_000)
      .then((answer) => answer.status)
      .catch((error: Error) => `no answer (${error.message})`);
    for (const driveId of driveIds.slice(1)) await api.post(`${BASE}/drives/${driveId}/sync`);
    await until(
      'a "Sync Now" run to be running',
      async () =>
        (await runs()).some((run) => run.trigger === 'manual' && run.status === 'running') ||
        undefined
    );
    await restartRedis('during "Sync Now" runs');

    // 3. Once everything asked for has run, the drives change once more: from here on nothing
    //    asks for a sync, so only the drives' repeatable schedules (restored) can bring them in.
    await control.clearFaults();
    let quiet = { count: -1, since: Date.now() };
    await until(
      'the syncs asked for to finish',
      async () => {
        const all = await runs();
        if (all.length !== quiet.count || all.some((run) => run.status === 'running')) {
          quiet = { count: all.length, since: Date.now() };
        }
        return Date.now() - quiet.since > 5000 || undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 }
    );
    await changeAll('third');
    const changedAt = Date.now();
    let exact = false;
    let comparisons: Awaited<ReturnType<typeof compareDrive>>[] = [];
    const deadline = Date.now() + settleSeconds * 1000;
    while (Date.now() < deadline) {
      await sleep(5000);
      const all = await runs();
      const caughtUp = driveIds.every((driveId) =>
        all.some(
          (run) =>
            run.driveId === driveId &&
            run.status === 'succeeded' &&
            new Date(run.startedAt).getTime() > changedAt
        )
      );
      if (!caughtUp) continue;
      comparisons = await Promise.all(
        driveIds.map((driveId, index) =>
          compareDrive(strapi, control, driveId, site.driveIds[index])
        )
      );
      exact = comparisons.every((comparison) => comparison.exact);
      if (exact) break;
    }
    if (!comparisons.length) {
      comparisons = await Promise.all(
        driveIds.map((driveId, index) =>
          compareDrive(strapi, control, driveId, site.driveIds[index])
        )
      );
    }
    const all = await runs();
    const waitedStatus = await Promise.race([waited, sleep(1000).then(() => 'still waiting')]);
    for (const [index, comparison] of comparisons.entries()) {
      log(`drive ${driveIds[index]}: ${JSON.stringify(comparison)}`);
    }
    return {
      drives: driveCount,
      items,
      redisRestarts: 2,
      runsCompleted: all.filter((run) => run.status === 'succeeded').length,
      runsFailed: all.filter((run) => run.status === 'failed').length,
      runsStuck: all.filter((run) => run.status === 'running').length,
      scheduledRuns: all.filter((run) => run.trigger === 'schedule' && run.status === 'succeeded')
        .length,
      syncNowAndWait: waitedStatus,
      secondsToExact: exact ? Math.round((Date.now() - changedAt) / 1000) : null,
      exact,
    };
  } finally {
    await app.close();
    await emulator.stop();
    await redis.stop();
  }
}
