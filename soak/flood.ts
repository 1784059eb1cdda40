/**
 * The security suite's notification flood: bogus notifications at 1,000 a second (10,000 in 10 s),
 * sent by a child process (soak/flood-child.ts) so that its own CPU and memory are not Strapi's,
 * for at least `seconds` and until `timedCalls` of one named admin request have been timed during
 * it (as many as before it); Strapi's RSS is sampled and its CPU time counted.
 *
 * Among the bogus POSTs the child sends genuine ones (a subscription with its clientState), from
 * the same address: every genuine entry must be taken, however throttled that address is.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import type supertest from 'supertest';
import { PLUGIN_ID } from '../server/src/constants';
import type { NotificationsService } from '../server/src/notifications/service';
import type { TestStrapi } from '../testkit/strapi';
import { percentile, round, rssMb } from '../bench/lib/measure';
import { bin, REPO_ROOT } from '../scripts/lib/paths';
import { log } from './common';
import { until } from '../testkit/wait';
import type { FloodPlan, FloodReport } from './flood-child';

export interface FloodOptions {
  app: TestStrapi;
  /** The admin request timed before and during the flood, and its name in the result. */
  timedCall: { name: string; send: () => supertest.Test };
  /** Timed calls before the flood, and at least as many during it. */
  timedCalls: number;
  ratePerSecond: number;
  /** The flood's length; the timed calls are paced to fill as long a span before it. */
  seconds: number;
  batch: number;
  genuine: FloodPlan['genuine'];
  genuineEvery: number;
}

/**
 * RSS once the process has settled: after a full collection RSS is sampled each second until it
 * has not fallen for `stableSeconds` (freed pages are unmapped by background threads). Taken
 * before and after the flood alike, so both compare what is kept.
 */
async function settledRssMb({ stableSeconds = 2, maxSeconds = 6 } = {}) {
  collectGarbage();
  let lowest = rssMb();
  let stableFor = 0;
  for (let second = 0; second < maxSeconds && stableFor < stableSeconds; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = rssMb();
    if (now < lowest - 1) {
      lowest = now;
      stableFor = 0;
    } else stableFor++;
  }
  return lowest;
}

/**
 * A full, synchronous garbage collection (the soak's process only; the plugin never does this),
 * so that RSS and the heap before and after the flood compare what is kept, not garbage not yet
 * collected. `gc()` without options: on Node 20 `gc({ type: 'major' })` (with or without
 * `execution: 'sync'`) collects next to nothing (tested: 188 MB of garbage left 184 MB).
 */
function collectGarbage() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
}

export async function notificationFlood(options: FloodOptions) {
  const { app, timedCall } = options;
  const notifications = () =>
    app.strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService;
  const timeOne = async () => {
    const started = performance.now();
    const answer = await timedCall.send();
    if (answer.status !== 200) throw new Error(`${timedCall.name} answered ${answer.status}`);
    return performance.now() - started;
  };

  // The timed calls run at one pace before and during the flood (one every `paceMs`, or back to
  // back when a call takes longer), so both spans carry the same admin load and the comparison
  // isolates the flood. Back to back on a fast machine, the calls during the flood outnumbered
  // those before it several times over (765 to 200), and the heap V8 grew under their churn
  // (about 6 MB allocated per call, Strapi's permission engine) was counted as the flood's.
  const paceMs = (options.seconds * 1000) / options.timedCalls;
  const timePaced = async () => {
    const started = performance.now();
    const ms = await timeOne();
    const rest = paceMs - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    return ms;
  };

  for (let i = 0; i < 20; i++) await timeOne(); // warm-up, not counted
  const before: number[] = [];
  for (let i = 0; i < options.timedCalls; i++) before.push(await timePaced());

  const statsBefore = notifications().webhookStats();
  const rssBefore = await settledRssMb();
  const memoryBefore = process.memoryUsage();
  let rssPeak = rssBefore;
  let waitingPeak = 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb());
    waitingPeak = Math.max(waitingPeak, notifications().webhookStats().waitingEntries);
  }, 100);

  const plan: FloodPlan = {
    url: `${app.url}/api/external-drives/notifications`,
    ratePerSecond: options.ratePerSecond,
    batch: options.batch,
    genuine: options.genuine,
    genuineEvery: options.genuineEvery,
    concurrency: 16,
  };
  const child = spawn(
    bin('tsx'),
    [path.join(REPO_ROOT, 'soak', 'flood-child.ts'), JSON.stringify(plan)],
    {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    }
  );
  const lines = createInterface({ input: child.stdout });
  let report: FloodReport | undefined;
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  lines.on('line', (line) => {
    if (line === 'ready') ready();
    else if (line.startsWith('{')) report = JSON.parse(line) as FloodReport;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let running = true;
  void exited.then(() => {
    running = false;
    ready();
  });

  await started;
  log(`flood: ${options.ratePerSecond} bogus notifications a second, ${options.batch} a POST`);
  const floodStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const during: number[] = [];
  try {
    while (
      running &&
      (during.length < options.timedCalls ||
        performance.now() - floodStarted < options.seconds * 1000)
    )
      during.push(await timePaced());
  } finally {
    child.stdin.end('stop\n');
  }
  const cpu = process.cpuUsage(cpuBefore);
  const floodWallMs = performance.now() - floodStarted;
  clearInterval(sampler);
  const code = await exited;
  if (code !== 0 || !report) throw new Error(`the flood process ended with ${code}`);

  // The last genuine entries wait out the coalescing window; nothing may still be waiting after.
  const settled = await until(
    'the webhook to settle',
    async () => {
      const stats = notifications().webhookStats();
      return stats.waitingEntries === 0 && stats.pendingDrives === 0 ? stats : undefined;
    },
    { timeoutMs: 15_000 }
  );
  const health = await app.http.get('/_health');
  const rssAfter = await settledRssMb();
  const memoryAfter = process.memoryUsage();
  const growthMb = (field: keyof NodeJS.MemoryUsage) =>
    round((memoryAfter[field] - memoryBefore[field]) / 2 ** 20);
  const genuineHandled = settled.acceptedEntries - statsBefore.acceptedEntries;
  const p95Before = percentile(before, 0.95);
  const p95During = percentile(during, 0.95);
  return {
    floodNotifications: report.bogusSent,
    floodPosts: report.bogusPosts,
    floodRatePerSecond: Math.round(report.bogusSent / report.sendSeconds),
    // Strapi's CPU (this process: Strapi, the timed calls' client and the sampler) per flood POST.
    floodCpuMsPerPost: round((cpu.user + cpu.system) / 1000 / report.bogusPosts),
    floodCpuShare: round((cpu.user + cpu.system) / 1000 / floodWallMs),
    floodSendSeconds: round(report.sendSeconds),
    floodSeconds: round(report.seconds),
    floodStatuses: report.bogusStatuses,
    floodDroppedEntries: settled.droppedEntries - statsBefore.droppedEntries,
    floodGenuineSent: report.genuineSent,
    floodGenuineStatuses: report.genuineStatuses,
    floodGenuineLost: report.genuineSent - genuineHandled,
    floodSyncRequests: settled.syncRequests - statsBefore.syncRequests,
    // Bounded: at most one waiting sync request per subscribed drive, waiting entries capped.
    floodQueueBounded: settled.maxPendingDrives <= settled.subscriptions && waitingPeak <= 10_000,
    floodMaxPendingDrives: settled.maxPendingDrives,
    floodWaitingEntriesPeak: waitingPeak,
    floodHealthy: health.status === 204,
    floodCall: timedCall.name,
    floodTimedCallsBefore: before.length,
    floodTimedCallsDuring: during.length,
    floodP95BeforeMs: round(p95Before),
    floodP95DuringMs: round(p95During),
    floodP95Ratio: round(p95During / p95Before),
    // What the flood left in memory (after a full collection), and its peak (garbage included).
    floodRssGrowthMb: round(rssAfter - rssBefore),
    floodRssPeakGrowthMb: round(rssPeak - rssBefore),
    // The JavaScript heap alone, after full collections: what is really kept.
    floodHeapGrowthMb: growthMb('heapUsed'),
    // The heap V8 reserved, and memory outside it (buffers): where an RSS growth comes from.
    floodHeapTotalGrowthMb: growthMb('heapTotal'),
    floodExternalGrowthMb: growthMb('external'),
  };
}
