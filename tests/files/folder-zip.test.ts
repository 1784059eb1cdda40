/**
 * "Download as ZIP" through the admin API: a real Strapi, the emulator's library synced into it,
 * the archive read back with JSZip and every entry checked against the emulator's own tree (its
 * size and quickXorHash), plus what refuses a ZIP before a byte is sent (the Downloads switch,
 * the admin's limits, access, bad ids) and what a file deleted since the sync does to it.
 */
import JSZip from 'jszip';
import type supertest from 'supertest';
import { quickXorHash, type ControlItem } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { ZIP_LIMITS } from '../../shared/zip-limits';
import {
  admin,
  BASE,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

/** The whole answer as bytes, whatever its type (supertest would parse JSON or text). */
const asBytes = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const json = (body: unknown) => JSON.parse((body as Buffer).toString('utf8'));

describe('a folder downloaded as a ZIP', () => {
  let world: EditorsWorld;
  let folder: ControlItem;
  const zipPath = (itemId: string, driveId = world.drive.id) =>
    `${BASE}/drives/${driveId}/items/${itemId}/zip`;
  const getZip = (itemId: string, token = world.superAdmin.token, driveId = world.drive.id) =>
    asBytes(admin(world, token).get(zipPath(itemId, driveId)));
  const setSettings = async (update: object) =>
    expect((await admin(world).put(`${BASE}/settings`).send(update)).status).toBe(200);

  /** The emulator's files below the folder, by path relative to it. */
  const emulatorFiles = async (folderPath: string) =>
    new Map(
      (await world.control.tree(world.drive.remoteDriveId))
        .filter((entry) => !entry.isFolder && entry.path.startsWith(`${folderPath}/`))
        .map((entry) => [entry.path.slice(folderPath.length + 1), entry])
    );

  const entriesOf = async (bytes: Buffer) => {
    const zip = await JSZip.loadAsync(bytes);
    const files = new Map<string, Buffer>();
    const folders: string[] = [];
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) folders.push(entry.name);
      else files.set(entry.name, await entry.async('nodebuffer'));
    }
    return { files, folders };
  };

  beforeAll(async () => {
    world = await startEditorsWorld('zip');
    const { control } = world;
    const drive = world.drive.remoteDriveId;
    folder = await control.createItem(drive, { name: 'Reports', folder: true });
    const year = await control.createItem(drive, {
      name: '2024',
      folder: true,
      parentId: folder.id,
    });
    await control.createItem(drive, { name: 'Empty', folder: true, parentId: folder.id });
    await control.createItem(drive, { name: 'summary.docx', parentId: folder.id, size: 70_001 });
    await control.createItem(drive, { name: 'Überblick.pdf', parentId: folder.id, size: 3 });
    await control.createItem(drive, { name: 'plan.xlsx', parentId: year.id, size: 1_500_000 });
    await control.createItem(drive, { name: 'empty.txt', parentId: year.id, size: 0 });
    await control.createItem(drive, { name: 'outside.txt', size: 100 });
    await syncDrive(world);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  it('holds every file below the folder under its relative path, byte for byte, and its empty folders', async () => {
    // The editor's role may only read the drive: reading is what a ZIP needs.
    const answer = await getZip(folder.id, world.editor.token);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/zip');
    expect(answer.headers['content-disposition']).toContain('filename="Reports.zip"');
    const { files, folders } = await entriesOf(answer.body as Buffer);
    const expected = await emulatorFiles('/Reports');
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort());
    expect([...files.keys()].sort()).toEqual([
      '2024/empty.txt',
      '2024/plan.xlsx',
      'summary.docx',
      'Überblick.pdf',
    ]);
    for (const [path, bytes] of files) {
      expect({ path, size: bytes.length, hash: quickXorHash(bytes) }).toEqual({
        path,
        size: expected.get(path)!.size,
        hash: expected.get(path)!.quickXorHash,
      });
    }
    expect(folders).toContain('Empty/');
  });

  it('zips the whole drive from its root, named after the drive', async () => {
    const root = await world.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: world.drive.id, isRoot: true } });
    const answer = await getZip(root.remoteId);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toContain('.zip"');
    const { files } = await entriesOf(answer.body as Buffer);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['outside.txt', 'Reports/2024/plan.xlsx'])
    );
  });

  it('refuses it with 403 and the admin’s message when downloads are switched off', async () => {
    await setSettings({ downloadsEnabled: false });
    try {
      const answer = await getZip(folder.id, world.editor.token);
      expect(answer.status).toBe(403);
      expect(json(answer.body).error).toMatchObject({
        message: 'File downloads are disabled by your administrator',
        details: { code: 'downloadsDisabled' },
      });
    } finally {
      await setSettings({ downloadsEnabled: true });
    }
  });

  it('refuses a folder past the admin’s file count or size with 422, before any byte of a ZIP', async () => {
    const settings = (await admin(world).get(`${BASE}/settings`)).body.data;
    expect(settings).toMatchObject({
      zipMaxFiles: ZIP_LIMITS.maxFiles.default,
      zipMaxMegabytes: ZIP_LIMITS.maxMegabytes.default,
    });
    await setSettings({ zipMaxFiles: 3 });
    try {
      const answer = await getZip(folder.id);
      expect(answer.status).toBe(422);
      expect(answer.headers['content-type']).toMatch(/json/);
      expect(json(answer.body).error).toMatchObject({
        message: 'This folder is larger than a ZIP download may be',
        details: { code: 'zipTooLarge', files: 4, maxFiles: 3 },
      });
    } finally {
      await setSettings({ zipMaxFiles: ZIP_LIMITS.maxFiles.default });
    }
    await setSettings({ zipMaxMegabytes: 1 });
    try {
      const answer = await getZip(folder.id);
      expect(answer.status).toBe(422);
      expect(json(answer.body).error.details).toMatchObject({
        code: 'zipTooLarge',
        bytes: 70_001 + 3 + 1_500_000,
        maxBytes: 1_048_576,
      });
    } finally {
      await setSettings({ zipMaxMegabytes: ZIP_LIMITS.maxMegabytes.default });
    }
  });

  it('validates the limits an admin sets', async () => {
    for (const update of [
      { zipMaxFiles: 0 },
      { zipMaxFiles: 1.5 },
      { zipMaxFiles: ZIP_LIMITS.maxFiles.max + 1 },
      { zipMaxMegabytes: 0 },
      { zipMaxMegabytes: '100' },
    ]) {
      const answer = await admin(world).put(`${BASE}/settings`).send(update);
      expect({ update, status: answer.status }).toEqual({ update, status: 400 });
    }
    expect((await admin(world).get(`${BASE}/settings`)).body.data.zipMaxFiles).toBe(
      ZIP_LIMITS.maxFiles.default
    );
  });

  it('shows nothing of a drive the user may not read, nor of another user’s personal drive', async () => {
    expect((await getZip(folder.id, world.outsider.token)).status).toBe(404);
    // The editor's own personal drive (the same library, for the test): not even a super admin's.
    const personal = await world.strapi.db.query(UID.drive).create({
      data: {
        name: 'Editor OneDrive',
        kind: 'onedrive',
        scope: 'personal',
        ownerId: world.editor.id,
        remoteDriveId: world.drive.remoteDriveId,
        status: 'ok',
        lastSyncAt: new Date(),
      },
    });
    const root = await world.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: world.drive.id, isRoot: true } });
    await world.strapi.db.query(UID.driveItem).create({
      data: {
        driveId: personal.id,
        remoteId: root.remoteId,
        name: 'root',
        isFolder: true,
        isRoot: true,
      },
    });
    expect((await getZip(root.remoteId, world.superAdmin.token, personal.id)).status).toBe(404);
    expect((await getZip(root.remoteId, world.outsider.token, personal.id)).status).toBe(404);
    // Its owner passes the access check; the row has no Microsoft sign-in behind it, so Graph
    // is refused (424), still before a byte of the archive: the two 404s were the access check.
    const owner = await getZip(root.remoteId, world.editor.token, personal.id);
    expect(owner.status).toBe(424);
    expect(json(owner.body).error.details.code).toBe('authenticationFailed');
  });

  it('answers 404 for an unknown drive or item and 400 for a file', async () => {
    expect((await getZip(folder.id, world.superAdmin.token, 987_654)).status).toBe(404);
    expect(
      (await asBytes(admin(world).get(`${BASE}/drives/abc/items/${folder.id}/zip`))).status
    ).toBe(404);
    expect((await getZip('no-such-item')).status).toBe(404);
    const file = await world.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: world.drive.id, name: 'summary.docx' } });
    const answer = await getZip(file.remoteId);
    expect(answer.status).toBe(400);
    expect(json(answer.body).error.message).toBe('Only a folder can be downloaded as a ZIP');
  });

  it('leaves out a file deleted in Microsoft 365 since the sync and lists it in _errors.txt', async () => {
    const gone = await world.control.createItem(world.drive.remoteDriveId, {
      name: 'gone.txt',
      parentId: folder.id,
      size: 10,
    });
    await syncDrive(world);
    await world.control.deleteItem(world.drive.remoteDriveId, gone.id);
    const answer = await getZip(folder.id);
    // The status was sent before the file was asked for: the archive is whole but for it.
    expect(answer.status).toBe(200);
    const { files } = await entriesOf(answer.body as Buffer);
    expect(files.has('gone.txt')).toBe(false);
    expect(files.get('summary.docx')?.length).toBe(70_001);
    const errors = files.get('_errors.txt')?.toString('utf8');
    expect(errors).toContain('These files could not be added to the ZIP:');
    expect(errors).toContain('gone.txt: The item no longer exists in Microsoft 365');
    await syncDrive(world);
  });
});
