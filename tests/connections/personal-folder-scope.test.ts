/**
 * A user connects one folder of a SharePoint library as a personal drive, with their own Microsoft
 * account: the folder picker browses with that account, within the sites the admin allows, and
 * only for the account's owner; the drive holds the folder's subtree only.
 */
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { PERMISSIONS } from '../../shared/permissions';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';

describe('one folder of a library as a personal drive', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let bob: CreatedAdmin;
  let carol: CreatedAdmin;
  let admin: CreatedAdmin;
  let accountId: number;

  const api = (who: CreatedAdmin) => adminRequest(app.http, who.token);
  const alex = () => emulator.info.users.find((user) => user.displayName === 'Alex Wilber')!;
  const engineering = () => emulator.info.sites.find((site) => site.name === 'Engineering')!;
  const specifications = () => engineering().drives.find((d) => d.name === 'Specifications')!;
  const foldersPath = (parentId?: string) =>
    `${BASE}/connections/${accountId}/sites/${encodeURIComponent(engineering().id)}/drives/${
      specifications().id
    }/folders${parentId ? `?parentId=${parentId}` : ''}`;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI },
    });
    const readers = await createRole(app.strapi, {
      name: 'Readers',
      actions: [PERMISSIONS.read],
    });
    bob = await createAdmin(app.strapi, { email: 'bob@example.com', roles: [readers] });
    carol = await createAdmin(app.strapi, { email: 'carol@example.com', roles: [readers] });
    admin = await createAdmin(app.strapi, { email: 'root@example.com', roles: 'super' });

    const started = await api(bob).post(`${BASE}/connections`).send({ kind: 'sharepoint' });
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'] ?? [])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    const redirect = await signInAtMicrosoft(
      emulator.info,
      started.body.data.authorizationUrl,
      alex().id
    );
    const back = await app.http.get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
    accountId = Number(new URL(back.headers.location, 'http://x').searchParams.get('account'));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('browses the library with the account, connects one folder, and syncs only its subtree', async () => {
    const library = specifications().id;
    const designs = await control.createItem(library, { name: 'Designs', folder: true });
    const current = await control.createItem(library, {
      name: 'Current',
      folder: true,
      parentId: designs.id,
    });
    await control.createItem(library, { name: 'spec.txt', parentId: current.id, size: 10 });
    await control.createItem(library, { name: 'old.txt', parentId: designs.id, size: 10 });

    const top = await api(bob).get(foldersPath());
    expect(top.status).toBe(200);
    expect(top.body.data.folders.map((f: { name: string }) => f.name)).toContain('Designs');
    const inside = await api(bob).get(foldersPath(designs.id));
    expect(inside.body.data.folders).toEqual([
      expect.objectContaining({ id: current.id, path: 'Designs/Current' }),
    ]);

    // Another user cannot browse with Bob's account, even knowing its id.
    expect((await api(carol).get(foldersPath())).status).toBe(404);
    // Outside the allowed sites: refused, as the library itself would be.
    const marketing = emulator.info.sites.find((site) => site.name === 'Marketing')!;
    await api(admin)
      .put(`${BASE}/settings`)
      .send({ allowedSiteIds: [marketing.id] });
    expect((await api(bob).get(foldersPath())).status).toBe(403);
    await api(admin).put(`${BASE}/settings`).send({ allowedSiteIds: [] });

    const connect = (body: object) =>
      api(bob)
        .post(`${BASE}/connections/${accountId}/drives`)
        .send({ siteId: engineering().id, driveId: library, ...body });
    const bad = await connect({ folderId: 'nope' });
    expect(bad.status).toBe(404);
    expect(await app.strapi.db.query(UID.drive).count({ where: { ownerId: bob.user.id } })).toBe(0);

    const added = await connect({ folderId: current.id });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({
      scope: 'personal',
      folderItemId: current.id,
      folderPath: 'Designs/Current',
      libraryName: 'Specifications',
    });
    const run = await api(bob).post(`${BASE}/drives/${added.body.data.id}/sync?wait=true`);
    expect(run.body.data.status).toBe('succeeded');
    expect((await syncedTree(app.strapi, added.body.data.id)).map((entry) => entry.path)).toEqual([
      '/spec.txt',
    ]);
    // The whole library can still be connected beside it.
    expect((await connect({})).status).toBe(201);
  });
});
