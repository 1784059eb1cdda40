/**
 * A folder's ZIP by a single-use ticket: asked for through the authorised admin API (every check
 * of a ZIP made then: access, the Downloads switch, the folder, the limits), then fetched without
 * any token, as the browser's plain navigation does, and streamed as an attachment. A ticket is
 * refused once used, when forged, after its 60 seconds, and when what allowed it changed since
 * (the Downloads switch, the user's account).
 */
import JSZip from 'jszip';
import type supertest from 'supertest';
import type { ControlItem } from '../../emulator/src';
import { PLUGIN_ID } from '../../server/src/constants';
import {
  admin,
  BASE,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

const asBytes = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const json = (body: unknown) => JSON.parse((body as Buffer).toString('utf8'));

describe('a folder ZIP fetched with a download ticket', () => {
  let world: EditorsWorld;
  let folder: ControlItem;
  let file: ControlItem;

  const askTicket = (itemId: string, token = world.editor.token, driveId = world.drive.id) =>
    admin(world, token).post(`${BASE}/drives/${driveId}/items/${itemId}/zip-ticket`);
  /** The ticket's URL fetched as a navigation does: no Authorization header at all. */
  const navigate = (url: string) => asBytes(world.app.http.get(url));
  const ticketUrl = async (itemId = folder.id) => {
    const answer = await askTicket(itemId);
    expect(answer.status).toBe(201);
    return answer.body.data.url as string;
  };
  const setSettings = async (update: object) =>
    expect((await admin(world).put(`${BASE}/settings`).send(update)).status).toBe(200);
  const expectRefused = (answer: supertest.Response) => {
    expect(answer.status).toBe(403);
    expect(json(answer.body).error.message).toBe(
      'This download link has expired or was already used; start the download again'
    );
  };

  beforeAll(async () => {
    world = await startEditorsWorld('zipticket');
    const drive = world.drive.remoteDriveId;
    folder = await world.control.createItem(drive, { name: 'Minutes', folder: true });
    await world.control.createItem(drive, { name: 'june.docx', parentId: folder.id, size: 4_000 });
    file = await world.control.createItem(drive, { name: 'alone.txt', size: 10 });
    await syncDrive(world);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  it('streams the archive as an attachment to whoever holds the ticket, without a token', async () => {
    const answer = await askTicket(folder.id);
    expect(answer.status).toBe(201);
    const { url, expiresAt } = answer.body.data;
    expect(url).toMatch(/^\/external-drives\/zip-downloads\/[A-Za-z0-9_-]{43}$/);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(60_000);

    const download = await navigate(url);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toContain('attachment; filename="Minutes.zip"');
    expect(download.headers['cache-control']).toBe('no-store');
    const zip = await JSZip.loadAsync(download.body as Buffer);
    expect(Object.keys(zip.files)).toEqual(['june.docx']);
  });

  it('keeps only a hash of the ticket at rest', async () => {
    const url = await ticketUrl();
    const ticket = url.split('/').pop()!;
    const rows = await world.strapi.db
      .query('strapi::core-store')
      .findMany({ where: { key: { $startsWith: `plugin_${PLUGIN_ID}_zip-ticket-` } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(ticket);
    expect((await navigate(url)).status).toBe(200);
  });

  it('refuses a ticket used once already', async () => {
    const url = await ticketUrl();
    expect((await navigate(url)).status).toBe(200);
    expectRefused(await navigate(url));
  });

  it('refuses a forged or malformed ticket', async () => {
    expectRefused(await navigate(`${BASE}/zip-downloads/${'A'.repeat(43)}`));
    expectRefused(await navigate(`${BASE}/zip-downloads/not-a-ticket`));
    // A real ticket altered by one character is another ticket.
    const url = await ticketUrl();
    const altered = url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A');
    expectRefused(await navigate(altered));
  });

  it('refuses a ticket past its 60 seconds', async () => {
    const url = await ticketUrl();
    const store = world.strapi.db.query('strapi::core-store');
    const rows = await store.findMany({
      where: { key: { $startsWith: `plugin_${PLUGIN_ID}_zip-ticket-` } },
    });
    for (const row of rows) {
      const value = JSON.parse(row.value);
      await store.update({
        where: { id: row.id },
        data: {
          value: JSON.stringify({ ...value, expiresAt: new Date(Date.now() - 1000).toISOString() }),
        },
      });
    }
    expectRefused(await navigate(url));
  });

  it('checks access and the folder when the ticket is asked for', async () => {
    // Not named by the drive: as if the drive did not exist.
    expect((await askTicket(folder.id, world.outsider.token)).status).toBe(404);
    expect((await askTicket(folder.id, world.editor.token, 987_654)).status).toBe(404);
    const notAFolder = await askTicket(file.id);
    expect(notAFolder.status).toBe(400);
    expect(notAFolder.body.error.message).toBe('Only a folder can be downloaded as a ZIP');
    expect((await askTicket('no-such-item')).status).toBe(404);
    await setSettings({ zipMaxFiles: 1 });
    try {
      await world.control.createItem(world.drive.remoteDriveId, {
        name: 'july.docx',
        parentId: folder.id,
        size: 5,
      });
      await syncDrive(world);
      const tooLarge = await askTicket(folder.id);
      expect(tooLarge.status).toBe(422);
      expect(tooLarge.body.error.details.code).toBe('zipTooLarge');
    } finally {
      await setSettings({ zipMaxFiles: 10_000 });
    }
  });

  it('enforces the Downloads switch when the ticket is asked for and when it is redeemed', async () => {
    const url = await ticketUrl();
    await setSettings({ downloadsEnabled: false });
    try {
      const asked = await askTicket(folder.id);
      expect(asked.status).toBe(403);
      expect(asked.body.error.details.code).toBe('downloadsDisabled');
      const redeemed = await navigate(url);
      expect(redeemed.status).toBe(403);
      expect(json(redeemed.body).error.details.code).toBe('downloadsDisabled');
    } finally {
      await setSettings({ downloadsEnabled: true });
    }
  });

  it('refuses the ticket of a user deactivated since it was given', async () => {
    const url = await ticketUrl();
    const users = world.strapi.db.query('admin::user');
    await users.update({ where: { id: world.editor.id }, data: { isActive: false } });
    try {
      const redeemed = await navigate(url);
      expect(redeemed.status).toBe(403);
    } finally {
      await users.update({ where: { id: world.editor.id }, data: { isActive: true } });
    }
  });
});
