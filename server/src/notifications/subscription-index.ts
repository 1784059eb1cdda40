/**
 * The drives' subscriptions, kept in memory so that a change notification is checked without a
 * query: an unauthenticated POST of 1,000 entries must not become 1,000 database lookups.
 *
 * A subscription's id and clientState never change once created (a recreated subscription gets a
 * new id), so the index only has to learn of new subscriptions and forget removed ones:
 * - this instance records the subscriptions it creates and deletes as it does so;
 * - subscriptions another instance created are learnt by reloading the whole index, on a miss
 *   (an entry naming an id not in memory) at most once every `minReloadMs`, and on every
 *   maintenance round (once a minute), which also forgets the subscriptions others removed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface IndexedSubscription {
  subscriptionId: string;
  driveId: number;
  /** SHA-256 of the clientState, hex (only the hash is stored). */
  clientStateHash: string;
}

export type Match =
  | { kind: 'match'; driveId: number }
  /** A known subscription with another clientState: a forgery, however often it is reloaded. */
  | { kind: 'mismatch' }
  /** An id not in memory: a forgery, or a subscription another instance made since the load. */
  | { kind: 'unknown' };

export const hashClientState = (value: string) => createHash('sha256').update(value).digest();

export function createSubscriptionIndex({
  load,
  minReloadMs,
  now = Date.now,
}: {
  load: () => Promise<IndexedSubscription[]>;
  minReloadMs: number;
  now?: () => number;
}) {
  let entries = new Map<string, { driveId: number; hash: Buffer }>();
  let loadedAt = -Infinity;
  let reloading: Promise<void> | null = null;
  let reloads = 0;

  const put = ({ subscriptionId, driveId, clientStateHash }: IndexedSubscription) =>
    entries.set(subscriptionId, { driveId, hash: Buffer.from(clientStateHash, 'hex') });

  const reloadNow = (): Promise<void> => {
    reloading ??= (async () => {
      try {
        const loaded = await load();
        entries = new Map();
        loaded.forEach(put);
        loadedAt = now();
        reloads++;
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  };

  return {
    match(subscriptionId: unknown, clientState: unknown): Match {
      if (typeof subscriptionId !== 'string' || typeof clientState !== 'string')
        return { kind: 'mismatch' };
      const entry = entries.get(subscriptionId);
      if (!entry) return { kind: 'unknown' };
      const given = hashClientState(clientState);
      return entry.hash.length === given.length && timingSafeEqual(entry.hash, given)
        ? { kind: 'match', driveId: entry.driveId }
        : { kind: 'mismatch' };
    },

    /** This instance created a subscription. */
    add: put,

    /** This instance deleted a subscription (or the drive holding it). */
    remove(subscriptionId: string) {
      entries.delete(subscriptionId);
    },

    /** A full reload now (the maintenance round). */
    reload: reloadNow,

    /**
     * A reload for a miss: at once when the last one is at least `minReloadMs` old, otherwise as
     * soon as it is; every caller in between shares that one reload.
     */
    async reloadForMiss(): Promise<void> {
      const wait = loadedAt + minReloadMs - now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
        // Another caller may have reloaded while this one waited.
        if (now() - loadedAt < minReloadMs) return reloading ?? undefined;
      }
      return reloadNow();
    },

    /** Whether the index was loaded within `minReloadMs` (a miss then waits for the next load). */
    isFresh: () => now() - loadedAt < minReloadMs,

    stats: () => ({ subscriptions: entries.size, reloads }),
  };
}

export type SubscriptionIndex = ReturnType<typeof createSubscriptionIndex>;
