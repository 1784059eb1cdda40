import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

/**
 * `POST .../createLink` as Microsoft documents it: 201 for a new link, 200 with the same link when
 * one of that type and scope exists for the calling app, a permission resource with
 * `link { type, scope, webUrl }`, write access required, bad input refused.
 */
describe('emulated Graph: createLink (sharing links)', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  let fileId: string;
  let folderId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  const createLink = (itemId: string, body: unknown, as = token) =>
    http(emulator, 'POST', graph(`/drives/${driveId}/items/${itemId}/createLink`), {
      token: as,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
    const folder = await emulator.control.createItem(driveId, { name: 'Shared', folder: true });
    folderId = folder.id;
    fileId = (
      await emulator.control.createItem(driveId, {
        parentId: folder.id,
        name: 'brief.pdf',
        size: 1200,
      })
    ).id;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('creates an organization view link (201), then returns the same link (200)', async () => {
    const created = await createLink(fileId, { type: 'view', scope: 'organization' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      roles: ['read'],
      link: {
        type: 'view',
        scope: 'organization',
        webUrl: expect.stringMatching(/^https:\/\/[^/]+\/:u:\/g\/E/),
        application: { id: emulator.info.clientId },
      },
    });
    const again = await createLink(fileId, { type: 'view', scope: 'organization' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.link.webUrl).toBe(created.body.link.webUrl);
  });

  it('defaults to the organization scope, and another type or scope is another link', async () => {
    const folderLink = await createLink(folderId, { type: 'view' });
    expect(folderLink.status).toBe(201);
    expect(folderLink.body.link).toMatchObject({ type: 'view', scope: 'organization' });
    expect(folderLink.body.link.webUrl).toMatch(/\/:f:\/g\//);

    const edit = await createLink(folderId, { type: 'edit', scope: 'organization' });
    expect(edit.status).toBe(201);
    expect(edit.body.roles).toEqual(['write']);
    expect(edit.body.link.webUrl).not.toBe(folderLink.body.link.webUrl);

    const people = await createLink(folderId, { type: 'view', scope: 'users' });
    expect(people.status).toBe(201);
    expect(people.body.link.scope).toBe('users');
    expect(people.body.id).not.toBe(folderLink.body.id);

    const links = await emulator.control.sharingLinks(driveId, folderId);
    expect(links.map((link) => `${link.type}/${link.scope}`).sort()).toEqual([
      'edit/organization',
      'view/organization',
      'view/users',
    ]);
    expect(links.every((link) => link.createdBy.kind === 'app')).toBe(true);
  });

  it('addresses an item by path as well', async () => {
    const byPath = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root:/Shared/brief.pdf:/createLink`),
      {
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'view', scope: 'organization' }),
      }
    );
    expect(byPath.status).toBe(200);
    expect(byPath.body.link.scope).toBe('organization');
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const before = (await emulator.control.sharingLinks(driveId, fileId)).length;
    for (const body of [
      {},
      { type: 'download' },
      { type: 'view', scope: 'everyone' },
      { type: 'view', scope: 42 },
      // Embed links are for OneDrive personal only; this is a work tenant.
      { type: 'embed' },
    ]) {
      const refused = await createLink(fileId, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalidRequest');
    }
    expect(await emulator.control.sharingLinks(driveId, fileId)).toHaveLength(before);
  });

  it('answers 404 for a missing item', async () => {
    const missing = await createLink('01NOTANITEMAAAAAAAAAAAAAAAAAAAAAAA', { type: 'view' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('itemNotFound');
  });

  it('needs write permission: an app with Sites.Read.All is refused (403)', async () => {
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    const refused = await createLink(fileId, { type: 'view', scope: 'organization' }, reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('accessDenied');
  });

  it('charges a permission operation: 5 resource units', async () => {
    const before = (await emulator.control.stats()).resourceUnits;
    const created = await createLink(fileId, { type: 'edit', scope: 'organization' });
    expect(created.status).toBe(201);
    expect((await emulator.control.stats()).resourceUnits - before).toBe(5);
  });
});
