/**
 * Which drives the schedule syncs, and in which order: the longest overdue first (never synced
 * before all), and drives with a live change-notification subscription only once the hourly safety
 * net is due (an expired subscription is no subscription). A long sync gives its slot up between
 * committed pages while other drives wait, and the runs going on from its cursor end exact.
 */
import { ControlClient } from '../../emulator/src';
import { PLUGIN_ID, UID } from '../../server/src/constants';
import { createDriveTable } from '../../server/src/drives/table';
import { createSyncEngine } from '../../server/src/sync/engine';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { SCHEDULER_JOB } from '../../server/src/jobs/in-process-runner';
import { SUBSCRIBED_POLL_MS } from '../../server/src/sync/service';
import { createDriveRow } from '../../testkit/drive-rows';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const MINUTE = 60_000;

describe('the schedule', () => {
  let emulator: RunningEmulator;
  let app: TestStrapi;

  beforeAll(async () => {
    emulator = await startTestEmulator({ items: 1_000 });
    app = await startTestStrapi({ emulator: emulator.info });
    // The minute scan would start syncing the (made-up) drives below while the test reads them.
    app.strapi.cron.remove(SCHEDULER_JOB);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('takes the longest overdue drive first and polls subscribed drives hourly', async () => {
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * MINUTE);
    const live = { subscriptionId: 'sub', subscriptionExpiresAt: new Date(now + 60 * MINUTE) };
    const expired = { subscriptionId: 'old', subscriptionExpiresAt: new Date(now - MINUTE) };
    const drive = async (name: string, fields: Record<string, unknown>) =>
      [
        name,
        (await createDriveRow(app.strapi, emulator.info, `remote-${name}`, fields)).id,
      ] as const;
    const drives = new Map([
      await drive('recent', { lastSyncAt: ago(5) }),
      await drive('twentyMinutes', { lastSyncAt: ago(20) }),
      await drive('subscribedTwentyMinutes', { lastSyncAt: ago(20), ...live }),
      await drive('expiredThirtyMinutes', { lastSyncAt: ago(30), ...expired }),
      await drive('twoHours', { lastSyncAt: ago(120) }),
      await drive('subscribedTwoHoursAndMore', { lastSyncAt: ago(130), ...live }),
      await drive('waitingForCredentials', { lastSyncAt: ago(300), status: 'auth_required' }),
      await drive('never', { lastSyncAt: null }),
    ]);
    const names = new Map([...drives].map(([name, id]) => [id, name]));
    const interval = 15 * MINUTE;
    const due = await createDriveTable(app.strapi).dueForSync(
      new Date(Date.now() - interval),
      new Date(Date.now() - SUBSCRIBED_POLL_MS)
    );
    expect(due.map((id) => names.get(id))).toEqual([
      'never',
      'subscribedTwoHoursAndMore',
      'twoHours',
      'expiredThirtyMinutes',
      'twentyMinutes',
    ]);
  });

  it('gives its slot up after N pages while others wait, and goes on exact from its cursor', async () => {
    const control = ControlClient.from(emulator.info);
    const remoteDriveId = emulator.info.largeDriveId!;
    await control.setDeltaPageSize(remoteDriveId, 100);
    const truth = await control.tree(remoteDriveId);
    await control.close();
    const { id: driveId } = await createDriveRow(app.strapi, emulator.info, remoteDriveId, {
      lastSyncAt: null,
    });
    const engine = createSyncEngine(app.strapi, app.strapi.plugin(PLUGIN_ID).service('graph'), {
      yieldAfterPages: 3,
    });
    const othersWaiting = { othersWaiting: () => true };
    const parts = [];
    for (let run = await engine.syncDrive(driveId, 'connect', othersWaiting); ;) {
      parts.push(run);
      if (!run.yielded) break;
      // Yielded: the drive is still syncing and still due; nothing shows it synced.
      const drive = await app.strapi.db.query(UID.drive).findOne({ where: { id: driveId } });
      expect(drive).toMatchObject({ status: 'syncing', lastSyncAt: null });
      run = await engine.syncDrive(driveId, 'connect', othersWaiting);
    }
    // 1,000 items and the root at 100 a page: 11 pages, 3 a run.
    expect(parts.map((run) => [run.pages, Boolean(run.yielded), run.status])).toEqual([
      [3, true, 'succeeded'],
      [3, true, 'succeeded'],
      [3, true, 'succeeded'],
      [2, false, 'succeeded'],
    ]);
    expect(parts.every((run) => run.fullEnumeration)).toBe(true);
    expect(await syncedTree(app.strapi, driveId)).toEqual(comparableTree(truth));
    // With nobody waiting, a run goes to its end whatever its length.
    const alone = await engine.syncDrive(driveId, 'manual', { othersWaiting: () => false });
    expect(alone.yielded).toBeUndefined();
  });
});
