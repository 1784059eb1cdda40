/**
 * `npm run bench -- notify [--changes N] --json`: seconds from a change in the emulator to the item
 * updated in Strapi, through Graph change notifications (emulator delay 0) to the plugin's webhook
 * behind an HTTPS front, then a delta sync. Changes are made one at a time, so each is timed alone.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { ControlClient, type EmulatorInfo } from '../emulator/src';
import { UID } from '../server/src/constants';
import { adminRequest, createAdmin } from '../testkit/admin';
import { startTestStrapi } from '../testkit/strapi';
import { startTlsFront } from '../testkit/tls-front';

const WEBHOOK = '/api/external-drives/notifications';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export async function notifyBench(
  emulator: { info: EmulatorInfo; child: ChildProcess },
  changes: number,
  log: (line: string) => void
) {
  const control = ControlClient.from(emulator.info);
  const front = await startTlsFront(await control.issueCertificate(['localhost']));
  const app = await startTestStrapi({
    emulator: emulator.info,
    env: { EXTERNAL_DRIVES_NOTIFICATION_URL: `${front.url}${WEBHOOK}` },
  });
  front.target = app.url;
  try {
    const { token } = await createAdmin(app.strapi, {
      email: 'notify@example.com',
      roles: 'super',
    });
    const site = emulator.info.sites.find((s) => s.name === 'Marketing')!;
    const remoteDriveId = site.drives[0].id;
    const created = await adminRequest(app.http, token)
      .post('/external-drives/drives')
      .send({ siteId: site.id, driveId: remoteDriveId });
    const driveId = created.body.data.id as number;
    const items = () => app.strapi.db.query(UID.driveItem);
    for (
      let i = 0;
      !(await control.subscriptions()).some((s) => s.driveId === remoteDriveId);
      i++
    ) {
      if (i > 200) throw new Error('the drive was not subscribed');
      await delay(50);
    }
    await adminRequest(app.http, token).post(`/external-drives/drives/${driveId}/sync?wait=true`);

    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      const started = performance.now();
      const file = await control.createItem(remoteDriveId, { name: `notify-${i}.txt`, size: i });
      for (;;) {
        if (await items().findOne({ where: { driveId, remoteId: file.id }, select: ['id'] })) break;
        if (performance.now() - started > 30_000) throw new Error(`change ${i} never arrived`);
        await delay(5);
      }
      latencies.push((performance.now() - started) / 1000);
    }
    latencies.sort((a, b) => a - b);
    log(`notify: ${changes} changes, slowest ${latencies.at(-1)!.toFixed(3)} s`);
    return {
      bench: 'notify',
      changes,
      notifyDelayMs: 0,
      p50Seconds: Math.round(percentile(latencies, 50) * 1000) / 1000,
      p95Seconds: Math.round(percentile(latencies, 95) * 1000) / 1000,
    };
  } finally {
    await app.close();
    await front.close();
    await control.close();
  }
}
