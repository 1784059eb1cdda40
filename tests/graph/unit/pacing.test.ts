/**
 * The pacer's pure parts: Microsoft's resource-unit costs, the buckets' bound on any window's
 * spending, pauses, the foreground reserve and the background turns; then the same steps through
 * the memory and Redis stores (a real Redis), which must agree.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AIM, bucketSpecsOf, pacingBudgetOf } from '../../../server/src/graph/pacing/budget';
import { resourceUnitCost } from '../../../server/src/graph/pacing/costs';
import { Pacer, STORE_RETRY_MS } from '../../../server/src/graph/pacing/pacer';
import { createRedisStore } from '../../../server/src/graph/pacing/redis-store';
import {
  capByRemaining,
  freshState,
  pause,
  take,
  type TakeRequest,
} from '../../../server/src/graph/pacing/state';
import { createMemoryStore, type PacingStore } from '../../../server/src/graph/pacing/store';
import { requireRedis } from '../../../testkit/redis';
import { sleep } from '../../../testkit/wait';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const cost = (method: string, path: string) =>
  resourceUnitCost(
    method,
    path.startsWith('https://') ? path : `${GRAPH}${path}`,
    'graph.microsoft.com'
  );

describe("resource-unit costs (Microsoft's table)", () => {
  it.each([
    ['GET', '/drives/d/root/delta', 2, 'a delta without a token'],
    ['GET', '/drives/d/root/delta?token=abc', 1, 'a delta link'],
    ['GET', '/drives/d/root/delta?$skiptoken=abc', 1, 'a delta page'],
    ['GET', "/drives/d/root/delta(token='latest')", 1, 'the function form with a token'],
    ['GET', '/drives/d/items/i', 1, 'a single item'],
    ['GET', '/drives/d/items/i/content', 1, 'a download'],
    ['GET', '/sites/s', 1, 'a site'],
    ['GET', '/drives/d/items/i/children', 2, 'a listing'],
    ['GET', '/drives/d/items/i?$expand=children', 2, 'an item with its children'],
    ['GET', '/sites/s/drives', 2, "a site's libraries"],
    ['GET', '/sites?search=team', 2, 'a search for sites: a listing'],
    ['GET', "/drives/d/root/search(q='x')", 2, 'a search'],
    ['POST', '/drives/d/items/i/children', 2, 'a create'],
    ['PATCH', '/drives/d/items/i', 2, 'an update'],
    ['DELETE', '/drives/d/items/i', 2, 'a delete'],
    ['PUT', '/drives/d/items/i:/f.txt:/content', 2, 'a simple upload'],
    ['POST', '/drives/d/items/i:/f.txt:/createUploadSession', 2, 'an upload session'],
    ['POST', '/subscriptions', 2, 'a subscription'],
    ['POST', '/drives/d/items/i/createLink', 5, 'a sharing link'],
    ['GET', '/drives/d/items/i/permissions', 5, 'the permissions'],
    ['GET', '/drives/d/items/i?$expand=permissions', 5, '$expand=permissions'],
    ['GET', '/drives/d/root:/permissions:', 1, 'a file named "permissions" is an item'],
    ['PUT', 'https://tenant.sharepoint.com/upload/abc?x=1', 0, 'an upload session chunk'],
    ['GET', 'https://tenant.sharepoint.com/download.aspx?t=1', 0, 'a pre-authenticated download'],
  ])('%s %s costs %d (%s)', (method, path, expected) => {
    expect(cost(method, path)).toBe(expected);
  });
});

describe('budgets', () => {
  it('maps the deprecated request rate to a lower RU budget', () => {
    const config = { resourceUnitsPerDay: null, resourceUnitWindowSeconds: 60 };
    expect(
      pacingBudgetOf({ ...config, resourceUnitsPerMinute: 1_200, maxRequestsPerSecond: 5 })
        .resourceUnitsPerMinute
    ).toBe(300);
    expect(
      pacingBudgetOf({ ...config, resourceUnitsPerMinute: 1_200, maxRequestsPerSecond: 100 })
        .resourceUnitsPerMinute
    ).toBe(1_200);
    expect(
      pacingBudgetOf({ ...config, resourceUnitsPerMinute: null, maxRequestsPerSecond: null })
        .resourceUnitsPerMinute
    ).toBeNull();
    expect(bucketSpecsOf({ ...config, resourceUnitsPerMinute: null })).toBeNull();
  });
});

const specs = bucketSpecsOf({
  resourceUnitsPerMinute: 1_200,
  resourceUnitsPerDay: 1_200_000,
  resourceUnitWindowSeconds: 60,
})!;
const foreground = (over: Partial<TakeRequest> = {}): TakeRequest => ({
  cost: 1,
  want: 1,
  background: false,
  holder: 'a',
  waitedMs: 0,
  ...over,
});

describe('buckets', () => {
  it('never lets a sliding window spend more than 88% of the budget, however greedy', () => {
    let state = freshState(specs, 0);
    const spent: Array<[number, number]> = [];
    // Every 10 ms for 5 minutes, ask for a random cost and as much more as allowed.
    for (let now = 0; now < 300_000; now += 10) {
      const request = foreground({ cost: 1 + Math.floor(Math.random() * 5), want: 50 });
      const result = take(state, specs, request, now);
      state = result.state;
      if (result.outcome.granted) spent.push([now, result.outcome.units]);
    }
    let peak = 0;
    for (let start = 0, end = 0, sum = 0; end < spent.length; end += 1) {
      sum += spent[end][1];
      while (spent[end][0] - spent[start][0] >= 60_000) sum -= spent[start++][1];
      peak = Math.max(peak, sum);
    }
    expect(peak).toBeLessThanOrEqual(AIM * 1_200 + 1e-6);
    // ...and not by idling: the steady rate is within 3% of the aim.
    const total = spent.reduce((sum, [, units]) => sum + units, 0);
    expect(total / 5).toBeGreaterThan(0.97 * AIM * 1_200 - specs.minute.capacity);
  });

  it('refuses with the time the buckets need, and pauses for a Retry-After', () => {
    let state = freshState(specs, 0);
    state = take(state, specs, foreground({ cost: specs.minute.capacity }), 0).state;
    const refused = take(state, specs, foreground({ cost: 2 }), 0).outcome;
    expect(refused).toEqual({
      granted: false,
      waitMs: 2 / specs.minute.refillPerMs,
      paused: false,
    });
    state = pause(state, specs, 5_000, 0);
    expect(take(state, specs, foreground(), 4_000).outcome).toEqual({
      granted: false,
      waitMs: 1_000,
      paused: true,
    });
    expect(take(state, specs, foreground(), 5_000).outcome.granted).toBe(true);
  });

  it('keeps a reserve for user-facing requests that background ones cannot take', () => {
    const state = freshState(specs, 0);
    state.minute = 3;
    expect(take(state, specs, foreground({ background: true }), 0).outcome.granted).toBe(false);
    expect(take(state, specs, foreground(), 0).outcome.granted).toBe(true);
  });

  it('gives the turn to the oldest waiting background request, across instances', () => {
    let state = freshState(specs, 0);
    state.minute = 0;
    const background = (holder: string, waitedMs: number) =>
      foreground({ background: true, holder, waitedMs });
    // A (waiting 100 ms) finds the bucket short and takes the turn.
    state = take(state, specs, background('a', 100), 0).state;
    expect(state.turn).toMatchObject({ holder: 'a', since: -100 });
    // Once the bucket has room, B (younger) still waits for A...
    state.minute = specs.minute.capacity;
    const younger = take(state, specs, background('b', 50), 1);
    expect(younger.outcome).toMatchObject({ granted: false });
    // ...an older request of C goes first...
    expect(take(state, specs, background('c', 500), 1).outcome.granted).toBe(true);
    // ...and A, when it comes back, gets its units and gives the turn up.
    const own = take(younger.state, specs, background('a', 101), 1);
    expect(own.outcome.granted).toBe(true);
    expect(own.state.turn).toBeNull();
  });

  it("caps the minute bucket by Microsoft's RateLimit-Remaining", () => {
    const state = capByRemaining(freshState(specs, 0), specs, 150, 1_200, 0);
    // 150 left before throttling, less the 12% the pacer keeps: 6.
    expect(state.minute).toBeCloseTo(6);
    expect(capByRemaining(state, specs, 1_000, 1_200, 0).minute).toBeCloseTo(6);
  });
});

describe('pacer', () => {
  it('lets user-facing requests pass queued background ones', async () => {
    const small = bucketSpecsOf({
      resourceUnitsPerMinute: 40,
      resourceUnitsPerDay: null,
      resourceUnitWindowSeconds: 1,
    });
    const pacer = new Pacer('t', createMemoryStore(), small);
    const order: string[] = [];
    const queued = Array.from({ length: 12 }, (_, i) =>
      pacer.acquire(2, { background: true }).then(() => order.push(`b${i}`))
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pacer.acquire(2).then(() => order.push('f'));
    await Promise.all(queued);
    // The user's request left before most of the background ones queued before it.
    expect(order.indexOf('f')).toBeLessThan(6);
    expect(order.filter((name) => name.startsWith('b'))).toEqual(
      Array.from({ length: 12 }, (_, i) => `b${i}`)
    );
  });
});

describe.each(['memory', 'redis'])('%s store', (kind) => {
  let redis: Redis | undefined;
  let store: PacingStore;
  // An hour-long window: refilling is negligible between the steps below.
  const slow = bucketSpecsOf({
    resourceUnitsPerMinute: 1_000,
    resourceUnitsPerDay: null,
    resourceUnitWindowSeconds: 3_600,
  })!;

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = new Redis(await requireRedis());
      store = createRedisStore(redis, `test-${randomUUID()}`);
    } else {
      store = createMemoryStore();
    }
  });
  afterAll(() => redis?.disconnect());

  it('grants the burst, then refuses; pauses; caps; reads', async () => {
    const key = randomUUID();
    const grants: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const outcome = await store.take(key, slow, foreground({ cost: 4, want: 4 }));
      grants.push(outcome.granted ? outcome.units : 0);
    }
    // Capacity: 2% of 880 = 17.6 RU, four requests of 4.
    expect(grants).toEqual([4, 4, 4, 4, 0, 0]);
    const state = await store.read(key, slow);
    expect(state!.minute).toBeCloseTo(1.6, 1);
    expect(state!.day).toBeNull();
    await store.pause(key, slow, 10_000);
    const paused = await store.take(key, slow, foreground());
    expect(paused).toMatchObject({ granted: false, paused: true });
    expect((paused as { waitMs: number }).waitMs).toBeGreaterThan(9_000);
    expect(await store.read(randomUUID(), slow)).toBeNull();
  });

  it('hands out more than the cost when asked, keeping the reserve from background work', async () => {
    const key = randomUUID();
    const granted = await store.take(
      key,
      slow,
      foreground({ cost: 2, want: 10, background: true })
    );
    expect(granted).toEqual({ granted: true, units: 10 });
    // 7.6 left, 4.4 of them the user-facing reserve: 3.2 for background work.
    const rest = await store.take(key, slow, foreground({ cost: 2, want: 10, background: true }));
    expect(rest.granted && rest.units).toBeCloseTo(3.2, 1);
    await store.capByRemaining(key, slow, 1_000, 1_000);
    expect((await store.read(key, slow))!.minute).toBeCloseTo(4.4, 1);
    await store.capByRemaining(key, slow, 100, 1_000);
    expect((await store.read(key, slow))!.minute).toBeCloseTo(0, 1);
  });

  it('takes turns between background requests of two instances', async () => {
    const key = randomUUID();
    await store.take(key, slow, foreground({ cost: 17 }));
    const first = await store.take(
      key,
      slow,
      foreground({ background: true, holder: 'a', waitedMs: 10 })
    );
    expect(first.granted).toBe(false);
    const second = await store.take(
      key,
      slow,
      foreground({ background: true, holder: 'b', waitedMs: 0 })
    );
    expect(second.granted).toBe(false);
    const state = await store.read(key, slow);
    expect(state!.turn?.holder).toBe('a');
  });
});

describe('pacer on a shared store that fails', () => {
  // 1,000 RU a minute: a burst of 17.6 RU, then 14.7 RU a second.
  const minute = bucketSpecsOf({
    resourceUnitsPerMinute: 1_000,
    resourceUnitsPerDay: null,
    resourceUnitWindowSeconds: 60,
  })!;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(await requireRedis());
    // The outage below closes this connection on purpose; ioredis reports it as an error event.
    redis.on('error', () => undefined);
  });
  afterAll(() => redis.disconnect());

  it('fails open onto a local bucket, counts the failures, and goes back to the store', async () => {
    const key = randomUUID();
    const errors: unknown[] = [];
    const pacer = new Pacer(key, createRedisStore(redis, `test-${randomUUID()}`), minute, (error) =>
      errors.push(error)
    );
    await pacer.acquire(4);
    expect(await pacer.readShared()).not.toBeNull();
    expect(pacer.usage()).toMatchObject({
      storeErrors: 0,
      lastStoreError: null,
      onLocalBucket: false,
    });

    // Redis goes away: requests keep leaving, paced by this instance's own bucket.
    redis.disconnect();
    const before = pacer.usage().waits;
    await Promise.all(Array.from({ length: 8 }, () => pacer.acquire(4, { background: true })));
    const during = pacer.usage();
    expect(during.storeErrors).toBeGreaterThanOrEqual(1);
    expect(during.lastStoreError?.message).toMatch(/closed/i);
    expect(during.onLocalBucket).toBe(true);
    expect(during.unitsGranted).toBe(36);
    // 32 RU against a burst of 17.6: some waited for the local bucket's refill (unpaced, none would).
    expect(during.waits).toBeGreaterThan(before);
    expect(errors.length).toBe(during.storeErrors);
    // Reading the shared buckets fails too, and is counted, not thrown.
    expect(await pacer.readShared()).toBeNull();
    expect(pacer.usage().storeErrors).toBe(during.storeErrors + 1);

    // Redis is back: after the local bucket's stand-in time, the shared store is asked again.
    await redis.connect();
    await sleep(STORE_RETRY_MS + 100);
    expect(pacer.usage().onLocalBucket).toBe(false);
    const failures = pacer.usage().storeErrors;
    await pacer.acquire(1);
    expect(pacer.usage().storeErrors).toBe(failures);
    expect(await pacer.readShared()).not.toBeNull();
  });
});
