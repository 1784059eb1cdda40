/**
 * The isolation matrix: a user reaches no drive that is not theirs to see, through any route that
 * takes a drive id (listing, reading, syncing, downloading, uploading, changing, disconnecting),
 * even guessing ids. Every attempt answers 403 or 404, sends nothing to Microsoft and changes
 * nothing in Strapi.
 */
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { adminRoutes } from '../../server/src/routes/admin';
import { adminEditorRoutes } from '../../server/src/routes/admin-editors';
import { adminFileRoutes } from '../../server/src/routes/admin-files';
import { adminFileVersionRoutes } from '../../server/src/routes/admin-file-versions';
import { adminLibraryColumnRoutes } from '../../server/src/routes/admin-library-columns';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';
const READ = PERMISSIONS.read;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A body each write route would accept from someone allowed to use it. */
const bodies = (parentId: string): Record<string, object> => ({
  'POST /drives/:id/uploads': { parentId, name: 'probe.txt', size: 5, conflictBehavior: 'rename' },
  'PATCH /drives/:id/items/:itemId': { name: 'renamed.txt' },
  'POST /drives/:id/folders': { parentId, name: 'New folder' },
  'PUT /drives/:id': { name: 'Taken over' },
  // A well-formed tree, so the access check (not the body's) is what answers.
  'POST /drives/:id/items/:itemId/folder-upload/check': { files: [{ path: 'a/b.txt', size: 1 }] },
  'POST /drives/:id/items/:itemId/folder-upload': { files: [{ path: 'a/b.txt', size: 1 }] },
  'PUT /drives/:id/library-columns': { kept: [], published: [] },
});

describe('isolation: users reach only their own and their roles’ drives', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let alice: CreatedAdmin;
  let bob: CreatedAdmin;
  let admin: CreatedAdmin;
  let readers: number;
  let marketing: number;
  let bobsDrive: { id: number; itemId: string; remoteDriveId: string };
  let marketingDrive: { id: number; itemId: string; remoteDriveId: string };

  const api = (who: CreatedAdmin) => adminRequest(app.http, who.token);

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
    readers = await createRole(app.strapi, { name: 'Readers', actions: [READ] });
    marketing = await createRole(app.strapi, { name: 'Marketing', actions: [READ] });
    alice = await createAdmin(app.strapi, { email: 'alice@example.com', roles: [readers] });
    bob = await createAdmin(app.strapi, { email: 'bob@example.com', roles: [marketing] });
    admin = await createAdmin(app.strapi, { email: 'root@example.com', roles: 'super' });

    // Bob's own OneDrive.
    const started = await api(bob).post(`${BASE}/connections`).send({ kind: 'onedrive' });
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    const megan = emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
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

    // A platform drive for the Marketing role only (read-write).
    const site = emulator.info.sites.find((s) => s.name === 'Marketing')!;
    const created = await api(admin)
      .post(`${BASE}/drives`)
      .send({
        siteId: site.id,
        driveId: site.drives[0].id,
        roles: [{ roleId: marketing, access: 'write' }],
      });
    await api(admin).post(`${BASE}/drives/${created.body.data.id}/sync?wait=true`);
    marketingDrive = {
      id: created.body.data.id,
      itemId: await firstFile(created.body.data.id),
      remoteDriveId: site.drives[0].id,
    };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('lists neither Bob’s personal drive nor a platform drive outside Alice’s roles', async () => {
    const listed = (await api(alice).get(`${BASE}/drives`)).body.data as Array<{ id: number }>;
    expect(listed.map((drive) => drive.id)).not.toContain(bobsDrive.id);
    expect(listed.map((drive) => drive.id)).not.toContain(marketingDrive.id);
    // Bob sees both of his.
    const bobs = (await api(bob).get(`${BASE}/drives`)).body.data as Array<{ id: number }>;
    expect(bobs.map((drive) => drive.id).sort()).toEqual([bobsDrive.id, marketingDrive.id].sort());
  });

  const driveRoutes = [
    ...adminRoutes,
    ...adminFileRoutes,
    ...adminFileVersionRoutes,
    ...adminLibraryColumnRoutes,
    ...adminEditorRoutes,
  ].filter((route) => route.path.includes(':id'));

  it.each([
    ['Bob’s personal drive', () => bobsDrive],
    ['a platform drive outside Alice’s roles', () => marketingDrive],
    ['a drive id that does not exist', () => ({ id: 999_999, itemId: 'x', remoteDriveId: 'x' })],
  ])('refuses every drive route on %s and changes nothing', async (_label, target) => {
    const drive = target();
    const treeBefore = drive.id === 999_999 ? [] : await control.tree(drive.remoteDriveId);
    const rowBefore = await app.strapi.db.query(UID.drive).findOne({ where: { id: drive.id } });
    const mark = await control.mark();
    expect(driveRoutes.length).toBeGreaterThanOrEqual(20);
    for (const route of driveRoutes) {
      const path = route.path
        .replace(':id', String(drive.id))
        .replace(':itemId', encodeURIComponent(drive.itemId))
        .replace(':uploadId', 'guessed-upload')
        .replace(':versionId', '1.0');
      const method = route.method.toLowerCase() as Method;
      const request = api(alice)[method](`${BASE}${path}?parentId=${drive.itemId}`);
      const body = bodies(drive.itemId)[`${route.method} ${route.path}`];
      const answer = await (body ? request.send(body) : request);
      if (![403, 404].includes(answer.status)) {
        throw new Error(`${route.method} ${route.path} answered ${answer.status}`);
      }
      expect(JSON.stringify(answer.body)).not.toContain(
        drive.itemId === 'x' ? '\u0000' : drive.itemId
      );
    }
    const stats = await control.stats(mark);
    expect(stats.graphRequests).toBe(0);
    if (drive.id !== 999_999) expect(await control.tree(drive.remoteDriveId)).toEqual(treeBefore);
    expect(await app.strapi.db.query(UID.drive).findOne({ where: { id: drive.id } })).toEqual(
      rowBefore
    );
  });

  it('applies role changes at once: read-only roles browse but cannot write or disconnect', async () => {
    const drivePath = `${BASE}/drives/${marketingDrive.id}`;
    const grant = (roles: Array<{ roleId: number; access: string }>) =>
      api(admin).put(drivePath).send({ roles });
    await grant([
      { roleId: marketing, access: 'write' },
      { roleId: readers, access: 'read' },
    ]);
    try {
      expect((await api(alice).get(drivePath)).status).toBe(200);
      expect((await api(alice).get(`${drivePath}/children`)).status).toBe(200);
      const mark = await control.mark();
      const folder = await api(alice)
        .post(`${drivePath}/folders`)
        .send({ parentId: marketingDrive.itemId, name: 'Not allowed' });
      expect(folder.status).toBe(403);
      expect(
        (await api(alice).delete(`${drivePath}/items/${encodeURIComponent(marketingDrive.itemId)}`))
          .status
      ).toBe(403);
      expect((await api(alice).delete(drivePath)).status).toBe(403);
      expect((await control.stats(mark)).graphRequests).toBe(0);
    } finally {
      await grant([{ roleId: marketing, access: 'write' }]);
    }
    expect((await api(alice).get(drivePath)).status).toBe(404);
  });
});
