/**
 * The `notifications` service: near-real-time sync through Graph change notifications.
 *
 * When the host app has a public https notification URL, each drive's root gets a subscription
 * (`changeType: updated`) whose `clientState` is a random secret known only to this plugin (kept
 * hashed). A notification that names a known subscription with the right clientState enqueues a
 * delta sync of that drive (trigger `webhook`), merged with any waiting run; anything else is
 * ignored. Scheduled delta sync carries on regardless, so a drive whose notifications stop is
 * still kept in step, only later.
 *
 * Subscriptions are renewed well before they expire and recreated when Graph forgot them. The
 * maintenance runs on every instance; a short claim on the drive's row (a conditional update)
 * makes exactly one instance renew a given subscription.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../constants';
import type { PluginConfig } from '../config';
import { toExternalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../services/settings';
import type { SyncService } from '../sync/service';

const MAINTENANCE_JOB = 'external-drives-subscriptions';
const CLAIM_MS = 60_000;
const DAY_MS = 24 * 3600_000;

interface SubscribedDrive {
  id: number;
  scope: string;
  ownerId?: number | null;
  accountId?: string | null;
  remoteDriveId: string;
  status?: string;
  subscriptionId?: string | null;
  subscriptionExpiresAt?: string | null;
  clientStateHash?: string | null;
}

/** One entry of a notification POST's `value`. */
interface ChangeNotification {
  subscriptionId?: unknown;
  clientState?: unknown;
}

const hash = (value: string) => createHash('sha256').update(value).digest();

const notificationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = <K extends keyof PluginConfig>(key: K) =>
    strapi.plugin(PLUGIN_ID).config(key) as PluginConfig[K];
  const graph = () => strapi.plugin(PLUGIN_ID).service('graph') as GraphService;
  const sync = () => strapi.plugin(PLUGIN_ID).service('sync') as SyncService;
  const settings = () => strapi.plugin(PLUGIN_ID).service('settings') as SettingsService;
  const drives = () => strapi.db.query(UID.drive as never);

  const lifetimeMs = () => config('subscriptionLifetimeMinutes') * 60_000;
  /** Renew with a day to spare, or half the lifetime when that is shorter. */
  const renewWithinMs = () => Math.min(DAY_MS, lifetimeMs() / 2);
  const nextExpiry = () => new Date(Date.now() + lifetimeMs());

  /** Takes this drive's subscription work for a minute, unless another instance has it. */
  const claim = async (driveId: number): Promise<boolean> => {
    const now = new Date();
    const taken = await strapi.db
      .connection(strapi.db.metadata.get(UID.drive).tableName)
      .where('id', driveId)
      .andWhere((query) =>
        query
          .whereNull('subscription_claimed_until')
          .orWhere('subscription_claimed_until', '<', now)
      )
      .update({ subscription_claimed_until: new Date(now.getTime() + CLAIM_MS) });
    return taken === 1;
  };

  const release = (driveId: number) =>
    drives().update({ where: { id: driveId }, data: { subscriptionClaimedUntil: null } });

  /** Deletes the drive's subscription at Graph, if any (a 404 means it already is). */
  async function deleteSubscription(drive: SubscribedDrive): Promise<void> {
    if (!drive.subscriptionId) return;
    try {
      const client = await graph().clientForDrive(drive as never);
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

  async function create(drive: SubscribedDrive) {
    // One subscription per drive: one this server counts as lapsed may still be live at Graph.
    await deleteSubscription(drive);
    const clientState = randomBytes(32).toString('base64url');
    const client = await graph().clientForDrive(drive as never);
    const subscription = await client.api('/subscriptions').post({
      changeType: 'updated',
      notificationUrl: config('notificationUrl'),
      resource: `/drives/${drive.remoteDriveId}/root`,
      expirationDateTime: nextExpiry().toISOString(),
      clientState,
    });
    await drives().update({
      where: { id: drive.id },
      data: {
        subscriptionId: subscription.id,
        subscriptionExpiresAt: new Date(subscription.expirationDateTime),
        clientStateHash: hash(clientState).toString('hex'),
      },
    });
  }

  async function renew(drive: SubscribedDrive) {
    const client = await graph().clientForDrive(drive as never);
    try {
      const renewed = await client
        .api(`/subscriptions/${encodeURIComponent(drive.subscriptionId!)}`)
        .patch({ expirationDateTime: nextExpiry().toISOString() });
      await drives().update({
        where: { id: drive.id },
        data: { subscriptionExpiresAt: new Date(renewed.expirationDateTime) },
      });
    } catch (error) {
      // Graph forgot it (expired, or removed on its side): a new one takes its place.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      await create(drive);
    }
  }

  /** Whether Graph still has the drive's subscription (a 404: it dropped it). */
  async function stillSubscribed(drive: SubscribedDrive) {
    const client = await graph().clientForDrive(drive as never);
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
      if (this.isEnabled()) strapi.cron.remove(MAINTENANCE_JOB);
    },

    /**
     * Gives every drive a live subscription: creates missing ones, renews those near expiry.
     * Failures are logged and retried on the next round; polling covers the drive meanwhile.
     */
    async maintain(): Promise<void> {
      if (!this.isEnabled() || !(await settings().isConfigured())) return;
      const renewBefore = new Date(Date.now() + renewWithinMs());
      const due = (await drives().findMany({
        where: {
          status: { $ne: 'auth_required' },
          $or: [
            { subscriptionId: { $null: true } },
            { subscriptionExpiresAt: { $lt: renewBefore } },
          ],
        },
      })) as SubscribedDrive[];
      for (const drive of due) await this.ensure(drive.id);
    },

    /**
     * One drive's subscription, created or renewed as needed (claimed: one instance at a time).
     * With `verify`, a subscription not yet due for renewal is asked for, and recreated if Graph
     * no longer has it.
     */
    async ensure(driveId: number, { verify = false } = {}): Promise<void> {
      if (!this.isEnabled() || !(await claim(driveId))) return;
      try {
        const drive = (await drives().findOne({
          where: { id: driveId },
        })) as SubscribedDrive | null;
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
     * A notification POST from Graph. Entries naming an unknown subscription or carrying the wrong
     * clientState are dropped (counted, not synced); each drive named is synced once however many
     * entries name it.
     */
    async receive(
      notifications: ChangeNotification[]
    ): Promise<{ accepted: number; refused: number }> {
      const accepted = new Set<number>();
      let refused = 0;
      for (const notification of notifications) {
        const subscriptionId = notification.subscriptionId;
        const clientState = notification.clientState;
        if (typeof subscriptionId !== 'string' || typeof clientState !== 'string') {
          refused++;
          continue;
        }
        const drive = (await drives().findOne({
          where: { subscriptionId },
          select: ['id', 'clientStateHash'],
        })) as { id: number; clientStateHash: string | null } | null;
        const expected = drive?.clientStateHash ? Buffer.from(drive.clientStateHash, 'hex') : null;
        if (!drive || !expected || !timingSafeEqual(expected, hash(clientState))) {
          refused++;
          continue;
        }
        accepted.add(drive.id);
      }
      for (const driveId of accepted) sync().requestSync(driveId, 'webhook');
      if (refused > 0) {
        strapi.log.warn(
          `[external-drives] ignored ${refused} change notification(s) that did not verify`
        );
      }
      return { accepted: accepted.size, refused };
    },
  };
};

export type NotificationsService = ReturnType<typeof notificationsService>;
export default notificationsService;
