/**
 * Which drives the schedule syncs, and in which order: the longest overdue first (never synced
 * before all), and drives with a live change-notification subscription only once the hourly safety
 * net is due (an expired subscription is no subscription).
 */
import { createDriveTable } from '../../server/src/drives/table';
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
    emulator = await startTestEmulator();
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
});
