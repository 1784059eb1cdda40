/**
 * `npm run bench -- fleet [--scale S] [--parallel P] --json`: a company's fleet of drives on two
 * Strapi instances sharing PostgreSQL and Redis (bull), polled every interval within Microsoft's
 * resource-unit budget, which the emulator enforces (issue 20, section 2).
 *
 * 1. The emulator seeds the fleet (plan.ts) and enforces the budget for the app from then on.
 * 2. The instances boot; the libraries are connected through the admin API and every OneDrive
 *    through the real sign-in, P at a time; each drive's first sync starts as it is connected.
 * 3. Random changes land in random drives throughout (changes.ts).
 * 4. Once every drive has synced once, the run lasts `intervals` more intervals; the changes stop
 *    one interval before the end, and the run ends when every drive has synced since (at most one
 *    interval later), so every tree can be compared with the emulator's.
 * The figures (metrics.ts) come from the runs the instances recorded and the emulator's RU
 * accounting; each instance compares its share of the drives at the end (not measured for RSS).
 */
import Redis from 'ioredis';
import { queuePrefixFor } from '../../server/src/jobs/queue-prefix';
import { startEmulatorProcess } from '../../testkit/emulator-process';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { requireRedis } from '../../testkit/redis';
import { sleep } from '../../testkit/wait';
import { log, report } from '../lib/measure';
import type { TargetLevel } from '../lib/targets';
import { startChanges, type ChangeStream } from './changes';
import { connectFleet, type ConnectedDrive } from './connect';
import { sharedEnv, startInstances, type FleetInstances } from './instances';
import { collectFigures } from './figures';
import { MINUTE_MS } from './metrics';
import { openRecords, type FleetRecords } from './observe';
import { fleetPlan, type FleetPlan } from './plan';
import { fleetResult } from './report';

export interface FleetOptions {
  scale: number;
  /** Sign-ins at once. */
  parallel: number;
  level: TargetLevel;
  filesPerOneDrive?: number;
  itemsPerLibrary?: number;
}

/** Polls until every drive has synced once; logs progress now and then. */
async function untilEverySyncedOnce(records: FleetRecords, drives: number, limitMs: number) {
  const deadline = Date.now() + limitMs;
  let lastLog = 0;
  for (;;) {
    const { synced } = await records.syncedOnce();
    if (synced >= drives) return;
    if (Date.now() > deadline) throw new Error(`only ${synced} of ${drives} drives synced once`);
    if (Date.now() - lastLog > 30_000) {
      log(`${synced} of ${drives} drives synced once`);
      lastLog = Date.now();
    }
    await sleep(2000);
  }
}

/**
 * The intervals after the first full sync: changes go on but for the last interval, then the run
 * waits (at most one interval more) until every drive has synced since the changes stopped.
 */
async function lastIntervals(
  records: FleetRecords,
  plan: FleetPlan,
  changes: ChangeStream,
  firstFullSync: number
) {
  const intervalMs = plan.intervalMinutes * MINUTE_MS;
  const drives = plan.oneDrives + plan.libraries;
  await sleep(firstFullSync + (plan.intervals - 1) * intervalMs - Date.now());
  const changesMade = await changes.stop();
  const changesStopped = new Date();
  log(`${changesMade} random changes made; the last interval begins`);
  await sleep(firstFullSync + plan.intervals * intervalMs - Date.now());
  const settleDeadline = Date.now() + intervalMs;
  while ((await records.syncedSince(changesStopped)) < drives && Date.now() < settleDeadline) {
    await sleep(2000);
  }
  return { changesMade };
}

/** Removes the run's bull queues and locks from Redis (its prefix names its database). */
async function cleanRedis(redisUrl: string, databaseUrl: string) {
  const prefix = queuePrefixFor({
    client: 'postgres',
    connection: { connectionString: databaseUrl },
  });
  const redis = new Redis(redisUrl);
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    log(`removed ${removed} Redis keys of ${prefix}`);
  } finally {
    redis.disconnect();
  }
}

async function compareAll(fleet: FleetInstances, drives: ConnectedDrive[]) {
  const count = fleet.instances.length;
  const answers = await Promise.all(
    fleet.instances.map((instance, index) =>
      instance.compare(
        drives
          .filter((_, i) => i % count === index)
          .map((drive) => [drive.driveId, drive.remoteDriveId] as [number, string])
      )
    )
  );
  const different = answers.flatMap((answer) => answer.different);
  for (const drive of different.slice(0, 10)) log(`drive ${drive.driveId} differs: ${drive.why}`);
  return (
    answers.reduce((sum, answer) => sum + answer.compared, 0) === drives.length && !different.length
  );
}

export async function runFleetBenchmark(options: FleetOptions) {
  const plan: FleetPlan = fleetPlan(options.scale, options);
  const drives = plan.oneDrives + plan.libraries;
  log(`fleet: ${JSON.stringify(plan)}`);
  const redisUrl = await requireRedis();
  const database = await createTemporaryDatabase();
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const { control } = emulator;
  let fleet: FleetInstances | undefined;
  let records: FleetRecords | undefined;
  let changes: ChangeStream | undefined;
  try {
    const seeded = await control.addFleet({
      users: plan.oneDrives,
      filesPerUser: plan.filesPerOneDrive,
      libraries: plan.libraries,
      itemsPerLibrary: plan.itemsPerLibrary,
    });
    const info = await control.info();
    const env = sharedEnv({ databaseUrl: database.url, redisUrl, ...plan });
    fleet = await startInstances(info, env, plan.instances);
    records = await openRecords(database.url);
    const rss = setInterval(() => fleet!.sampleRss(), 1000);
    try {
      // The budget holds from here: every request of the plugin counts, sign-ins included.
      await control.setThrottling({
        resourceUnitsPerMinute: plan.resourceUnitsPerMinute,
        resourceUnitsPerDay: plan.resourceUnitsPerDay,
      });
      const accountingFrom = Date.now();
      const remoteDriveIds = [...seeded.libraryDriveIds, ...seeded.users.map((u) => u.driveId)];
      changes = startChanges(control, remoteDriveIds, plan.changesPerMinute);
      const connected = await connectFleet({
        info,
        urls: fleet.instances.map((instance) => instance.url),
        adminToken: fleet.adminToken,
        siteId: seeded.siteId,
        libraryDriveIds: seeded.libraryDriveIds,
        users: seeded.users,
        parallel: options.parallel,
      });
      log(
        `${connected.length} drives connected in ${Math.round((Date.now() - accountingFrom) / 1000)} s`
      );
      await untilEverySyncedOnce(
        records,
        drives,
        Math.max(60, 4 * plan.intervalMinutes) * MINUTE_MS
      );
      const firstFullSync = Date.now();
      log(`every drive synced once after ${Math.round((firstFullSync - accountingFrom) / 1000)} s`);

      const { changesMade } = await lastIntervals(records, plan, changes, firstFullSync);
      const end = Date.now();
      clearInterval(rss);
      fleet.sampleRss();

      const { figures, summary } = await collectFigures(
        plan,
        { accountingFrom, firstFullSync, end },
        {
          records,
          control,
          clientId: info.clientId,
          peakRssMb: fleet.instances.map((instance) => Math.round(instance.peakRssMb)),
        }
      );
      log(`comparing ${connected.length} drives with the emulator`);
      const correct = await compareAll(fleet, connected);
      report({
        bench: 'fleet',
        scale: plan.scale,
        ...fleetResult({ ...figures, correct }, plan.intervalMinutes * 60, options.level),
      });
      log(`${summary}; ${changesMade} random changes`);
    } finally {
      clearInterval(rss);
    }
  } finally {
    // Stopped already unless the run failed early: no change may reach a stopped emulator.
    await changes?.stop();
    await records?.close();
    await fleet?.stop();
    await emulator.stop();
    await database.drop();
    await cleanRedis(redisUrl, database.url);
  }
}
