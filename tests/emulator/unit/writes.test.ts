import { quickXorHash } from '../../../emulator/src';
import {
  appToken,
  collectDelta,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: writes (PATCH, DELETE, folders, simple upload)', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  const json = (body: unknown) => ({
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[1].id;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('creates folders with conflictBehavior fail (409) and rename', async () => {
    const created = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root/children`),
      json({ name: 'Plans 2027', folder: {} })
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Plans 2027', folder: { childCount: 0 } });
    const clash = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root/children`),
      json({ name: 'plans 2027', folder: {}, '@microsoft.graph.conflictBehavior': 'fail' })
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('nameAlreadyExists');
    const renamed = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root/children`),
      json({ name: 'Plans 2027', folder: {}, '@microsoft.graph.conflictBehavior': 'rename' })
    );
    expect(renamed.body.name).toBe('Plans 2027 1');
    const nested = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root:/Plans 2027:/children`),
      json({ name: 'Q1', folder: {} })
    );
    expect(nested.status).toBe(201);
    expect(nested.body.parentReference.id).toBe(created.body.id);
  });

  it('uploads by path (201), replaces by default (200) and honours conflictBehavior=fail', async () => {
    const bytes = Buffer.from('hello from the emulator, '.repeat(100));
    const url = graph(`/drives/${driveId}/root:/Uploads/notes.txt:/content`);
    const first = await http(emulator, 'PUT', url, { token, body: bytes });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'notes.txt',
      size: bytes.length,
      file: { hashes: { quickXorHash: quickXorHash(bytes) }, mimeType: 'text/plain' },
    });
    const second = Buffer.from('second version');
    const replaced = await http(emulator, 'PUT', url, { token, body: second });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(first.body.id);
    expect(replaced.body.cTag).not.toBe(first.body.cTag);
    const failed = await http(emulator, 'PUT', `${url}?@microsoft.graph.conflictBehavior=fail`, {
      token,
      body: second,
    });
    expect(failed.status).toBe(409);
    const download = await http(emulator, 'GET', replaced.body['@microsoft.graph.downloadUrl']);
    expect(download.text).toBe('second version');
    const byParent = await http(
      emulator,
      'PUT',
      graph(`/drives/${driveId}/items/${first.body.parentReference.id}:/other.txt:/content`),
      { token, body: Buffer.from('x') }
    );
    expect(byParent.status).toBe(201);
  });

  it('renames and moves with PATCH (409 on a clash, 412 on a stale if-match); delta returns only the item', async () => {
    const { deltaLink } = await collectDelta(
      emulator,
      token,
      graph(`/drives/${driveId}/root/delta`)
    );
    const folder = (
      await http(
        emulator,
        'POST',
        graph(`/drives/${driveId}/root/children`),
        json({ name: 'Target', folder: {} })
      )
    ).body;
    const file = (
      await http(emulator, 'PUT', graph(`/drives/${driveId}/root:/move-me.txt:/content`), {
        token,
        body: Buffer.from('m'),
      })
    ).body;
    await http(emulator, 'PUT', graph(`/drives/${driveId}/root:/Target/taken.txt:/content`), {
      token,
      body: Buffer.from('t'),
    });
    const clash = await http(
      emulator,
      'PATCH',
      graph(`/drives/${driveId}/items/${file.id}`),
      json({ name: 'taken.txt', parentReference: { id: folder.id } })
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('nameAlreadyExists');
    const stale = await http(emulator, 'PATCH', graph(`/drives/${driveId}/items/${file.id}`), {
      ...json({ name: 'x.txt' }),
      headers: {
        'content-type': 'application/json',
        'if-match': '"{00000000-0000-0000-0000-000000000000},1"',
      },
    });
    expect(stale.status).toBe(412);
    const moved = await http(emulator, 'PATCH', graph(`/drives/${driveId}/items/${file.id}`), {
      ...json({ name: 'moved.txt', parentReference: { id: folder.id } }),
      headers: { 'content-type': 'application/json', 'if-match': file.eTag },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      name: 'moved.txt',
      parentReference: { id: folder.id, path: `/drives/${driveId}/root:/Target` },
    });
    const renamedFolder = await http(
      emulator,
      'PATCH',
      graph(`/drives/${driveId}/items/${folder.id}`),
      json({ name: 'Target renamed' })
    );
    expect(renamedFolder.status).toBe(200);
    const changes = await collectDelta(emulator, token, deltaLink);
    // The folder (created then renamed), the moved file, the other upload: not the file's descendants of a rename.
    expect(changes.items.find((item) => item.id === folder.id).name).toBe('Target renamed');
    expect(changes.items.filter((item) => item.id === file.id)).toHaveLength(1);
  });

  it('deletes with 204 (412 on a stale if-match) and leaves a tombstone for delta; 404 afterwards', async () => {
    const file = (
      await http(emulator, 'PUT', graph(`/drives/${driveId}/root:/delete-me.txt:/content`), {
        token,
        body: Buffer.from('d'),
      })
    ).body;
    const latest = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/root/delta?token=latest`),
      { token }
    );
    const stale = await http(emulator, 'DELETE', graph(`/drives/${driveId}/items/${file.id}`), {
      token,
      headers: { 'if-match': '"{00000000-0000-0000-0000-000000000000},1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('resourceModified');
    const deleted = await http(emulator, 'DELETE', graph(`/drives/${driveId}/items/${file.id}`), {
      token,
      headers: { 'if-match': file.eTag },
    });
    expect(deleted.status).toBe(204);
    expect(
      (await http(emulator, 'GET', graph(`/drives/${driveId}/items/${file.id}`), { token })).status
    ).toBe(404);
    const changes = await collectDelta(emulator, token, latest.body['@odata.deltaLink']);
    expect(changes.items).toEqual([
      expect.objectContaining({ id: file.id, deleted: { state: 'deleted' } }),
    ]);
  });

  it('answers 423 for a locked item and 507 when over quota', async () => {
    const file = (
      await http(emulator, 'PUT', graph(`/drives/${driveId}/root:/locked.txt:/content`), {
        token,
        body: Buffer.from('l'),
      })
    ).body;
    await emulator.control.lockItem(driveId, file.id);
    const locked = await http(emulator, 'DELETE', graph(`/drives/${driveId}/items/${file.id}`), {
      token,
    });
    expect(locked.status).toBe(423);
    expect(
      (
        await http(emulator, 'PUT', graph(`/drives/${driveId}/items/${file.id}/content`), {
          token,
          body: Buffer.from('new'),
        })
      ).status
    ).toBe(423);
    await emulator.control.lockItem(driveId, file.id, false);
    expect(
      (await http(emulator, 'DELETE', graph(`/drives/${driveId}/items/${file.id}`), { token }))
        .status
    ).toBe(204);

    const drive = (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).body;
    await emulator.control.setQuota(driveId, drive.quota.used + 10);
    const over = await http(emulator, 'PUT', graph(`/drives/${driveId}/root:/big.bin:/content`), {
      token,
      body: Buffer.alloc(100),
    });
    expect(over.status).toBe(507);
    expect(over.body.error.code).toBe('quotaLimitReached');
    const quota = (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).body.quota;
    expect(quota).toMatchObject({ total: drive.quota.used + 10, remaining: 10 });
    await emulator.control.setQuota(driveId, 1024 ** 4);
  });

  it('needs write access: a read-only grant gets 403 on writes', async () => {
    const site = await emulator.control.createSite('ReadOnly');
    await emulator.control.grantSite(emulator.info.clientId, site.id, 'read');
    const readOnlyDrive = site.driveIds[0];
    expect(
      (await http(emulator, 'GET', graph(`/drives/${readOnlyDrive}/root`), { token })).status
    ).toBe(200);
    const denied = await http(
      emulator,
      'PUT',
      graph(`/drives/${readOnlyDrive}/root:/x.txt:/content`),
      { token, body: Buffer.from('x') }
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');
  });
});
