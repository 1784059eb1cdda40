import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: sites, drives, items, permissions', () => {
  let emulator: HttpEmulator;
  let token: string;
  let marketing: HttpEmulator['info']['sites'][number];
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    marketing = emulator.info.sites.find((site) => site.name === 'Marketing')!;
  });
  afterAll(async () => {
    await emulator.close();
  });
  const get = (path: string, as = token, headers?: Record<string, string>) =>
    http(emulator, 'GET', path.startsWith('https:') ? path : `${emulator.info.graphUrl}${path}`, {
      token: as,
      headers,
    });

  it('seeds the demo tenant: two sites with two libraries, three users with a OneDrive', () => {
    expect(emulator.info.sites.map((site) => site.name).sort()).toEqual([
      'Engineering',
      'Marketing',
    ]);
    expect(emulator.info.sites.every((site) => site.drives.length === 2)).toBe(true);
    expect(emulator.info.users.map((user) => user.displayName)).toEqual([
      'Adele Vance',
      'Alex Wilber',
      'Megan Bowen',
    ]);
    expect(emulator.info.tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('keeps idle connections open for minutes, not Node’s 5 seconds', async () => {
    const response = await get('/sites/contoso.sharepoint.com:/sites/Marketing');
    const keepAlive = String(response.headers['keep-alive'] ?? '');
    expect(Number(/timeout=(\d+)/.exec(keepAlive)?.[1])).toBeGreaterThanOrEqual(60);
  });

  it('finds a site by URL under Sites.Selected', async () => {
    const response = await get('/sites/contoso.sharepoint.com:/sites/Marketing');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: marketing.id,
      displayName: 'Marketing',
      webUrl: marketing.webUrl,
    });
    const drives = await get('/sites/contoso.sharepoint.com:/sites/Marketing:/drives');
    expect(drives.body.value.map((drive: { name: string }) => drive.name)).toEqual([
      'Documents',
      'Campaigns',
    ]);
    expect((await get('/sites/contoso.sharepoint.com:/sites/Nope')).status).toBe(404);
  });

  it('needs Sites.Read.All to search sites; search=* lists all', async () => {
    const denied = await get('/sites?search=*');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    const all = await get('/sites?search=*', reader);
    expect(all.body.value).toHaveLength(2);
    const some = await get('/sites?search=engin', reader);
    expect(some.body.value.map((site: { displayName: string }) => site.displayName)).toEqual([
      'Engineering',
    ]);
  });

  it('answers 403 accessDenied for a site the app is not granted, 200 after a grant', async () => {
    const site = await emulator.control.createSite('Finance');
    expect((await get(`/sites/${site.id}`)).status).toBe(403);
    expect((await get(`/drives/${site.driveIds[0]}/root`)).status).toBe(403);
    await emulator.control.grantSite(emulator.info.clientId, site.id, 'read');
    expect((await get(`/sites/${site.id}`)).status).toBe(200);
    expect((await get(`/sites/${site.id}/drive/root`)).status).toBe(200);
    await emulator.control.revokeSite(emulator.info.clientId, site.id);
    expect((await get(`/sites/${site.id}/drive`)).status).toBe(403);
  });

  it('lists subsites under their parent, each with its own path, id and libraries', async () => {
    const subsite = await emulator.control.createSite('Events', {
      libraries: ['Programmes'],
      parentSiteId: marketing.id,
    });
    expect(subsite.webUrl).toBe(`${marketing.webUrl}/Events`);
    expect(subsite.id.split(',')[1]).toBe(marketing.id.split(',')[1]);
    expect(subsite.id).not.toBe(marketing.id);
    // A subsite is a site of its own: under Sites.Selected the app needs a grant on it.
    expect((await get(`/sites/${marketing.id}/sites`)).body.value).toEqual([]);
    await emulator.control.grantSite(emulator.info.clientId, subsite.id, 'read');
    const listed = await get(`/sites/${marketing.id}/sites`);
    expect(listed.status).toBe(200);
    expect(listed.body.value.map((site: { id: string }) => site.id)).toEqual([subsite.id]);
    const byUrl = await get('/sites/contoso.sharepoint.com:/sites/Marketing/Events');
    expect(byUrl.body.id).toBe(subsite.id);
    const parentLibraries = await get(`/sites/${marketing.id}/drives`);
    expect(parentLibraries.body.value.map((drive: { id: string }) => drive.id)).not.toContain(
      subsite.driveIds[0]
    );
    const ownLibraries = await get(`/sites/${subsite.id}/drives`);
    expect(ownLibraries.body.value.map((drive: { id: string }) => drive.id)).toEqual(
      subsite.driveIds
    );
  });

  it('denies OneDrives to a Sites.Selected app and serves them with Files.Read.All', async () => {
    const user = emulator.info.users[0];
    expect((await get(`/users/${user.id}/drive`)).status).toBe(403);
    const app = await emulator.control.createApp({ permissions: ['Files.Read.All'] });
    const filesToken = await appToken(emulator, app.clientId, app.clientSecret);
    const drive = await get(`/users/${user.id}/drive`, filesToken);
    expect(drive.status).toBe(200);
    expect(drive.body).toMatchObject({
      id: user.driveId,
      driveType: 'business',
      owner: { user: { id: user.id } },
    });
  });

  it('serves a drive with its quota and the root with the root facet', async () => {
    const driveId = marketing.drives[0].id;
    const drive = await get(`/drives/${driveId}`);
    expect(drive.body).toMatchObject({
      id: driveId,
      driveType: 'documentLibrary',
      name: 'Documents',
    });
    expect(drive.body.quota.used).toBeGreaterThan(0);
    expect(drive.body.quota.remaining).toBe(drive.body.quota.total - drive.body.quota.used);
    const root = await get(`/drives/${driveId}/root`);
    expect(root.body.root).toEqual({});
    expect(root.body.folder.childCount).toBeGreaterThan(0);
    expect(root.body.size).toBe(drive.body.quota.used);
    expect(root.body.cTag).toBeUndefined();
  });

  it('serves items by id and by path with Graph shapes', async () => {
    const driveId = marketing.drives[0].id;
    const tree = await emulator.control.tree(driveId);
    const file = tree.find((entry) => !entry.isFolder && entry.path.split('/').length > 2)!;
    const byId = await get(`/drives/${driveId}/items/${file.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id: file.id,
      name: file.name,
      eTag: file.eTag,
      cTag: file.cTag,
      size: file.size,
      file: { hashes: { quickXorHash: file.quickXorHash } },
      parentReference: { driveId, id: file.parentId, driveType: 'documentLibrary' },
      createdBy: { user: { displayName: expect.any(String), id: expect.any(String) } },
      fileSystemInfo: { createdDateTime: expect.any(String) },
    });
    expect(byId.body.parentReference.path).toBe(
      `/drives/${driveId}/root:${file.path.slice(0, file.path.lastIndexOf('/'))}`
    );
    expect(byId.body['@microsoft.graph.downloadUrl']).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(byId.body.webUrl).toBe(`${marketing.webUrl}/Shared%20Documents${encodeURI(file.path)}`);
    const byPath = await get(`/drives/${driveId}/root:${encodeURI(file.path)}`);
    expect(byPath.body.id).toBe(file.id);
    const byPathWithColon = await get(`/drives/${driveId}/root:${encodeURI(file.path)}:`);
    expect(byPathWithColon.body.id).toBe(file.id);
    const selected = await get(`/drives/${driveId}/items/${file.id}?$select=id,name,size`);
    expect(Object.keys(selected.body).sort()).toEqual(['id', 'name', 'size']);
  });

  it("answers 404 itemNotFound in Microsoft's error shape with request ids", async () => {
    const response = await get(`/drives/${marketing.drives[0].id}/items/01NOTTHERE`, token, {
      'client-request-id': 'abc-123',
    });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'itemNotFound',
      message: expect.any(String),
      innerError: {
        'client-request-id': 'abc-123',
        'request-id': expect.any(String),
        date: expect.any(String),
      },
    });
    expect(response.headers['client-request-id']).toBe('abc-123');
    expect(response.headers['request-id']).toBe(response.body.error.innerError['request-id']);
  });

  it('pages /children with nextLink and honours $top', async () => {
    const driveId = marketing.drives[0].id;
    const root = await get(`/drives/${driveId}/root`);
    const expected: number = root.body.folder.childCount;
    const names: string[] = [];
    let next: string | undefined = `/drives/${driveId}/root/children?$top=2&$select=id,name,folder`;
    let pages = 0;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      expect(page.body.value.length).toBeLessThanOrEqual(2);
      names.push(...page.body.value.map((item: { name: string }) => item.name));
      next = page.body['@odata.nextLink'];
      pages++;
    }
    expect(names).toHaveLength(expected);
    expect(new Set(names).size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 2));
  });

  it('counts requests per host and per route since a mark', async () => {
    const mark = await emulator.control.mark();
    await get(`/drives/${marketing.drives[0].id}/root`);
    await get(`/drives/${marketing.drives[0].id}/root/children`);
    await appToken(emulator);
    const stats = await emulator.control.stats(mark);
    expect(stats.graphRequests).toBe(2);
    expect(stats.byHost.identity).toBe(1);
    expect(stats.byRoute['graph GET /v1.0/drives/:driveId/items/:itemId']).toBe(1);
    expect(stats.byRoute['graph GET /v1.0/drives/:driveId/items/:itemId/children']).toBe(1);
  });

  it('reaches the same drive through /sites/{id}/drive and /drives/{id}, delta included', async () => {
    const viaSite = await get(`/sites/${marketing.id}/drive/root/delta?$top=5`);
    const viaDrive = await get(`/drives/${marketing.drives[0].id}/root/delta?$top=5`);
    expect(viaSite.status).toBe(200);
    expect(viaSite.body.value.map((item: { id: string }) => item.id)).toEqual(
      viaDrive.body.value.map((item: { id: string }) => item.id)
    );
  });

  it('answers 400 BadRequest for an unknown Graph segment', async () => {
    const response = await get('/drives/whatever/nonsense');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadRequest');
    expect(response.body.error.innerError['request-id']).toBeTruthy();
  });
});
