/**
 * File versions as Microsoft Graph documents driveItemVersion: every content change keeps the
 * replaced content as an earlier version ("1.0", "2.0", ...), the current version listed first;
 * a version's content is a 302 to a pre-authenticated URL; restoreVersion answers 204 and makes a
 * new current version with the old content, keeping every version.
 */
import { request } from 'undici';
import {
  appToken,
  collectDelta,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: file versions', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  let siteId: string;
  let itemId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  const contents = ['first draft', 'second draft, longer', 'third'];

  /** Follows the 302 without a token, as a client must (the URL is pre-authenticated). */
  const readLocation = async (location: string, range?: string) => {
    const response = await request(location, {
      dispatcher: emulator.dispatcher,
      headers: range ? { range } : {},
    });
    return { status: response.statusCode, text: await response.body.text() };
  };

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    siteId = emulator.info.sites[0].id;
    driveId = emulator.info.sites[0].drives[1].id;
    const url = graph(`/drives/${driveId}/root:/Versions/plan.txt:/content`);
    for (const text of contents) {
      const put = await http(emulator, 'PUT', url, { token, body: Buffer.from(text) });
      expect([200, 201]).toContain(put.status);
      itemId = put.body.id;
    }
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('lists the versions, the current one first, with who, when and size', async () => {
    const listed = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions`),
      {
        token,
      }
    );
    expect(listed.status).toBe(200);
    expect(listed.body.value.map((version: { id: string }) => version.id)).toEqual([
      '3.0',
      '2.0',
      '1.0',
    ]);
    expect(listed.body.value.map((version: { size: number }) => version.size)).toEqual(
      [...contents].reverse().map((text) => Buffer.byteLength(text))
    );
    for (const version of listed.body.value) {
      expect(version.lastModifiedBy.application.id).toBe(emulator.info.clientId);
      expect(Number.isNaN(Date.parse(version.lastModifiedDateTime))).toBe(false);
    }
    const one = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions/2.0`),
      {
        token,
      }
    );
    expect(one.body).toMatchObject({ id: '2.0', size: Buffer.byteLength(contents[1]) });
  });

  it("redirects a version's content to a pre-authenticated URL serving that version's bytes", async () => {
    const answer = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions/1.0/content`),
      { token }
    );
    expect(answer.status).toBe(302);
    const location = String(answer.headers.location);
    expect(await readLocation(location)).toEqual({ status: 200, text: contents[0] });
    expect(await readLocation(location, 'bytes=0-4')).toEqual({ status: 206, text: 'first' });
    const current = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions/3.0/content`),
      { token }
    );
    expect((await readLocation(String(current.headers.location))).text).toBe(contents[2]);
  });

  it('answers 404 itemNotFound for an unknown version, 400 for a folder, 401 without a token', async () => {
    for (const path of ['versions/9.0', 'versions/9.0/content', 'versions/latest']) {
      const missing = await http(
        emulator,
        'GET',
        graph(`/drives/${driveId}/items/${itemId}/${path}`),
        {
          token,
        }
      );
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('itemNotFound');
    }
    const restoreMissing = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/items/${itemId}/versions/9.0/restoreVersion`),
      { token }
    );
    expect(restoreMissing.status).toBe(404);
    const folder = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/root:/Versions:/versions`),
      {
        token,
      }
    );
    expect(folder.status).toBe(400);
    const anonymous = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions`)
    );
    expect(anonymous.status).toBe(401);
  });

  it('restores a version as a new current version (204), keeping every version, seen by delta', async () => {
    const before = await collectDelta(
      emulator,
      token,
      graph(`/drives/${driveId}/root/delta?token=latest`)
    );
    const restored = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/items/${itemId}/versions/1.0/restoreVersion`),
      { token }
    );
    expect(restored.status).toBe(204);
    expect(restored.text).toBe('');
    const listed = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions`),
      {
        token,
      }
    );
    expect(listed.body.value.map((version: { id: string }) => version.id)).toEqual([
      '4.0',
      '3.0',
      '2.0',
      '1.0',
    ]);
    expect(listed.body.value[0].size).toBe(Buffer.byteLength(contents[0]));
    const item = await http(emulator, 'GET', graph(`/drives/${driveId}/items/${itemId}`), {
      token,
    });
    expect(item.body.size).toBe(Buffer.byteLength(contents[0]));
    expect((await readLocation(String(item.body['@microsoft.graph.downloadUrl']))).text).toBe(
      contents[0]
    );
    const changes = await collectDelta(emulator, token, before.deltaLink);
    expect(changes.items.map((changed: { id: string }) => changed.id)).toContain(itemId);
  });

  it('lets an app with read access list versions but not restore one (403)', async () => {
    const reader = await emulator.control.createApp({ permissions: ['Sites.Selected'] });
    await emulator.control.grantSite(reader.clientId, siteId, 'read');
    const readerToken = await appToken(emulator, reader.clientId, reader.clientSecret);
    const listed = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions`),
      {
        token: readerToken,
      }
    );
    expect(listed.status).toBe(200);
    const refused = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/items/${itemId}/versions/2.0/restoreVersion`),
      { token: readerToken }
    );
    expect(refused.status).toBe(403);
    const unchanged = await http(
      emulator,
      'GET',
      graph(`/drives/${driveId}/items/${itemId}/versions`),
      {
        token,
      }
    );
    expect(unchanged.body.value).toHaveLength(4);
  });
});
