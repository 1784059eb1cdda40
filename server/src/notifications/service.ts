/**
 * The `notifications` service: near-real-time sync through Graph change notifications.
 *
 * When the host app has a public https notification URL, each drive's root gets a subscription
 * (`changeType: updated`) whose `clientState` is a random secret known only to this plugin (kept
 * hashed). A notification that names a known subscription with the right clientState enqueues a
 * delta sync of that drive (trigger `webhook`), merged with any waiting run; anything else is
 * dropped and counted. Scheduled delta sync carries on regardless, so a drive whose notifications
 * stop is still kept in step, only later.
 *
 * The webhook is public, so nothing it receives may cost more than its own checking: entries are
 * checked against the subscriptions held in memory (`subscription-index.ts`), drives are requested
 * once per burst (`drive-sync-queue.ts`), and a source sending nothing that matches is answered
 * 429 after a while (`source-throttle.ts`).
 *
 * Subscriptions are renewed well before they expire and recreated when Graph forgot them. The
 * maintenance runs on every instance; a short claim on the drive's row (a conditional update)
 * makes exactly one instance renew a given subscription.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { createDriveTable, type DriveRow } from '../drives/table';
import type { PluginConfig } from '../config';
import { toExternalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../settings/service';
import type { SyncService } from '../sync/service';
import { createDriveSyncQueue } from './drive-sync-queue';
import { createSourceThrottle } from './source-throttle';
import { createSubscriptionIndex, hashClientState } from './subscription-index';

/** The subscriptions' minute maintenance (a suite that calls maintain() itself removes it). */
export const MAINTENANCE_JOB = 'external-drives-subscriptions';
const CLAIM_MS = 60_000;
const DAY_MS = 24 * 3600_000;

/** Entries read from one POST (Graph sends fewer; the rest of a longer list is ignored). */
export const MAX_ENTRIES = 1000;
/** A miss reloads the subscriptions from the database at most this often. */
const MIN_RELOAD_MS = 2000;
/** After a drive's sync request, entries for it wait this long and become one more request. */
const COALESCE_MS = 500;
/** POSTs matching nothing, per source and sliding minute, before that source is answered 429. */
export const UNMATCHED_POSTS_LIMIT = 20;
const THROTTLE_WINDOW_MS = 60_000;
const THROTTLE_MAX_SOURCES = 10_000;
/** Entries naming unknown subscriptions that may wait for a reload at once; more are dropped. */
const MAX_WAITING_ENTRIES = 10_000;
/** Dropped entries are logged as one count, at most this often. */
const DROP_LOG_INTERVAL_MS = 60_000;

/** One entry of a notification POST's `value`. */
interface ChangeNotification {
  subscriptionId?: unknown;
  clientState?: unknown;
}

export type ReceiveOutcome = { status: 202 } | { status: 429; retryAfterSeconds: number };

interface NotificationsDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'isConfigured'>;
  graph: Pick<GraphService, 'clientForDrive'>;
  sync: Pick<SyncService, 'requestSync'>;
}

export const createNotificationsService = ({
  strapi,
  settings,
  graph,
  sync,
}: NotificationsDeps) => {
  const config = <K extends keyof PluginConfig>(key: K) =>
    strapi.plugin(PLUGIN_ID).config(key) as PluginConfig[K];
  const drives = createDriveTable(strapi);

  const lifetimeMs = () => config('subscriptionLifetimeMinutes') * 60_000;
  /** Renew with a day to spare, or half the lifetime when that is shorter. */
  const renewWithinMs = () => Math.min(DAY_MS, lifetimeMs() / 2);
  const nextExpiry = () => new Date(Date.now() + lifetimeMs());

  const index = createSubscriptionIndex({
    minReloadMs: MIN_RELOAD_MS,
    load: async () => {
      const rows = await drives.subscriptions();
      return rows.map((row) => ({
        driveId: row.id,
        subscriptionId: row.subscriptionId,
        clientStateHash: row.clientStateHash,
      }));
    },
  });
  const queue = createDriveSyncQueue({
    coalesceMs: COALESCE_MS,
    requestSync: (driveId) => sync.requestSync(driveId, 'webhook'),
  });
  const throttle = createSourceThrottle({
    limit: UNMATCHED_POSTS_LIMIT,
    windowMs: THROTTLE_WINDOW_MS,
    maxSources: THROTTLE_MAX_SOURCES,
  });
  const counters = { acceptedEntries: 0, droppedEntries: 0, throttledPosts: 0 };
  let waitingEntries = 0;
  let droppedSinceLog = 0;
  let lastDropLog = -Infinity;

  /** Counts dropped entries; logs their number, not each of them, at most once a minute. */
  const drop = (count: number) => {
    if (count === 0) return;
    counters.droppedEntries += count;
    droppedSinceLog += count;
    if (Date.now() - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    strapi.log.warn(
      `[external-drives] ignored ${droppedSinceLog} change notification(s) that matched no subscription`
    );
    droppedSinceLog = 0;
    lastDropLog = Date.now();
  };

  /** Checks entries in memory: matching ones are queued, known forgeries dropped. */
  const checkEntries = (entries: unknown[]) => {
    let matched = 0;
    let mismatched = 0;
    const unknown: ChangeNotification[] = [];
    for (const entry of entries) {
      const { subscriptionId, clientState } = (entry ?? {}) as ChangeNotification;
      const match = index.match(subscriptionId, clientState);
      if (match.kind === 'match') {
        matched++;
        queue.add(match.driveId);
      } else if (match.kind === 'unknown') {
        unknown.push({ subscriptionId, clientState });
      } else {
        mismatched++;
      }
    }
    counters.acceptedEntries += matched;
    drop(mismatched);
    return { matched, unknown };
  };

  /**
   * Entries naming subscriptions not in memory, checked again after the next reload (another
   * instance may have made them). A POST none of whose entries matched counts against its source.
   */
  const resolveLater = async (
    entries: ChangeNotification[],
    source: string,
    postMatched: boolean
  ) => {
    const held = entries.slice(0, Math.max(0, MAX_WAITING_ENTRIES - waitingEntries));
    drop(entries.length - held.length);
    waitingEntries += held.length;
    try {
      await index.reloadForMiss();
      const { matched, unknown } = checkEntries(held);
      drop(unknown.length);
      if (!postMatched && matched === 0) throttle.recordUnmatched(source);
    } catch (error) {
      drop(held.length);
      strapi.log.error(
        `[external-drives] could not load the subscriptions: ${(error as Error).message}`
      );
    } finally {
      waitingEntries -= held.length;
    }
  };

  /** Takes this drive's subscription work for a minute, unless another instance has it. */
  const claim = (driveId: number) => drives.claimSubscriptionWork(driveId, CLAIM_MS);
  const release = (driveId: number) => drives.releaseSubscriptionWork(driveId);

  /** Deletes the drive's subscription at Graph, if any (a 404 means it already is). */
  async function deleteSubscription(drive: DriveRow): Promise<void> {
    if (!drive.subscriptionId) return;
    index.remove(drive.subscriptionId);
    try {
      const client = await graph.clientForDrive(drive);
      await client.api(`/subscriptions/${encodeURIComponent(drive.subscriptionId)}`).delete();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) {
        strapi.log.warn(
          `[external-drives] could not delete the subscription of drive ${drive.id}: ${
            (error as Error).message
          }`
        );
      }
    }
  }

  async function create(drive: DriveRow) {
    // One subscription per drive: one this server counts as lapsed may still be live at Graph.
    await deleteSubscription(drive);
    const clientState = randomBytes(32).toString('base64url');
    const client = await graph.clientForDrive(drive);
    const subscription = await client.api('/subscriptions').post({
      changeType: 'updated',
      notificationUrl: config('notificationUrl'),
      resource: `/drives/${drive.remoteDriveId}/root`,
      expirationDateTime: nextExpiry().toISOString(),
      clientState,
    });
    await drives.update(drive.id, {
      subscriptionId: subscription.id,
      subscriptionExpiresAt: new Date(subscription.expirationDateTime),
      clientStateHash: hashClientState(clientState).toString('hex'),
    });
    index.add({
      subscriptionId: subscription.id,
      driveId: drive.id,
      clientStateHash: hashClientState(clientState).toString('hex'),
    });
  }

  async function renew(drive: DriveRow) {
    const client = await graph.clientForDrive(drive);
    try {
      const renewed = await client
        .api(`/subscriptions/${encodeURIComponent(drive.subscriptionId!)}`)
        .patch({ expirationDateTime: nextExpiry().toISOString() });
      await drives.update(drive.id, {
        subscriptionExpiresAt: new Date(renewed.expirationDateTime),
      });
    } catch (error) {
      // Graph forgot it (expired, or removed on its side): a new one takes its place.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      await create(drive);
    }
  }

  /** Whether Graph still has the drive's subscription (a 404: it dropped it). */
  async function stillSubscribed(drive: DriveRow) {
    const client = await graph.clientForDrive(drive);
    try {
      await client.api(`/subscriptions/${encodeURIComponent(drive.subscriptionId!)}`).get();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }

  return {
    /** Notifications need a public https URL; without one, drives are kept by polling alone. */
    isEnabled: () => Boolean(config('notificationUrl')),

    bootstrap() {
      if (!this.isEnabled()) return;
      strapi.cron.add({
        [MAINTENANCE_JOB]: {
          task: () => this.maintain(),
          options: { rule: '30 * * * * *' },
        },
      });
    },

    destroy() {
      queue.close();
      if (this.isEnabled()) strapi.cron.remove(MAINTENANCE_JOB);
    },

    /**
     * Gives every drive a live subscription: creates missing ones, renews those near expiry.
     * Failures are logged and retried on the next round; polling covers the drive meanwhile.
     */
    async maintain(): Promise<void> {
      if (!this.isEnabled() || !(await settings.isConfigured())) return;
      // Also forgets subscriptions other instances removed, and learns those they made.
      await index.reload();
      const renewBefore = new Date(Date.now() + renewWithinMs());
      for (const driveId of await drives.dueForSubscription(renewBefore)) {
        await this.ensure(driveId);
      }
    },

    /**
     * One drive's subscription, created or renewed as needed (claimed: one instance at a time).
     * With `verify`, a subscription not yet due for renewal is asked for, and recreated if Graph
     * no longer has it.
     */
    async ensure(driveId: number, { verify = false } = {}): Promise<void> {
      if (!this.isEnabled() || !(await claim(driveId))) return;
      try {
        const drive = await drives.find(driveId);
        if (!drive) return;
        const expiresAt = drive.subscriptionExpiresAt
          ? new Date(drive.subscriptionExpiresAt).getTime()
          : 0;
        if (!drive.subscriptionId || expiresAt <= Date.now()) await create(drive);
        else if (expiresAt - Date.now() < renewWithinMs()) await renew(drive);
        else if (verify && !(await stillSubscribed(drive))) await create(drive);
      } catch (error) {
        const mapped = toExternalDrivesError(error, 'sync');
        strapi.log.warn(
          `[external-drives] change notifications for drive ${driveId} unavailable (${mapped.code}): ${
            (error as Error).message
          }`
        );
      } finally {
        await release(driveId);
      }
    },

    /**
     * A polled sync (scheduled, or Sync Now) found changes: while notifications work they are
     * synced on arrival, so the subscription may be gone. Graph drops subscriptions without a word
     * for drives (its lifecycle notifications do not cover them), so it is asked, once per such
     * sync, and recreated if gone; the drive shows polling until then.
     */
    async afterPolledChanges(driveId: number): Promise<void> {
      if (this.isEnabled()) await this.ensure(driveId, { verify: true });
    },

    /** Before a drive is disconnected: its subscription goes too (a 404 means it already has). */
    unsubscribe: deleteSubscription,

    /**
     * A notification POST's `value`, from `source` (the client's IP). Every entry is checked in
     * memory (no query): entries whose subscription and clientState match are always accepted and
     * coalesced per drive into one sync request; the others are dropped and counted. A source whose
     * recent POSTs matched nothing is answered 429, unless this one carries an entry that matches.
     */
    async receive(value: unknown, source: string): Promise<ReceiveOutcome> {
      const entries = Array.isArray(value) ? (value.slice(0, MAX_ENTRIES) as unknown[]) : [];
      const { matched, unknown } = checkEntries(entries);
      if (matched > 0) {
        // Entries naming subscriptions not yet in memory wait for the next reload.
        if (unknown.length) void resolveLater(unknown, source, true);
        return { status: 202 };
      }
      if (throttle.isThrottled(source)) {
        // A subscription another instance made since the last load would be refused here: the
        // index is reloaded first when it may be that stale (at most once per MIN_RELOAD_MS).
        let stillUnknown = unknown;
        // A database that cannot answer refuses the POST as forged (scheduled sync catches up).
        if (
          unknown.length &&
          !index.isFresh() &&
          (await index.reload().then(
            () => true,
            () => false
          ))
        ) {
          const rechecked = checkEntries(unknown);
          drop(rechecked.unknown.length);
          if (rechecked.matched > 0) return { status: 202 };
          stillUnknown = [];
        }
        counters.throttledPosts++;
        drop(stillUnknown.length);
        throttle.recordUnmatched(source);
        return { status: 429, retryAfterSeconds: throttle.retryAfterSeconds(source) };
      }
      if (unknown.length) void resolveLater(unknown, source, false);
      else throttle.recordUnmatched(source);
      return { status: 202 };
    },

    /** What the webhook has taken in and where it went, since this instance started. */
    webhookStats: () => ({
      ...counters,
      waitingEntries,
      ...queue.stats(),
      ...index.stats(),
      ...throttle.stats(),
    }),
  };
};

export type NotificationsService = ReturnType<typeof createNotificationsService>;
