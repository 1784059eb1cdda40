/**
 * "Copy link" through the admin API (issue 22): a real Strapi and the emulator. A reader of a
 * platform drive gets an organization view link, the same one again on the next call; a personal
 * drive's link is created with its owner's delegated token and nobody else reaches it; the
 * admin's switch (which follows Downloads unless set) and the drive's scope turn links off; bad
 * input is refused and creates nothing in Microsoft 365.
 */
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';

interface TestDrive {
  id: number;
  itemId: string;
  remoteDriveId: string;
}

describe('sharing links (Copy link)', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let alice: CreatedAdmin;
  let bob: CreatedAdmin;
  let outsider: CreatedAdmin;
  let root: CreatedAdmin;
  let megan: { id: string; driveId: string };
  let platform: TestDrive;
  let bobsDrive: TestDrive;

  const api = (who: CreatedAdmin) => adminRequest(app.http, who.token);
  const linkPath = (drive: TestDrive, itemId = drive.itemId) =>
    `${BASE}/drives/${drive.id}/items/${encodeURIComponent(itemId)}/link`;
  const createLink = (who: CreatedAdmin, drive: TestDrive, body: object = {}, itemId?: string) =>
    api(who).post(linkPath(drive, itemId)).send(body);
  const linksInMicrosoft = (drive: TestDrive) =>
    control.sharingLinks(drive.remoteDriveId, drive.itemId);
  const setSettings = async (update: object) =>
    expect((await api(root).put(`${BASE}/settings`).send(update)).status).toBe(200);

  const firstFile = async (driveId: number) => {
    const row = (await app.strapi.db.query(UID.driveItem).findOne({
      where: { driveId, isFolder: false, deleted: false },
    })) as { remoteId: string };
    return row.remoteId;
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI },
    });
    const readers = await createRole(app.strapi, {
      name: 'Link readers',
      actions: [PERMISSIONS.read],
    });
    const others = await createRole(app.strapi, {
      name: 'Link others',
      actions: [PERMISSIONS.read],
    });
    alice = await createAdmin(app.strapi, { email: 'alice-links@example.com', roles: [readers] });
    bob = await createAdmin(app.strapi, { email: 'bob-links@example.com', roles: [others] });
    outsider = await createAdmin(app.strapi, { email: 'out-links@example.com', roles: [others] });
    root = await createAdmin(app.strapi, { email: 'root-links@example.com', roles: 'super' });

    // A platform drive the readers may only read.
    const site = emulator.info.sites.find((s) => s.name === 'Marketing')!;
    const created = await api(root)
      .post(`${BASE}/drives`)
      .send({
        siteId: site.id,
        driveId: site.drives[0].id,
        roles: [{ roleId: readers, access: 'read' }],
      });
    expect(created.status).toBe(201);
    const platformId = created.body.data.id as number;
    await api(root).post(`${BASE}/drives/${platformId}/sync?wait=true`);
    platform = {
      id: platformId,
      itemId: await firstFile(platformId),
      remoteDriveId: site.drives[0].id,
    };

    // Bob's own OneDrive, signed in as Megan.
    const started = await api(bob).post(`${BASE}/connections`).send({ kind: 'onedrive' });
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    megan = emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
    const redirect = await signInAtMicrosoft(
      emulator.info,
      started.body.data.authorizationUrl,
      megan.id
    );
    const back = await app.http.get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
    const bobsId = Number(
      new URL(back.headers.location, REDIRECT_URI).searchParams.get('connected')
    );
    await api(bob).post(`${BASE}/drives/${bobsId}/sync?wait=true`);
    bobsDrive = { id: bobsId, itemId: await firstFile(bobsId), remoteDriveId: megan.driveId };
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('gives a reader an organization view link, and the same link again', async () => {
    const first = await createLink(alice, platform);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      webUrl: expect.stringMatching(/^https:\/\//),
      type: 'view',
      scope: 'organization',
    });
    const again = await createLink(alice, platform, { type: 'view', scope: 'organization' });
    expect(again.status).toBe(200);
    expect(again.body.data.webUrl).toBe(first.body.data.webUrl);

    // One link in Microsoft 365, made with the app's token (a platform drive has no other).
    const links = await linksInMicrosoft(platform);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      type: 'view',
      scope: 'organization',
      webUrl: first.body.data.webUrl,
      createdBy: { kind: 'app' },
    });
  });

  it('shows each drive the scope its links get', async () => {
    const drive = (await api(alice).get(`${BASE}/drives/${platform.id}`)).body.data;
    expect(drive).toMatchObject({ linkScope: 'organization', sharingLinkScope: 'organization' });
    const availability = (await api(alice).get(`${BASE}/integration`)).body.data;
    expect(availability.sharingLinksOn).toBe(true);
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const before = (await linksInMicrosoft(platform)).length;
    for (const [body, message] of [
      [{ scope: 'anonymous' }, /organization/],
      [{ scope: 'users' }, /organization/],
      [{ type: 'edit' }, /view/],
      [{ type: 'embed' }, /view/],
      [{ password: 'secret' }, /Only type and scope/],
    ] as const) {
      const refused = await createLink(alice, platform, body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await linksInMicrosoft(platform)).toHaveLength(before);
  });

  it('answers 404 for an item or a drive that does not exist', async () => {
    const missing = await createLink(alice, platform, {}, '01NOSUCHITEMAAAAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    expect(missing.body.error.details.code).toBe('notFound');
    const noDrive = await createLink(alice, { ...platform, id: 987_654 });
    expect(noDrive.status).toBe(404);
  });

  it('creates a personal drive’s link with its owner’s delegated token, for the owner alone', async () => {
    // Nobody else reaches it: not a user of another role, not even a super admin.
    for (const who of [alice, outsider, root]) {
      const refused = await createLink(who, bobsDrive);
      expect(refused.status).toBe(404);
    }
    expect(await linksInMicrosoft(bobsDrive)).toHaveLength(0);

    const owned = await createLink(bob, bobsDrive);
    expect(owned.status).toBe(200);
    expect(owned.body.data.scope).toBe('organization');
    const links = await linksInMicrosoft(bobsDrive);
    expect(links).toHaveLength(1);
    expect(links[0].createdBy).toEqual({ kind: 'user', userId: megan.id });
    expect(links[0].webUrl).toBe(owned.body.data.webUrl);
    // Bob's drive is in nobody else's list, so neither is its link.
    const alicesDrives = (await api(alice).get(`${BASE}/drives`)).body.data as Array<{
      id: number;
    }>;
    expect(alicesDrives.map((drive) => drive.id)).not.toContain(bobsDrive.id);
  });

  it('refuses a platform drive outside the user’s roles with 404', async () => {
    const refused = await createLink(outsider, platform);
    expect(refused.status).toBe(404);
  });

  it('follows Downloads unless the admin sets the switch, and refuses with 403 when off', async () => {
    try {
      await setSettings({ downloadsEnabled: false });
      const settings = (await api(root).get(`${BASE}/settings`)).body.data;
      expect(settings.sharingLinksEnabled).toBeNull();
      const off = await createLink(alice, platform);
      expect(off.status).toBe(403);
      expect(off.body.error.details.code).toBe('sharingLinksDisabled');
      expect(
        (await api(alice).get(`${BASE}/drives/${platform.id}`)).body.data.sharingLinkScope
      ).toBeNull();
      expect((await api(alice).get(`${BASE}/integration`)).body.data.sharingLinksOn).toBe(false);

      // Turned on separately: links while downloads stay off.
      await setSettings({ sharingLinksEnabled: true });
      expect((await createLink(alice, platform)).status).toBe(200);

      // Turned off while downloads are on.
      await setSettings({ downloadsEnabled: true, sharingLinksEnabled: false });
      const refused = await createLink(bob, bobsDrive);
      expect(refused.status).toBe(403);
      expect(refused.body.error.details.code).toBe('sharingLinksDisabled');
    } finally {
      await setSettings({ downloadsEnabled: true, sharingLinksEnabled: null });
    }
    expect((await createLink(alice, platform)).status).toBe(200);
  });

  it('refuses a bad switch value and changes nothing', async () => {
    const refused = await api(root).put(`${BASE}/settings`).send({ sharingLinksEnabled: 'yes' });
    expect(refused.status).toBe(400);
    expect((await api(root).get(`${BASE}/settings`)).body.data.sharingLinksEnabled).toBeNull();
  });

  it('turns links off for one drive (scope none), and refuses other scopes', async () => {
    const bad = await api(root)
      .put(`${BASE}/drives/${platform.id}`)
      .send({ linkScope: 'anonymous' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/linkScope/);
    try {
      const none = await api(root).put(`${BASE}/drives/${platform.id}`).send({ linkScope: 'none' });
      expect(none.status).toBe(200);
      expect(none.body.data).toMatchObject({ linkScope: 'none', sharingLinkScope: null });
      const refused = await createLink(alice, platform);
      expect(refused.status).toBe(403);
      expect(refused.body.error.details.code).toBe('sharingLinksDisabled');
      expect(refused.body.error.message).toMatch(/this drive/);
      // Only drive managers set it (drives.manage): a reader may not.
      const reader = await api(alice)
        .put(`${BASE}/drives/${platform.id}`)
        .send({ linkScope: 'organization' });
      expect(reader.status).toBe(403);
    } finally {
      await api(root).put(`${BASE}/drives/${platform.id}`).send({ linkScope: 'organization' });
    }
    expect((await createLink(alice, platform)).status).toBe(200);
  });

  it('treats a drive stored before link scopes existed (no value) as organization', async () => {
    await app.strapi.db
      .query(UID.drive)
      .update({ where: { id: platform.id }, data: { linkScope: null } });
    const drive = (await api(alice).get(`${BASE}/drives/${platform.id}`)).body.data;
    expect(drive.sharingLinkScope).toBe('organization');
    expect((await createLink(alice, platform)).status).toBe(200);
  });
});
