/**
 * The pure parts of the notification webhook's defences: the per-source sliding window, and the
 * in-memory subscription index (its miss reloads spaced out, its answers without a query).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createDriveSyncQueue } from '../../../server/src/notifications/drive-sync-queue';
import { createSourceThrottle } from '../../../server/src/notifications/source-throttle';
import {
  createSubscriptionIndex,
  hashClientState,
} from '../../../server/src/notifications/subscription-index';

describe('source throttle', () => {
  it('throttles a source after `limit` unmatched POSTs within the window, and lets it go as they age', () => {
    let now = 0;
    const throttle = createSourceThrottle({
      limit: 3,
      windowMs: 60_000,
      maxSources: 10,
      now: () => now,
    });
    for (let i = 0; i < 3; i++) {
      expect(throttle.isThrottled('a')).toBe(false);
      throttle.recordUnmatched('a');
      now += 10_000;
    }
    expect(throttle.isThrottled('a')).toBe(true);
    expect(throttle.isThrottled('b')).toBe(false);
    // The first of the three leaves the window 60 s after it came (at 0): sliding, not fixed.
    expect(throttle.retryAfterSeconds('a')).toBe(30);
    now = 60_001;
    expect(throttle.isThrottled('a')).toBe(false);
  });

  it('remembers at most `maxSources` sources, forgetting the least recently heard from', () => {
    const throttle = createSourceThrottle({ limit: 1, windowMs: 60_000, maxSources: 2 });
    throttle.recordUnmatched('a');
    throttle.recordUnmatched('b');
    throttle.recordUnmatched('a');
    throttle.recordUnmatched('c');
    expect(throttle.stats().sources).toBe(2);
    expect(throttle.isThrottled('a')).toBe(true);
    expect(throttle.isThrottled('b')).toBe(false);
  });
});

describe('drive sync queue', () => {
  it('requests a drive at once, then turns what comes within the window into one more request', async () => {
    const requests: number[] = [];
    const queue = createDriveSyncQueue({ coalesceMs: 200, requestSync: (id) => requests.push(id) });
    // One POST's entries (same tick): one request per drive.
    for (let i = 0; i < 1000; i++) queue.add(i % 2 ? 1 : 2);
    await delay(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests.sort()).toEqual([1, 2]);
    // More for drive 1 during its window: held, then one request.
    for (let i = 0; i < 100; i++) queue.add(1);
    expect(queue.stats().pendingDrives).toBe(1);
    await delay(400);
    expect(requests.sort()).toEqual([1, 1, 2]);
    expect(queue.stats()).toMatchObject({ pendingDrives: 0, maxPendingDrives: 2, syncRequests: 3 });
    queue.close();
  });
});

describe('subscription index', () => {
  const row = (subscriptionId: string, driveId: number, clientState: string) => ({
    subscriptionId,
    driveId,
    clientStateHash: hashClientState(clientState).toString('hex'),
  });

  it('matches, mismatches and misses in memory; a miss reloads at most once per interval', async () => {
    let rows = [row('s1', 1, 'secret-1')];
    let loads = 0;
    let now = 10_000;
    const index = createSubscriptionIndex({
      minReloadMs: 2000,
      now: () => now,
      load: async () => {
        loads++;
        return rows;
      },
    });
    await index.reloadForMiss();
    expect(loads).toBe(1);
    expect(index.match('s1', 'secret-1')).toEqual({ kind: 'match', driveId: 1 });
    expect(index.match('s1', 'guess')).toEqual({ kind: 'mismatch' });
    expect(index.match('s1', undefined)).toEqual({ kind: 'mismatch' });
    expect(index.match('s2', 'secret-2')).toEqual({ kind: 'unknown' });

    // Another instance made s2: a thousand misses at once share one reload.
    rows = [...rows, row('s2', 2, 'secret-2')];
    now += 2000;
    await Promise.all(Array.from({ length: 1000 }, () => index.reloadForMiss()));
    expect(loads).toBe(2);
    expect(index.match('s2', 'secret-2')).toEqual({ kind: 'match', driveId: 2 });

    // This instance's own changes need no reload.
    index.add(row('s3', 3, 'secret-3'));
    index.remove('s1');
    expect(index.match('s3', 'secret-3')).toEqual({ kind: 'match', driveId: 3 });
    expect(index.match('s1', 'secret-1')).toEqual({ kind: 'unknown' });
    expect(loads).toBe(2);
  });
});
