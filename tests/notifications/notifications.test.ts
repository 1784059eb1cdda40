/**
 * Near-real-time sync: Graph change notifications through an HTTPS front (a certificate from the
 * emulator's CA; Graph notifies https only) to the plugin's webhook. The handshake, notified
 * changes synced with trigger `webhook`, forged notifications ignored, bursts coalesced, renewal by
 * one caller at a time, recreation of a forgotten subscription, polling as the fallback, and the
 * subscription deleted on disconnect. Under a flood the webhook costs no query or log line per
 * entry, turns any number of genuine entries into one sync, and answers 429 to a source sending
 * only forgeries while still taking that source's genuine entries.
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ControlClient } from '../../emulator/src';
import { PLUGIN_ID, UID } from '../../server/src/constants';
import {
  MAINTENANCE_JOB,
  UNMATCHED_POSTS_LIMIT,
  type NotificationsService,
} from '../../server/src/notifications/service';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { startTlsFront, type TlsFront } from '../../testkit/tls-front';

const BASE = '/external-drives';
const WEBHOOK = '/api/external-drives/notifications';

interface Run {
  id: number;
  trigger: string;
  status: string;
}

describe('change notifications', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let front: TlsFront;
  let app: TestStrapi;
  let admin: CreatedAdmin;
  let driveId: number;
  let remoteDriveId: string;

  const api = () => adminRequest(app.http, admin.token);
  const notifications = () =>
    app.strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService;
  const runs = async () =>
    (await app.strapi.db
      .query(UID.syncRun)
      .findMany({ where: { driveId }, orderBy: { id: 'asc' } })) as Run[];
  const subscriptionOf = async () =>
    (await control.subscriptions()).find((subscription) => subscription.driveId === remoteDriveId);
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      if ((await runs()).every((run) => run.status !== 'running')) return;
      await delay(50);
    }
    throw new Error('a sync run did not end');
  };
  /** Waits for a run of this trigger after the given number of runs. */
  const nextRun = async (after: number, trigger: string, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const newer = (await runs()).slice(after).filter((run) => run.trigger === trigger);
      if (newer.some((run) => run.status !== 'running')) return newer;
      await delay(50);
    }
    throw new Error(`no ${trigger} run within ${timeoutMs} ms`);
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo', notificationDelayMs: 200 });
    control = ControlClient.from(emulator.info);
    front = await startTlsFront(await control.issueCertificate(['localhost']));
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_NOTIFICATION_URL: `${front.url}${WEBHOOK}` },
    });
    front.target = app.url;
    // The tests call maintain() themselves: the minute round would renew or recreate behind them.
    app.strapi.cron.remove(MAINTENANCE_JOB);
    admin = await createAdmin(app.strapi, { email: 'notify@example.com', roles: 'super' });
    const site = emulator.info.sites.find((s) => s.name === 'Marketing')!;
    remoteDriveId = site.drives[0].id;
    const created = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: site.id, driveId: remoteDriveId });
    driveId = created.body.data.id;
    for (let i = 0; i < 100 && !(await subscriptionOf()); i++) await delay(50);
    await settled();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await front?.close();
    await control?.close();
    await emulator?.close();
  });

  it('subscribes the drive root through the validation handshake, and shows the mode', async () => {
    const subscription = await subscriptionOf();
    expect(subscription).toMatchObject({
      resource: `/drives/${remoteDriveId}/root`,
      notificationUrl: `${front.url}${WEBHOOK}`,
    });
    expect(subscription!.clientState!.length).toBeGreaterThanOrEqual(32);
    const drive = await api().get(`${BASE}/drives/${driveId}`);
    // The scheduled sync stays on as the hourly safety net (the interval is 15 minutes).
    expect(drive.body.data).toMatchObject({
      syncMode: 'notifications',
      syncIntervalMinutes: 15,
      scheduledSyncMinutes: 60,
    });
    const listed = await api().get(`${BASE}/drives`);
    expect(listed.body.data.find((entry: { id: number }) => entry.id === driveId)).toMatchObject({
      syncMode: 'notifications',
    });
    expect(JSON.stringify(drive.body)).not.toContain(subscription!.clientState!);

    const echoed = await app.http.post(
      `${WEBHOOK}?validationToken=${encodeURIComponent('a <b> & c')}`
    );
    expect(echoed.status).toBe(200);
    expect(echoed.headers['content-type']).toMatch(/^text\/plain/);
    expect(echoed.text).toBe('a <b> & c');
  });

  it('syncs a notified change within seconds, as a webhook run', async () => {
    const before = (await runs()).length;
    const file = await control.createItem(remoteDriveId, { name: 'notified.txt', size: 42 });
    await nextRun(before, 'webhook');
    await settled();
    const row = await app.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId, remoteId: file.id } });
    expect(row).toMatchObject({ name: 'notified.txt' });
  });

  it('coalesces a burst into few syncs and ends exact', async () => {
    const before = (await runs()).length;
    // Thirty changes at once (one control call, so the burst does not depend on test timing).
    await control.bulk(remoteDriveId, { create: 30, seed: 'burst' });
    await nextRun(before, 'webhook');
    await delay(1000);
    await settled();
    const webhookRuns = (await runs()).slice(before).filter((run) => run.trigger === 'webhook');
    expect(webhookRuns.length).toBeGreaterThanOrEqual(1);
    expect(webhookRuns.length).toBeLessThanOrEqual(2);
    expect(await syncedTree(app.strapi, driveId)).toEqual(
      comparableTree(await control.tree(remoteDriveId))
    );
  });

  it('merges entries naming one drive into one sync, and ignores forged ones', async () => {
    await settled();
    const subscription = (await subscriptionOf())!;
    const before = (await runs()).length;
    const entry = {
      subscriptionId: subscription.id,
      changeType: 'updated',
      resource: subscription.resource,
    };
    const genuine = await app.http.post(WEBHOOK).send({
      value: Array.from({ length: 10 }, () => ({
        ...entry,
        clientState: subscription.clientState,
      })),
    });
    expect(genuine.status).toBe(202);
    await nextRun(before, 'webhook');
    await delay(500);
    await settled();
    expect((await runs()).length).toBe(before + 1);

    const forged = [
      { ...entry, clientState: 'guessed' },
      { ...entry, subscriptionId: 'unknown', clientState: subscription.clientState },
      { ...entry, clientState: undefined },
    ];
    for (const value of [forged, 'not a list', null]) {
      expect((await app.http.post(WEBHOOK).send({ value })).status).toBe(202);
    }
    await delay(1000);
    expect((await runs()).length).toBe(before + 1);
  });

  /** SQL statements looking a drive up by subscription (per entry, on today's main). */
  const countSubscriptionLookups = () => {
    const seen: string[] = [];
    const listener = (query: { sql: string }) => {
      if (/where.*subscription_id/i.test(query.sql)) seen.push(query.sql);
    };
    app.strapi.db.connection.on('query', listener);
    return {
      count: () => seen.length,
      stop: () => app.strapi.db.connection.off('query', listener),
    };
  };
  /** Everything the plugin logs (Strapi's per-request access log aside). */
  const captureLogs = () => {
    const lines: string[] = [];
    const log = app.strapi.log as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = Object.fromEntries(
      (['error', 'warn', 'info', 'debug'] as const).map((level) => [level, log[level]])
    );
    for (const [level, original] of Object.entries(originals)) {
      log[level] = (message: unknown, ...rest: unknown[]) => {
        if (String(message).includes('[external-drives]')) lines.push(String(message));
        return original.call(log, message, ...rest);
      };
    }
    return {
      lines,
      stop: () => Object.assign(log, originals),
    };
  };
  const webhookStats = () => notifications().webhookStats();
  const waitFor = async (what: string, done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await delay(50);
    if (!done()) throw new Error(`timed out waiting for ${what}`);
  };
  /**
   * No sync running and no entry of an earlier test still waiting for a reload: such an entry is
   * dropped up to MIN_RELOAD_MS (2 s) after its POST, later under load, and would count here.
   */
  const quiet = async () => {
    await settled();
    await waitFor('earlier entries to be resolved', () => webhookStats().waitingEntries === 0);
  };

  it('drops 1000 forged entries without a query, a log line or a sync for each', async () => {
    await quiet();
    const subscription = (await subscriptionOf())!;
    const before = (await runs()).length;
    const statsBefore = webhookStats();
    const lookups = countSubscriptionLookups();
    const logs = captureLogs();
    try {
      const forged = Array.from({ length: 1000 }, (_, i) =>
        i % 2
          ? { subscriptionId: subscription.id, clientState: `guess-${i}`, changeType: 'updated' }
          : { subscriptionId: `forged-${i}`, clientState: subscription.clientState }
      );
      expect((await app.http.post(WEBHOOK).send({ value: forged })).status).toBe(202);
      // Half name a subscription not in memory: they wait for one reload, then are dropped.
      await waitFor(
        'the forged entries to be dropped',
        () => webhookStats().droppedEntries >= statsBefore.droppedEntries + 1000
      );
      expect(webhookStats().droppedEntries - statsBefore.droppedEntries).toBe(1000);
      expect(webhookStats().acceptedEntries).toBe(statsBefore.acceptedEntries);
      // At most the reload, never 1000.
      expect(lookups.count()).toBeLessThanOrEqual(3);
      expect(logs.lines.length).toBeLessThanOrEqual(1);
    } finally {
      lookups.stop();
      logs.stop();
    }
    await delay(1000);
    expect((await runs()).length).toBe(before);

    // The body size limit: over 1 MB is refused before anything is read.
    const oversized = await app.http
      .post(WEBHOOK)
      .send({ value: [{ subscriptionId: 'x', clientState: 'y'.repeat(1024 * 1024) }] });
    expect(oversized.status).toBe(413);
  });

  it('turns 1000 genuine entries for one drive into one sync request', async () => {
    await quiet();
    const subscription = (await subscriptionOf())!;
    const before = (await runs()).length;
    const statsBefore = webhookStats();
    const lookups = countSubscriptionLookups();
    let answer;
    try {
      answer = await app.http.post(WEBHOOK).send({
        value: Array.from({ length: 1000 }, () => ({
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          changeType: 'updated',
          resource: subscription.resource,
        })),
      });
      expect(lookups.count()).toBeLessThanOrEqual(2);
    } finally {
      lookups.stop();
    }
    expect(answer.status).toBe(202);
    await nextRun(before, 'webhook');
    await delay(1000);
    await settled();
    expect((await runs()).length).toBe(before + 1);
    const stats = webhookStats();
    expect(stats.acceptedEntries - statsBefore.acceptedEntries).toBe(1000);
    expect(stats.syncRequests - statsBefore.syncRequests).toBe(1);
    expect(stats.maxPendingDrives).toBe(1);
  });

  it('takes a subscription another instance made, learnt from the database on a miss', async () => {
    await settled();
    const drives = app.strapi.db.query(UID.drive);
    const original = (await drives.findOne({ where: { id: driveId } })) as {
      subscriptionId: string;
      clientStateHash: string;
    };
    // What another instance's recreation leaves in the shared database.
    const clientState = 'made-by-another-instance'.padEnd(43, '-');
    await drives.update({
      where: { id: driveId },
      data: {
        subscriptionId: 'made-by-another-instance',
        clientStateHash: createHash('sha256').update(clientState).digest('hex'),
      },
    });
    try {
      const before = (await runs()).length;
      const answer = await app.http.post(WEBHOOK).send({
        value: [{ subscriptionId: 'made-by-another-instance', clientState, changeType: 'updated' }],
      });
      expect(answer.status).toBe(202);
      await nextRun(before, 'webhook');
      await settled();
    } finally {
      await drives.update({
        where: { id: driveId },
        data: {
          subscriptionId: original.subscriptionId,
          clientStateHash: original.clientStateHash,
        },
      });
    }
  });

  it('answers 429 to a source sending only forgeries, and still takes its genuine entries', async () => {
    await settled();
    const subscription = (await subscriptionOf())!;
    const genuine = {
      subscriptionId: subscription.id,
      clientState: subscription.clientState,
      changeType: 'updated',
    };
    const forged = Array.from({ length: 100 }, (_, i) => ({
      subscriptionId: subscription.id,
      clientState: `guess-${i}`,
    }));
    const statuses: number[] = [];
    // A POST naming a subscription not in memory counts once the next reload (at most 2 s away)
    // has found it forged: the POSTs are spaced out, and may take more than the limit.
    for (let i = 0; i < 3 * UNMATCHED_POSTS_LIMIT && !statuses.includes(429); i++) {
      statuses.push((await app.http.post(WEBHOOK).send({ value: forged })).status);
      await delay(100);
    }
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const refused = await app.http.post(WEBHOOK).send({ value: forged });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // One genuine entry among forgeries, from the same source: accepted, and synced.
    const before = (await runs()).length;
    const mixed = await app.http.post(WEBHOOK).send({ value: [...forged, genuine] });
    expect(mixed.status).toBe(202);
    await nextRun(before, 'webhook');
    // The validation handshake is never throttled.
    const echoed = await app.http.post(`${WEBHOOK}?validationToken=still-here`);
    expect(echoed.status).toBe(200);
    expect(echoed.text).toBe('still-here');
    await settled();
  });

  it('renews before expiry, one caller at a time', async () => {
    const subscription = (await subscriptionOf())!;
    // As if the subscription were an hour from expiring.
    await app.strapi.db.query(UID.drive).update({
      where: { id: driveId },
      data: { subscriptionExpiresAt: new Date(Date.now() + 3600_000) },
    });
    const mark = await control.mark();
    await Promise.all([
      notifications().maintain(),
      notifications().maintain(),
      notifications().ensure(driveId),
    ]);
    const stats = await control.stats(mark);
    const patches = Object.entries(stats.byRoute)
      .filter(([route]) => route.includes('PATCH') && route.includes('subscriptions'))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(patches).toBe(1);
    const renewed = (await subscriptionOf())!;
    expect(renewed.id).toBe(subscription.id);
    expect(new Date(renewed.expirationDateTime).getTime()).toBeGreaterThan(
      Date.now() + 24 * 3600_000
    );
  });

  it('renews after the app tokens were revoked: a fresh token, no failure', async () => {
    const subscription = (await subscriptionOf())!;
    await app.strapi.db.query(UID.drive).update({
      where: { id: driveId },
      data: { subscriptionExpiresAt: new Date(Date.now() + 3600_000) },
    });
    await control.revokeAppTokens(emulator.info.clientId);
    const mark = await control.mark();
    await notifications().maintain();
    const renewed = (await subscriptionOf())!;
    expect(renewed.id).toBe(subscription.id);
    expect(new Date(renewed.expirationDateTime).getTime()).toBeGreaterThan(
      new Date(subscription.expirationDateTime).getTime()
    );
    expect((await control.stats(mark)).claimsChallenges).toBe(1);
  });

  it('keeps polling when notifications stop, and recreates a forgotten subscription', async () => {
    const subscription = (await subscriptionOf())!;
    await control.dropSubscription(subscription.id);
    await settled();
    const before = (await runs()).length;
    await control.createItem(remoteDriveId, { name: 'unnotified.txt', size: 1 });
    await delay(1500);
    expect((await runs()).length).toBe(before);
    // The fallback: a scheduled or manual delta still brings it in.
    const run = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(run.body.data.status).toBe('succeeded');
    expect(await syncedTree(app.strapi, driveId)).toEqual(
      comparableTree(await control.tree(remoteDriveId))
    );
    // A polled sync that found what no notification announced asks Graph, which had dropped the
    // subscription without a word: a new one is live, and the next change is notified.
    const replaced = (await subscriptionOf())!;
    expect(replaced.id).not.toBe(subscription.id);
    const beforeNotified = (await runs()).length;
    await control.createItem(remoteDriveId, { name: 'notified-once-more.txt', size: 1 });
    await nextRun(beforeNotified, 'webhook');
    await settled();

    // A subscription that lapsed: the drive shows polling until one is live again.
    await app.strapi.db.query(UID.drive).update({
      where: { id: driveId },
      data: { subscriptionExpiresAt: new Date(Date.now() - 60_000) },
    });
    const syncModeOf = async () => {
      const { syncMode, scheduledSyncMinutes } = (await api().get(`${BASE}/drives/${driveId}`)).body
        .data;
      return [syncMode, scheduledSyncMinutes];
    };
    // Polled at the interval again, until the new subscription is live.
    expect(await syncModeOf()).toEqual(['polling', 15]);
    await notifications().maintain();
    expect(await syncModeOf()).toEqual(['notifications', 60]);
    const recreated = (await subscriptionOf())!;
    expect(recreated.id).not.toBe(replaced.id);
    const after = (await runs()).length;
    await control.createItem(remoteDriveId, { name: 'notified-again.txt', size: 1 });
    await nextRun(after, 'webhook');
  });

  it('deletes the subscription on disconnect', async () => {
    await settled();
    expect(await subscriptionOf()).toBeDefined();
    expect((await api().delete(`${BASE}/drives/${driveId}`)).status).toBe(200);
    expect(await subscriptionOf()).toBeUndefined();
  });
});
