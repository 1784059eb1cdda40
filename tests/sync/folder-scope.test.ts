/**
 * One folder of a library as a drive, end to end: a real Strapi, the emulator over HTTPS. The drive
 * follows the library's root delta feed and keeps exactly the folder's subtree; every case below is
 * checked against the emulator's true tree, cut to the folder.
 */
import { ControlClient, type TreeEntry } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { PERMISSIONS } from '../../shared/permissions';
import { adminRequest, createAdmin, createRole, syncAndWait } from '../../testkit/admin';
import { syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('a drive limited to one folder of a library', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let siteId: string;
  let libraryId: string;
  let libraryUrl: string;
  let driveId: number;
  /** The emulator's ids by path ("/HR/Policies"), as created. */
  const ids: Record<string, string> = {};

  const api = (as = token) => adminRequest(app.http, as);
  const sync = () => syncAndWait(api(), driveId);
  const drive = async () => (await api().get(`${BASE}/drives/${driveId}`)).body.data;

  async function create(path: string, folder = false) {
    const at = path.lastIndexOf('/');
    const parent = path.slice(0, at);
    const item = await control.createItem(libraryId, {
      name: path.slice(at + 1),
      folder,
      ...(parent ? { parentId: ids[parent] } : {}),
      ...(folder ? {} : { size: 100, seed: path }),
    });
    ids[path] = item.id;
    return item.id;
  }

  /** The emulator's true tree below the folder, paths relative to it, as Strapi should hold it. */
  async function truthBelow(folderId: string) {
    const tree = await control.tree(libraryId);
    const folder = tree.find((entry) => entry.id === folderId)!;
    const below = (entry: TreeEntry) => entry.path.startsWith(`${folder.path}/`);
    return tree
      .filter(below)
      .map((entry) => ({
        id: entry.id,
        parentId: entry.parentId,
        path: entry.path.slice(folder.path.length),
        name: entry.name,
        isFolder: entry.isFolder,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async function expectExactFolder(folderId: string) {
    const synced = (await syncedTree(app.strapi, driveId)).map(
      ({ id, parentId, path, name, isFolder }) => ({ id, parentId, path, name, isFolder })
    );
    const truth = await truthBelow(folderId);
    expect(truth.length).toBeGreaterThan(0);
    expect(synced).toEqual(truth);
    // The folder is the drive's one root row.
    const roots = await app.strapi.db
      .query(UID.driveItem)
      .findMany({ where: { driveId, isRoot: true }, select: ['remoteId'] });
    expect(roots).toEqual([{ remoteId: folderId }]);
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    token = (await createAdmin(app.strapi, { email: 'scope-super@example.com', roles: 'super' }))
      .token;
    siteId = emulator.info.sites[0].id;
    libraryId = (await control.createLibrary(siteId, 'Scoped')).id;
    const libraries = await api().get(`${BASE}/sites/${encodeURIComponent(siteId)}/drives`);
    libraryUrl = libraries.body.data.find((l: { id: string }) => l.id === libraryId).webUrl;

    await create('/HR', true);
    await create('/HR/Policies', true);
    await create('/HR/Policies/handbook.txt');
    await create('/HR/Policies/Leave', true);
    await create('/HR/Policies/Leave/leave.txt');
    await create('/HR/salaries.txt');
    await create('/Inbox', true);
    await create('/Inbox/Incoming', true);
    await create('/Inbox/Incoming/a.txt');
    await create('/Inbox/Incoming/Deep', true);
    await create('/Inbox/Incoming/Deep/b.txt');
    await create('/Archive', true);
    await create('/loose.txt');
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('browses the library’s folders for the picker (drive managers only)', async () => {
    const top = await api().get(
      `${BASE}/sites/${encodeURIComponent(siteId)}/drives/${libraryId}/folders`
    );
    expect(top.status).toBe(200);
    expect(top.body.data.folder).toMatchObject({ path: '' });
    expect(top.body.data.folders.map((f: { name: string }) => f.name)).toEqual([
      'Archive',
      'HR',
      'Inbox',
    ]);
    const hr = await api().get(
      `${BASE}/sites/${encodeURIComponent(siteId)}/drives/${libraryId}/folders?parentId=${ids['/HR']}`
    );
    expect(hr.body.data.folder).toMatchObject({ id: ids['/HR'], path: 'HR' });
    expect(hr.body.data.folders).toEqual([
      expect.objectContaining({ id: ids['/HR/Policies'], name: 'Policies', path: 'HR/Policies' }),
    ]);
    const file = await api().get(
      `${BASE}/sites/${encodeURIComponent(siteId)}/drives/${libraryId}/folders?parentId=${ids['/loose.txt']}`
    );
    expect(file.status).toBe(400);
    expect(file.body.error.message).toBe('This item is a file, not a folder');
  });

  it('refuses bad folder choices clearly, and stores nothing', async () => {
    const before = await app.strapi.db.query(UID.drive).count();
    const connect = (body: object) =>
      api()
        .post(`${BASE}/drives`)
        .send({ siteId, driveId: libraryId, ...body });
    const cases: Array<[object, number, RegExp]> = [
      [{ folderId: ids['/HR'], folderUrl: `${libraryUrl}/HR` }, 400, /not both/],
      [{ folderUrl: `${libraryUrl}/loose.txt` }, 400, /a file, not a folder/],
      [{ folderUrl: 'not a url' }, 400, /not a valid URL/],
      [{ folderUrl: libraryUrl.replace('https:', 'http:') + '/HR' }, 400, /https/],
      [{ folderUrl: `${libraryUrl}/HR/Nowhere` }, 404, /not found in this library/],
      [{ folderId: 'no-such-item' }, 404, /not found in this library/],
      [{ folderId: ids['/loose.txt'] }, 400, /a file, not a folder/],
      [{ folderId: '' }, 400, /folderId/],
      [{ folder: ids['/HR'] }, 400, /folder/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await connect(body);
      expect({ body, status: answer.status }).toEqual({ body, status });
      expect(answer.body.error.message).toMatch(message);
    }
    // A folder of another library (the site's first one) given with this library.
    const other = emulator.info.sites[0].drives.find((d) => d.id !== libraryId)!;
    const otherLibrary = await api().get(`${BASE}/sites/${encodeURIComponent(siteId)}/drives`);
    const otherUrl = otherLibrary.body.data.find((l: { id: string }) => l.id === other.id).webUrl;
    const otherFolder = await control.createItem(other.id, { name: 'Elsewhere', folder: true });
    const foreign = await connect({ folderUrl: `${otherUrl}/Elsewhere` });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toBe('This folder is in another library');
    const foreignId = await connect({ folderId: otherFolder.id });
    expect(foreignId.status).toBe(404);
    expect(await app.strapi.db.query(UID.drive).count()).toBe(before);
  });

  it('connects a folder pasted as a SharePoint URL and syncs exactly its subtree', async () => {
    // As a browser shows a library's folder: the view page naming the folder in `id`.
    const url = new URL(libraryUrl);
    const viewUrl = `${libraryUrl}/Forms/AllItems.aspx?id=${encodeURIComponent(`${decodeURI(url.pathname)}/HR/Policies`)}`;
    const created = await api()
      .post(`${BASE}/drives`)
      .send({ siteId, driveId: libraryId, folderUrl: viewUrl, name: 'HR policies' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'HR policies',
      folderItemId: ids['/HR/Policies'],
      folderPath: 'HR/Policies',
      libraryName: 'Scoped',
    });
    driveId = created.body.data.id;
    const run = await sync();
    expect(run.status).toBe('succeeded');
    await expectExactFolder(ids['/HR/Policies']);

    // The drive's root is the folder: its listing is the folder's content.
    const listed = await api().get(`${BASE}/drives/${driveId}/children`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((item: { name: string }) => item.name)).toEqual([
      'Leave',
      'handbook.txt',
    ]);
    // The same folder again is refused; the whole library is still free to connect.
    const again = await api()
      .post(`${BASE}/drives`)
      .send({ siteId, driveId: libraryId, folderId: ids['/HR/Policies'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('This folder is already connected as a platform drive');
  });

  it('takes in a file moved into the folder from outside', async () => {
    await control.moveItem(libraryId, ids['/loose.txt'], ids['/HR/Policies']);
    const run = await sync();
    expect(run.fullEnumeration).toBe(false);
    await expectExactFolder(ids['/HR/Policies']);
  });

  it('takes in a whole folder moved in, listing the subtree delta does not report', async () => {
    await control.moveItem(libraryId, ids['/Inbox/Incoming'], ids['/HR/Policies/Leave']);
    const run = await sync();
    expect(run.fullEnumeration).toBe(false);
    await expectExactFolder(ids['/HR/Policies']);
    const synced = await syncedTree(app.strapi, driveId);
    expect(synced.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(['/Leave/Incoming/Deep/b.txt', '/Leave/Incoming/a.txt'])
    );
  });

  it('removes items moved out (a file, and a folder with everything below it)', async () => {
    await control.moveItem(libraryId, ids['/HR/Policies/handbook.txt'], ids['/HR']);
    await control.moveItem(libraryId, ids['/HR/Policies/Leave'], ids['/Archive']);
    const run = await sync();
    expect(run.itemsDeleted).toBeGreaterThanOrEqual(2);
    await expectExactFolder(ids['/HR/Policies']);
    const gone = await app.strapi.db.query(UID.driveItem).count({
      where: {
        driveId,
        remoteId: { $in: [ids['/HR/Policies/Leave'], ids['/Inbox/Incoming/Deep/b.txt']] },
      },
    });
    expect(gone).toBe(0);
  });

  it('ignores changes elsewhere in the library', async () => {
    await create('/HR/outside-new.txt');
    await control.modifyItem(libraryId, ids['/HR/salaries.txt'], { size: 321 });
    const before = await syncedTree(app.strapi, driveId);
    const run = await sync();
    expect(run.itemsAdded).toBe(0);
    expect(await syncedTree(app.strapi, driveId)).toEqual(before);
  });

  it('stays the same drive when its folder is renamed, then moved, and shows the new path', async () => {
    await create('/HR/Policies/new.txt');
    await control.renameItem(libraryId, ids['/HR/Policies'], 'Rules');
    let run = await sync();
    expect(run.fullEnumeration).toBe(false);
    await expectExactFolder(ids['/HR/Policies']);
    expect(await drive()).toMatchObject({ folderPath: 'HR/Rules', status: 'ok' });

    await control.moveItem(libraryId, ids['/HR/Policies'], ids['/Archive']);
    run = await sync();
    await expectExactFolder(ids['/HR/Policies']);
    expect(await drive()).toMatchObject({
      folderItemId: ids['/HR/Policies'],
      folderPath: 'Archive/Rules',
    });
  });

  it('rebuilds exactly the folder when the delta token expires (full enumeration)', async () => {
    await create('/HR/Policies/after-resync.txt');
    await control.moveItem(libraryId, ids['/Inbox/Incoming/a.txt'], ids['/HR/Policies']);
    await control.invalidateDeltaTokens(libraryId);
    const run = await sync();
    expect(run.fullEnumeration).toBe(true);
    await expectExactFolder(ids['/HR/Policies']);
  });

  it('writes into the folder only, and refuses ids outside it as outside the folder', async () => {
    const folderId = ids['/HR/Policies'];
    const made = await api()
      .post(`${BASE}/drives/${driveId}/folders`)
      .send({ parentId: folderId, name: 'Made here' });
    expect(made.status).toBe(201);
    const tree = await control.tree(libraryId);
    expect(tree.find((entry) => entry.name === 'Made here')?.parentId).toBe(folderId);

    const outside = ids['/HR'];
    const refusals = [
      await api().post(`${BASE}/drives/${driveId}/folders`).send({ parentId: outside, name: 'x' }),
      await api()
        .post(`${BASE}/drives/${driveId}/uploads`)
        .send({ parentId: outside, name: 'x.txt', size: 1, conflictBehavior: 'fail' }),
      await api().get(`${BASE}/drives/${driveId}/children?parentId=${outside}`),
      await api().get(`${BASE}/drives/${driveId}/items/${ids['/HR/salaries.txt']}/content`),
      await api()
        .patch(`${BASE}/drives/${driveId}/items/${ids['/HR/salaries.txt']}`)
        .send({ name: 'y.txt' }),
      await api().delete(`${BASE}/drives/${driveId}/items/${ids['/HR/salaries.txt']}`),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.details.code).toBe('outsideFolder');
      expect(answer.body.error.message).toMatch(
        /not in this drive's folder \(Scoped › Archive \/ Rules\)/
      );
    }
    // Nothing changed outside.
    const after = await control.tree(libraryId);
    expect(after.find((entry) => entry.id === ids['/HR/salaries.txt'])?.name).toBe('salaries.txt');
    expect(after.filter((entry) => entry.parentId === outside).map((e) => e.name)).not.toContain(
      'x'
    );
  });

  it('lets a read-only role browse the folder but change nothing', async () => {
    const readerRole = await createRole(app.strapi, {
      name: 'Scope readers',
      actions: [PERMISSIONS.read],
    });
    const reader = (
      await createAdmin(app.strapi, { email: 'scope-reader@example.com', roles: [readerRole] })
    ).token;
    await api()
      .put(`${BASE}/drives/${driveId}`)
      .send({ roles: [{ roleId: readerRole, access: 'read' }] });
    const treeBefore = await control.tree(libraryId);
    const drivesBefore = await app.strapi.db.query(UID.drive).count();

    const listed = await api(reader).get(`${BASE}/drives/${driveId}/children`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.length).toBeGreaterThan(0);
    const seen = await api(reader).get(`${BASE}/drives`);
    expect(seen.body.data).toEqual([
      expect.objectContaining({ id: driveId, folderPath: 'Archive/Rules', libraryName: 'Scoped' }),
    ]);

    const attempts = [
      await api(reader)
        .post(`${BASE}/drives/${driveId}/folders`)
        .send({ parentId: ids['/HR/Policies'], name: 'nope' }),
      await api(reader).delete(`${BASE}/drives/${driveId}/items/${ids['/HR/Policies/new.txt']}`),
      await api(reader)
        .post(`${BASE}/drives`)
        .send({ siteId, driveId: libraryId, folderId: ids['/Archive'] }),
      await api(reader).get(
        `${BASE}/sites/${encodeURIComponent(siteId)}/drives/${libraryId}/folders`
      ),
      await api(reader).put(`${BASE}/drives/${driveId}`).send({ name: 'renamed' }),
      await api(reader).delete(`${BASE}/drives/${driveId}`),
    ];
    for (const answer of attempts) expect(answer.status).toBe(403);
    expect(await control.tree(libraryId)).toEqual(treeBefore);
    expect(await app.strapi.db.query(UID.drive).count()).toBe(drivesBefore);
    expect(await drive()).toMatchObject({ name: 'HR policies' });
  });

  it('shows a deleted folder clearly, keeps the rows and history, and stops syncing it', async () => {
    const rowsBefore = await app.strapi.db.query(UID.driveItem).count({ where: { driveId } });
    const runsBefore = (await api().get(`${BASE}/drives/${driveId}/runs`)).body.data.length;
    await control.deleteItem(libraryId, ids['/HR/Policies']);
    const answer = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(answer.status).toBe(410);
    expect(answer.body.error.details.code).toBe('folderDeleted');

    const shown = await drive();
    expect(shown.status).toBe('folder_deleted');
    expect(shown.lastError).toMatchObject({ code: 'folderDeleted' });
    expect(await app.strapi.db.query(UID.driveItem).count({ where: { driveId } })).toBe(rowsBefore);
    const runs = (await api().get(`${BASE}/drives/${driveId}/runs`)).body.data;
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]).toMatchObject({ status: 'failed', error: { code: 'folderDeleted' } });

    // Not scheduled any more: the scan of due drives leaves it out.
    const { createDriveTable } = await import('../../server/src/drives/table');
    const due = await createDriveTable(app.strapi).dueForSync(
      new Date(Date.now() + 3_600_000),
      new Date(Date.now() + 3_600_000)
    );
    expect(due).not.toContain(driveId);
    // A manual sync checks again, and still finds it gone.
    const again = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(again.body.error.details.code).toBe('folderDeleted');
    expect(await app.strapi.db.query(UID.driveItem).count({ where: { driveId } })).toBe(rowsBefore);
  });
});
