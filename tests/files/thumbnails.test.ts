/**
 * Thumbnails through the admin API: a real Strapi with the emulator's library synced into it. The
 * server relays the emulator's PNG (no Microsoft URL reaches the browser), keeps it by the item's
 * cTag (asked again only once the sync brings a changed file's new cTag), goes through the tenant's
 * pacer and retry policy, answers 304 to its ETag, stays on with downloads off, and refuses what
 * it must: a drive the user cannot see, a user without the plugin's permission, bad ids, folders,
 * files of kinds without thumbnails (without asking Microsoft).
 */
import { inflateSync } from 'node:zlib';
import type supertest from 'supertest';
import type { ControlItem } from '../../emulator/src';
import { PLUGIN_ID } from '../../server/src/constants';
import { createAdmin, createRole } from '../../testkit/admin';
import {
  admin,
  BASE,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

const LIST_ROUTE = 'GET /v1.0/drives/:driveId/items/:itemId/thumbnails';

/** The whole answer as bytes, whatever its type. */
const asBytes = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const json = (body: unknown) => JSON.parse((body as Buffer).toString('utf8'));

/** Width and first pixel of an 8-bit RGB PNG. */
function pngOf(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  const width = bytes.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width, firstPixel: [...inflateSync(Buffer.concat(idat)).subarray(1, 4)] };
}

describe('thumbnails of synced files', () => {
  let world: EditorsWorld;
  const items: Record<string, ControlItem> = {};
  let noPluginAccess: string;

  const thumbnailPath = (itemId: string, driveId: number | string = world.drive.id) =>
    `${BASE}/drives/${driveId}/items/${encodeURIComponent(itemId)}/thumbnail`;
  const getThumbnail = (
    itemId: string,
    token = world.superAdmin.token,
    driveId: number | string = world.drive.id
  ) => asBytes(admin(world, token).get(thumbnailPath(itemId, driveId)));
  const thumbnailListings = async () => (await world.control.stats()).byRoute[LIST_ROUTE] ?? 0;
  const listedCTag = async (name: string) => {
    const answer = await admin(world).get(`${BASE}/drives/${world.drive.id}/children?pageSize=100`);
    expect(answer.status).toBe(200);
    const row = (answer.body.results as Array<{ name: string; cTag?: string | null }>).find(
      (entry) => entry.name === name
    );
    return row?.cTag;
  };

  beforeAll(async () => {
    world = await startEditorsWorld('thumbs');
    const drive = world.drive.remoteDriveId;
    for (const name of ['photo.jpg', 'slides.pptx', 'notes.txt']) {
      items[name] = await world.control.createItem(drive, { name, size: 5_000 });
    }
    items.folder = await world.control.createItem(drive, { name: 'Albums', folder: true });
    await syncDrive(world);
    const bare = await createRole(world.strapi, { name: 'thumbs no plugin', actions: [] });
    noPluginAccess = (
      await createAdmin(world.strapi, { email: 'thumbs-bare@example.com', roles: [bare] })
    ).token;
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  it('relays a PNG from Microsoft 365 with its ETag, private caching and no Microsoft URL', async () => {
    const answer = await getThumbnail(items['photo.jpg'].id);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/png');
    expect(answer.headers['cache-control']).toBe('private, no-cache');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(answer.headers.location).toBeUndefined();
    const body = answer.body as Buffer;
    expect(pngOf(body).width).toBe(96);
    // Neither the emulator's content host nor its token-bearing URL travels to the browser.
    expect(body.toString('latin1')).not.toMatch(/127\.0\.0\.1|thumbnails\//);
    expect(JSON.stringify(answer.headers)).not.toMatch(/127\.0\.0\.1|localhost:\d+\/v1\.0/);
  });

  it('is kept by cTag: asked for with the current cTag it may be kept; again it costs no Graph call', async () => {
    const cTag = await listedCTag('slides.pptx');
    expect(cTag).toBeTruthy();
    const first = await asBytes(
      admin(world).get(`${thumbnailPath(items['slides.pptx'].id)}?v=${encodeURIComponent(cTag!)}`)
    );
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('private, max-age=604800, immutable');
    const listings = await thumbnailListings();
    const again = await getThumbnail(items['slides.pptx'].id, world.editor.token);
    expect(again.status).toBe(200);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true);
    expect(await thumbnailListings()).toBe(listings);
    const revalidated = await admin(world)
      .get(thumbnailPath(items['slides.pptx'].id))
      .set('If-None-Match', String(first.headers.etag));
    expect(revalidated.status).toBe(304);
  });

  it('gives a changed file its new thumbnail once the sync brings the new cTag', async () => {
    const before = await getThumbnail(items['photo.jpg'].id);
    const oldCTag = await listedCTag('photo.jpg');
    await world.control.modifyItem(world.drive.remoteDriveId, items['photo.jpg'].id, {
      seed: 'a new picture',
    });
    await syncDrive(world);
    expect(await listedCTag('photo.jpg')).not.toBe(oldCTag);
    const after = await getThumbnail(items['photo.jpg'].id);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(pngOf(after.body as Buffer).firstPixel).not.toEqual(
      pngOf(before.body as Buffer).firstPixel
    );
  });

  it('goes through the pacer and the retry policy: a throttled Graph call is waited out', async () => {
    const graph = world.strapi.plugin(PLUGIN_ID).service('graph');
    const requestsBefore = (await graph.pacingUsage()).tenants.reduce(
      (sum: number, tenant: { requests: number }) => sum + tenant.requests,
      0
    );
    const picture = await world.control.createItem(world.drive.remoteDriveId, {
      name: 'throttled.png',
      size: 100,
    });
    await syncDrive(world);
    await world.control.addFaults([
      { kind: 'throttle', method: 'GET', path: '/thumbnails$', nth: 1, retryAfterSeconds: 1 },
    ]);
    try {
      const answer = await getThumbnail(picture.id);
      expect(answer.status).toBe(200);
      const stats = await world.control.stats();
      expect(stats.faultsByKind.throttle).toBeGreaterThanOrEqual(1);
      expect(stats.retryAfterViolations).toBe(0);
    } finally {
      await world.control.clearFaults();
    }
    const usage = await graph.pacingUsage();
    const requestsAfter = usage.tenants.reduce(
      (sum: number, tenant: { requests: number }) => sum + tenant.requests,
      0
    );
    expect(requestsAfter).toBeGreaterThan(requestsBefore);
  });

  it('answers 404 (no thumbnail) for a text file without asking Microsoft', async () => {
    const listings = await thumbnailListings();
    const answer = await getThumbnail(items['notes.txt'].id);
    expect(answer.status).toBe(404);
    expect(json(answer.body).error.message).toBe('This item has no thumbnail');
    expect(json(answer.body).error.details.reason).toBe('noThumbnail');
    expect(await thumbnailListings()).toBe(listings);
  });

  it('refuses bad input with a specific answer', async () => {
    const folder = await getThumbnail(items.folder.id);
    expect(folder.status).toBe(400);
    expect(json(folder.body).error.message).toBe('Folders have no thumbnail');
    const longId = await getThumbnail('x'.repeat(500));
    expect(longId.status).toBe(400);
    expect(json(longId.body).error.message).toBe('The item id is not valid');
    expect((await getThumbnail('01NOSUCHITEM')).status).toBe(404);
    expect(
      (await getThumbnail(items['photo.jpg'].id, world.superAdmin.token, 987_654)).status
    ).toBe(404);
    expect((await getThumbnail(items['photo.jpg'].id, world.superAdmin.token, 'abc')).status).toBe(
      404
    );
  });

  it('shows a drive’s thumbnails to its readers only', async () => {
    expect((await getThumbnail(items['photo.jpg'].id, world.editor.token)).status).toBe(200);
    // The outsider's roles are not given the drive: it does not exist for them.
    const outsider = await getThumbnail(items['photo.jpg'].id, world.outsider.token);
    expect(outsider.status).toBe(404);
    expect(json(outsider.body).error.message).toBe('The drive was not found');
    // Without the plugin's read permission, the route itself refuses.
    expect((await getThumbnail(items['photo.jpg'].id, noPluginAccess)).status).toBe(403);
    expect((await asBytes(admin(world, '').get(thumbnailPath(items['photo.jpg'].id)))).status).toBe(
      401
    );
  });

  it('stays on when downloads are switched off (a preview is not the file)', async () => {
    const settings = (update: object) => admin(world).put(`${BASE}/settings`).send(update);
    expect((await settings({ downloadsEnabled: false })).status).toBe(200);
    try {
      const download = await asBytes(
        admin(world).get(`${BASE}/drives/${world.drive.id}/items/${items['photo.jpg'].id}/content`)
      );
      expect(download.status).toBe(403);
      expect((await getThumbnail(items['photo.jpg'].id, world.editor.token)).status).toBe(200);
    } finally {
      expect((await settings({ downloadsEnabled: true })).status).toBe(200);
    }
  });
});
