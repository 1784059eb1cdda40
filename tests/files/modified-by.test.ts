/**
 * "Modified by" for changes made through Strapi: on an organisation drive Microsoft records the
 * plugin's app ("SharePoint App") as the modifier, so the listing names the Strapi user beside it
 * from the activity log, as long as that change is the item's latest. A change made in Microsoft
 * 365 afterwards shows Microsoft's modifier alone. One activity query per page, never per row.
 */
import { ControlClient } from '../../emulator/src';
import { TABLE } from '../../server/src/constants';
import type { DriveRow } from '../../server/src/drives/table';
import { CLOCK_MARGIN_MS, ITEM_ACTIVITY_INDEX } from '../../server/src/files/activity';
import type { DriveItem } from '../../shared/contracts/items';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { createPlatformDriveRow } from '../../testkit/drive-rows';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { indexNamesOf } from '../../testkit/indexes';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('"Modified by" names the Strapi user behind the app', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let drive: DriveRow;

  const api = () => adminRequest(app.http, token);
  const drivePath = () => `${BASE}/drives/${drive.id}`;
  const sync = async () =>
    expect((await api().post(`${drivePath()}/sync?wait=true`)).status).toBe(200);
  const listed = async (name: string) => {
    const page = await api().get(`${drivePath()}/children`).query({ pageSize: 100 });
    expect(page.status).toBe(200);
    return (page.body.results as DriveItem[]).find((item) => item.name === name)!;
  };
  const modifierOf = (item: DriveItem) => [item.modifiedByName, item.modifiedViaStrapiBy];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    const admin = await createAdmin(app.strapi, { email: 'jane@example.com', roles: 'super' });
    await app.strapi.db
      .query('admin::user')
      .update({ where: { id: admin.user.id }, data: { firstname: 'Jane', lastname: 'Doe' } });
    token = admin.token;
    drive = await createPlatformDriveRow(app.strapi, emulator.info);
  });

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('boots with the (drive, item, time) index on the activity table', async () => {
    expect(await indexNamesOf(app.strapi.db.connection, TABLE.activity)).toContain(
      ITEM_ACTIVITY_INDEX
    );
  });

  it('shows the Strapi user after a rename through Strapi, Microsoft alone after a later change there', async () => {
    const file = await control.createItem(drive.remoteDriveId, { name: 'plan.txt', size: 10 });
    await sync();
    const synced = await listed('plan.txt');
    expect(synced.modifiedViaStrapiBy).toBeNull();

    const renamed = await api()
      .patch(`${drivePath()}/items/${file.id}`)
      .send({ name: 'plan final.txt' });
    expect(renamed.status).toBe(200);
    expect(modifierOf(await listed('plan final.txt'))).toEqual(['SharePoint App', 'Jane Doe']);
    // A sync brings Microsoft's own record of that change: still the same change, still Jane's.
    await sync();
    expect(modifierOf(await listed('plan final.txt'))).toEqual(['SharePoint App', 'Jane Doe']);
    // Search shows the modifier the same way.
    const found = await api().get(`${drivePath()}/search`).query({ q: 'plan final' });
    expect(modifierOf(found.body.data[0])).toEqual(['SharePoint App', 'Jane Doe']);

    // Someone changes the file in Microsoft 365 later than the clock margin allows.
    await new Promise((resolve) => setTimeout(resolve, CLOCK_MARGIN_MS + 500));
    await control.modifyItem(drive.remoteDriveId, file.id, { size: 20 });
    await sync();
    const changed = await listed('plan final.txt');
    expect(Number(changed.size)).toBe(20);
    expect(changed.modifiedViaStrapiBy).toBeNull();
    expect(changed.modifiedByName).toBe('SharePoint App');
  });

  it('reads the activity of a whole page in one query', async () => {
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];
    for (const name of names) await control.createItem(drive.remoteDriveId, { name, size: 1 });
    await sync();
    const page = await api().get(`${drivePath()}/children`).query({ pageSize: 100 });
    for (const item of page.body.results as DriveItem[]) {
      if (!names.includes(item.name)) continue;
      const answer = await api()
        .patch(`${drivePath()}/items/${item.remoteId}`)
        .send({ name: `renamed ${item.name}` });
      expect(answer.status).toBe(200);
    }

    const knex = app.strapi.db.connection;
    const activityQueries: string[] = [];
    const count = (query: { sql: string }) => {
      if (query.sql.includes(TABLE.activity)) activityQueries.push(query.sql);
    };
    knex.on('query', count);
    try {
      const listing = await api().get(`${drivePath()}/children`).query({ pageSize: 100 });
      const renamed = (listing.body.results as DriveItem[]).filter((item) =>
        item.name.startsWith('renamed ')
      );
      expect(renamed.map(modifierOf)).toEqual(names.map(() => ['SharePoint App', 'Jane Doe']));
    } finally {
      knex.removeListener('query', count);
    }
    expect(activityQueries).toHaveLength(1);
  });
});
