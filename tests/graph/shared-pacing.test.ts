/**
 * One budget, two instances: two pacers (each with its own Graph clients and token cache, as two
 * Strapi instances have) over one shared store, on Redis and on the database of a booted Strapi,
 * drive user-facing and background Graph traffic against the emulator enforcing a small
 * resource-unit budget. Paced, Microsoft throttles none of it and no window spends more than 90% of
 * the budget, while at least half of it is used; unpaced, the same traffic is throttled (the test's proof
 * that it can fail).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createAppTokenProvider } from '../../server/src/auth/app-tokens';
import { createMsalNetworkClient } from '../../server/src/auth/msal-network';
import { createGraphClient, newMetrics } from '../../server/src/graph/client';
import { bucketSpecsOf, type BucketSpecs } from '../../server/src/graph/pacing/budget';
import { createDatabaseStore } from '../../server/src/graph/pacing/database-store';
import { Pacer } from '../../server/src/graph/pacing/pacer';
import { createRedisStore } from '../../server/src/graph/pacing/redis-store';
import { createMemoryStore, type PacingStore } from '../../server/src/graph/pacing/store';
import { createTransport, type Transport } from '../../server/src/graph/transport';
import { PLUGIN_ID } from '../../shared/plugin';
import { startHttpEmulator, type HttpEmulator } from '../../testkit/emulator-http';
import { requireRedis } from '../../testkit/redis';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

/**
 * The emulator's budget, and the pacer's: 300 RU per 10-second window, well under what the traffic
 * below asks for (over 700 RU a window on a busy 2-core machine).
 */
const BUDGET = 300;
const WINDOW_SECONDS = 10;
/** A window and a half: the burst at the start, then a whole window at the steady rate. */
const RUN_MS = 16_000;
const WORKERS_PER_CLIENT = 5;

const specs: BucketSpecs = bucketSpecsOf({
  resourceUnitsPerMinute: BUDGET,
  resourceUnitsPerDay: null,
  resourceUnitWindowSeconds: WINDOW_SECONDS,
})!;

describe('one resource-unit budget shared by two instances', () => {
  let emulator: HttpEmulator;
  let transport: Transport;
  let app: TestStrapi;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(await requireRedis());
    emulator = await startHttpEmulator();
    transport = createTransport({ caFile: emulator.info.caFile });
    app = await startTestStrapi({ emulator: emulator.info });
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
    await transport?.close();
    await emulator?.close();
  });

  /** One instance: its own token cache, a user-facing client and a background (sync) one. */
  const instance = (pacer: Pacer) => {
    const getAccessToken = createAppTokenProvider(
      {
        authorityHost: emulator.info.authorityHost,
        tenantId: emulator.info.tenantId,
        clientId: emulator.info.clientId,
        credential: { kind: 'secret', secret: emulator.info.clientSecret },
      },
      createMsalNetworkClient(transport)
    );
    const client = (inBackground: boolean) =>
      createGraphClient({
        graphBaseUrl: emulator.info.graphUrl,
        dispatcher: transport.dispatcher,
        getAccessToken,
        pacer,
        inBackground,
        metrics: newMetrics(),
        retryPolicy: transport.retryPolicy,
      });
    return { user: client(false), sync: client(true) };
  };

  const drive = () => emulator.info.sites[0].drives[0].id;

  /** What users do: list a folder (2 RU), read an item (1), read one with its permissions (5). */
  const userWork = async (graph: Client, i: number) => {
    const path = `/drives/${drive()}/root`;
    if (i % 5 === 4) await graph.api(path).expand('permissions').get();
    else if (i % 2) await graph.api(`${path}/children`).get();
    else await graph.api(path).get();
  };

  /** What sync does: a delta round from scratch (2 RU), then its delta link (1). */
  const syncWork = async (graph: Client) => {
    const first = await graph.api(`/drives/${drive()}/root/delta`).get();
    let next: string | undefined = first['@odata.nextLink'] ?? first['@odata.deltaLink'];
    while (next) {
      const page = await graph.api(next).get();
      next = page['@odata.nextLink'];
    }
  };

  /** Both instances' workers, for RUN_MS; then the emulator's account of the app. */
  const drive2Instances = async (pacers: [Pacer, Pacer]) => {
    await emulator.control.setThrottling({
      resourceUnitsPerMinute: BUDGET,
      resourceUnitsPerDay: null,
      windowSeconds: WINDOW_SECONDS,
    });
    const deadline = Date.now() + RUN_MS;
    const failures: string[] = [];
    const loops = pacers.flatMap((pacer) => {
      const { user, sync } = instance(pacer);
      return Array.from({ length: WORKERS_PER_CLIENT }, async (_, worker) => {
        for (let i = worker; Date.now() < deadline; i += 1) {
          // A request still throttled after its last attempt fails; the run goes on.
          await userWork(user, i).catch((error: Error) => failures.push(error.message));
          await syncWork(sync).catch((error: Error) => failures.push(error.message));
        }
      });
    });
    await Promise.all(loops);
    const [account] = (await emulator.control.resourceUnits()).apps.filter(
      (app) => app.clientId === emulator.info.clientId
    );
    await emulator.control.setThrottling({});
    return { ...account, failures };
  };

  const expectPaced = async (store: PacingStore) => {
    const key = `tenant-${randomUUID()}`;
    const account = await drive2Instances([
      new Pacer(key, store, specs),
      new Pacer(key, store, specs),
    ]);
    const windows = RUN_MS / 1000 / WINDOW_SECONDS;
    console.log(
      `${store.kind}: ${account.requests} requests, ${account.totalUnits} RU, ` +
        `${account.throttledRequests} throttled, peak ${account.peakMinuteUnits} RU a window ` +
        `(budget ${BUDGET}), used ${((account.totalUnits / (windows * BUDGET)) * 100).toFixed(0)}%`
    );
    expect(account.failures).toEqual([]);
    expect(account.throttledRequests).toBe(0);
    expect(account.peakMinuteUnits).toBeLessThanOrEqual(0.9 * BUDGET);
    // Not bought by idling: the pacers keep spending. Half, not the fleet benchmark's 0.7: the
    // pacer's own ceiling is 87% and this traffic runs beside CI's other test workers, so 0.7 is a
    // benchmark's target (bench fleet), not an assertion a test can hold on a busy machine.
    expect(account.totalUnits).toBeGreaterThanOrEqual(0.5 * windows * BUDGET);
  };

  it('unpaced, the same traffic is throttled', async () => {
    const account = await drive2Instances([
      new Pacer('a', createMemoryStore(), null),
      new Pacer('b', createMemoryStore(), null),
    ]);
    console.log(
      `unpaced: ${account.requests} requests, ${account.throttledRequests} throttled, ` +
        `peak ${account.peakMinuteUnits} RU a window (budget ${BUDGET}), ` +
        `${account.failures.length} failed`
    );
    expect(account.throttledRequests).toBeGreaterThan(0);
  });

  it('paced on Redis: nothing throttled, every window within 90% of the budget', async () => {
    await expectPaced(createRedisStore(redis, `test-${randomUUID()}`));
  });

  it('paced in the database: nothing throttled, every window within 90% of the budget', async () => {
    await expectPaced(createDatabaseStore(app.strapi.db));
  });

  it("reports the plugin's own use through the graph service", async () => {
    const graph = app.strapi.plugin(PLUGIN_ID).service('graph');
    const client = await graph.appClient();
    await client.api(`/sites/${emulator.info.sites[0].id}`).get();
    const usage = await graph.pacingUsage();
    expect(usage.enabled).toBe(true);
    expect(usage.tenants).toEqual([
      expect.objectContaining({
        key: `${emulator.info.tenantId}:${emulator.info.clientId}`,
        // A SQLite file has one Strapi process: its pacer keeps the state in memory.
        store: app.strapi.db.dialect.client === 'sqlite' ? 'memory' : 'database',
        requests: 1,
        unitsGranted: 1,
        // The shared store answered every step: nothing was paced on the local bucket.
        storeErrors: 0,
        lastStoreError: null,
        onLocalBucket: false,
      }),
    ]);
    expect(usage.tenants[0].minuteUnits).toBeGreaterThan(0);
  });
});
