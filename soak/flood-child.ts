/**
 * The notification flood of the security suite, sent from its own process so that its CPU and
 * memory are not counted against Strapi's. Reads its plan as JSON from argv[2], prints "ready" on
 * stdout when it is about to start, then sends POSTs at an even rate (bogus entries in batches,
 * and every few POSTs one of a genuine entry) until "stop" comes on stdin, and prints ONE JSON
 * line: what was sent and what each kind of POST was answered.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';

export interface FloodPlan {
  url: string;
  /** Bogus entries per second. */
  ratePerSecond: number;
  /** Bogus entries per POST. */
  batch: number;
  /** Genuine entries (a subscription and its clientState), one per POST, sent in turn. */
  genuine: Array<{ subscriptionId: string; clientState: string }>;
  /** A POST of one genuine entry after this many bogus POSTs. */
  genuineEvery: number;
  /** POSTs in flight at most. */
  concurrency: number;
}

export interface FloodReport {
  bogusSent: number;
  bogusPosts: number;
  bogusStatuses: Record<string, number>;
  genuineSent: number;
  genuineStatuses: Record<string, number>;
  /** From the first POST sent to the last. */
  sendSeconds: number;
  /** From the first POST sent to the last answer. */
  seconds: number;
}

async function main() {
  const plan = JSON.parse(process.argv[2]) as FloodPlan;
  const dispatcher = new Agent({ connections: plan.concurrency, keepAliveTimeout: 30_000 });
  const spacingMs = (1000 * plan.batch) / plan.ratePerSecond;
  let stopped = false;
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('stop')) stopped = true;
  });
  const report: FloodReport = {
    bogusSent: 0,
    bogusPosts: 0,
    bogusStatuses: {},
    genuineSent: 0,
    genuineStatuses: {},
    sendSeconds: 0,
    seconds: 0,
  };
  const count = (tally: Record<string, number>, status: number | string) =>
    (tally[status] = (tally[status] ?? 0) + 1);
  const send = async (value: object[], tally: Record<string, number>) => {
    try {
      const answer = await fetch(plan.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
        dispatcher,
      } as RequestInit);
      await answer.arrayBuffer();
      count(tally, answer.status);
    } catch {
      count(tally, 'error');
    }
  };
  // Half name subscriptions that do not exist, half real ones with a guessed clientState.
  const realIds = plan.genuine.map((entry) => entry.subscriptionId);
  const bogusBatch = (post: number) =>
    Array.from({ length: plan.batch }, (_, i) => ({
      subscriptionId: i % 2 && realIds.length ? realIds[(post + i) % realIds.length] : randomUUID(),
      clientState: randomUUID(),
      changeType: 'updated',
      resource: 'drives/guessed/root',
    }));

  process.stdout.write('ready\n');
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let post = 0; !stopped; post++) {
    const due = started + post * spacingMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= plan.concurrency) await Promise.race(inFlight);
    const batch = bogusBatch(post);
    report.bogusSent += batch.length;
    report.bogusPosts++;
    const work: Promise<void>[] = [send(batch, report.bogusStatuses)];
    if (post % plan.genuineEvery === 0 && plan.genuine.length) {
      const { subscriptionId, clientState } =
        plan.genuine[report.genuineSent % plan.genuine.length];
      report.genuineSent++;
      work.push(
        send([{ subscriptionId, clientState, changeType: 'updated' }], report.genuineStatuses)
      );
    }
    for (const promise of work) {
      const tracked: Promise<void> = promise.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  }
  report.sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  report.seconds = (performance.now() - started) / 1000;
  await dispatcher.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stderr.write(`flood: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
