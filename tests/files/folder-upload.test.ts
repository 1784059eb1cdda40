/**
 * Folder uploads through the admin API, against a real Strapi and the emulator: the tree's names
 * checked at once (every refused one listed, nothing created in Microsoft 365 while one is), its
 * folders created parents first (an existing folder reused), its files sent through the ordinary
 * resumable uploads into them, and what is refused before anything happens: a read-only role, a
 * drive the user cannot see, a malformed request, a destination that is not a folder.
 */
import { quickXorHash, type ControlItem } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import type { FolderUploadRequest } from '../../shared/contracts/folder-uploads';
import {
  admin,
  BASE,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

describe('a folder uploaded with its tree', () => {
  let world: EditorsWorld;
  let rootId: string;
  let destination: ControlItem;

  const folderUploadPath = (parentId: string, driveId = world.drive.id) =>
    `${BASE}/drives/${driveId}/items/${encodeURIComponent(parentId)}/folder-upload`;
  const check = (body: unknown, token = world.superAdmin.token, parentId = destination.id) =>
    admin(world, token)
      .post(`${folderUploadPath(parentId)}/check`)
      .send(body as object);
  const createTree = (body: unknown, token = world.superAdmin.token, parentId = destination.id) =>
    admin(world, token)
      .post(folderUploadPath(parentId))
      .send(body as object);

  /** The emulator's items below the destination folder, by their path relative to it. */
  const emulatorTree = async () =>
    new Map(
      (await world.control.tree(world.drive.remoteDriveId))
        .filter((entry) => entry.path.startsWith(`/${destination.name}/`))
        .map((entry) => [entry.path.slice(destination.name.length + 2), entry])
    );

  /** One file through the existing upload routes: start, then its one piece. */
  async function uploadFile(parentId: string, name: string, bytes: Buffer) {
    const started = await admin(world)
      .post(`${BASE}/drives/${world.drive.id}/uploads`)
      .send({ parentId, name, size: bytes.length, conflictBehavior: 'fail' });
    expect(started.status).toBe(201);
    const request = admin(world)
      .put(`${BASE}/drives/${world.drive.id}/uploads/${started.body.data.uploadId}`)
      .set('Content-Type', 'application/octet-stream');
    // A zero-byte file's one empty piece has no range to name.
    if (bytes.length > 0)
      request.set('Content-Range', `bytes 0-${bytes.length - 1}/${bytes.length}`);
    const piece = await request.send(bytes);
    expect(piece.status).toBe(200);
    expect(piece.body.data.item).toMatchObject({ name });
  }

  beforeAll(async () => {
    world = await startEditorsWorld('folderup');
    destination = await world.control.createItem(world.drive.remoteDriveId, {
      name: 'Incoming',
      folder: true,
    });
    // Already there: the upload reuses this folder and adds to it.
    const existing = await world.control.createItem(world.drive.remoteDriveId, {
      name: 'Photos',
      folder: true,
      parentId: destination.id,
    });
    await world.control.createItem(world.drive.remoteDriveId, {
      name: 'old.jpg',
      parentId: existing.id,
      size: 10,
    });
    await world.control.createItem(world.drive.remoteDriveId, {
      name: 'notes.txt',
      parentId: destination.id,
      size: 5,
    });
    await syncDrive(world);
    const root = await world.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: world.drive.id, isRoot: true } });
    rootId = root.remoteId;
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  const files = {
    'Photos/2024/beach.jpg': Buffer.from('beach bytes'),
    'Photos/2024/Summer/sun.jpg': Buffer.from('sun'),
    'Photos/cover.png': Buffer.alloc(0),
    'Report.docx': Buffer.from('a report'),
  };
  const tree: FolderUploadRequest = {
    files: Object.entries(files).map(([path, bytes]) => ({ path, size: bytes.length })),
    folders: ['Photos/Empty'],
  };

  it('checks the whole tree and answers what it holds, changing nothing', async () => {
    const before = await emulatorTree();
    const answer = await check(tree);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ folders: 4, files: 4, bytes: 11 + 3 + 0 + 8 });
    expect([...(await emulatorTree()).keys()].sort()).toEqual([...before.keys()].sort());
  });

  it('creates the tree in Microsoft 365, reusing the folder already there, and the files go into it', async () => {
    const answer = await createTree(tree);
    expect(answer.status).toBe(201);
    const { folderIds, reused } = answer.body.data;
    expect(reused).toEqual(['Photos']);
    expect(Object.keys(folderIds).sort()).toEqual(
      ['', 'Photos', 'Photos/2024', 'Photos/2024/Summer', 'Photos/Empty'].sort()
    );
    expect(folderIds['']).toBe(destination.id);

    for (const [path, bytes] of Object.entries(files)) {
      const folder = path.split('/').slice(0, -1).join('/');
      await uploadFile(folderIds[folder], path.split('/').pop()!, bytes);
    }

    const emulator = await emulatorTree();
    for (const folder of ['Photos', 'Photos/2024', 'Photos/2024/Summer', 'Photos/Empty']) {
      expect(emulator.get(folder)).toMatchObject({ isFolder: true, id: folderIds[folder] });
    }
    expect(emulator.get('Photos')!.id).not.toBe(undefined);
    for (const [path, bytes] of Object.entries(files)) {
      expect(emulator.get(path)).toMatchObject({
        isFolder: false,
        size: bytes.length,
        quickXorHash: quickXorHash(bytes),
      });
    }
    // What was there stays.
    expect(emulator.get('Photos/old.jpg')).toMatchObject({ isFolder: false, size: 10 });
    // The new folders are Strapi rows at once, without waiting for a sync.
    const rows = await world.strapi.db.query(UID.driveItem).findMany({
      where: { driveId: world.drive.id, remoteId: { $in: Object.values(folderIds) } },
    });
    expect(rows).toHaveLength(5);
  });

  it('reuses every folder when the same tree comes again, creating no second copy', async () => {
    const folderCount = async () =>
      [...(await emulatorTree()).values()].filter((entry) => entry.isFolder).length;
    const before = await folderCount();
    const answer = await createTree(tree);
    expect(answer.status).toBe(201);
    expect(answer.body.data.reused.sort()).toEqual(
      ['Photos', 'Photos/2024', 'Photos/2024/Summer', 'Photos/Empty'].sort()
    );
    expect(await folderCount()).toBe(before);
  });

  it('lists every refused name at once and creates nothing, neither on check nor on create', async () => {
    const refusedTree: FolderUploadRequest = {
      files: [
        { path: 'Fine/ok.txt', size: 1 },
        { path: 'Bad:Folder/inside?.txt', size: 1 },
        { path: 'Fine/CON.txt', size: 1 },
        { path: 'Fine/desktop.ini', size: 1 },
        { path: 'Fine/ends with space /a.txt', size: 1 },
        { path: 'Fine/Case.txt', size: 1 },
        { path: 'Fine/case.TXT', size: 1 },
        { path: 'Fine/~$lock.docx', size: 1 },
      ],
    };
    const before = await emulatorTree();
    for (const send of [check, createTree]) {
      const answer = await send(refusedTree);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe(
        '7 names in this folder cannot be used in SharePoint or OneDrive; nothing was uploaded'
      );
      expect(answer.body.error.details.code).toBe('invalidName');
      const refused = answer.body.error.details.refused as Array<{ path: string; rule: string }>;
      expect(refused.map(({ path, rule }) => [path, rule]).sort()).toEqual(
        [
          ['Bad:Folder', 'invalidCharacter'],
          ['Bad:Folder/inside?.txt', 'invalidCharacter'],
          ['Fine/CON.txt', 'reservedName'],
          ['Fine/desktop.ini', 'reservedName'],
          ['Fine/ends with space ', 'trailingSpace'],
          ['Fine/case.TXT', 'duplicateName'],
          ['Fine/~$lock.docx', 'lockFilePrefix'],
        ].sort()
      );
    }
    expect([...(await emulatorTree()).keys()].sort()).toEqual([...before.keys()].sort());
    expect((await emulatorTree()).has('Fine')).toBe(false);
  });

  it('refuses a read-only role (403) and a user the drive does not name (404), creating nothing', async () => {
    const before = await emulatorTree();
    const small = { files: [{ path: 'Readonly/a.txt', size: 1 }] };
    for (const send of [check, createTree]) {
      const readOnly = await send(small, world.editor.token);
      expect(readOnly.status).toBe(403);
      expect(readOnly.body.error.message).toBe('You have read-only access to this drive');
      const outsider = await send(small, world.outsider.token);
      expect(outsider.status).toBe(404);
    }
    expect((await emulatorTree()).has('Readonly')).toBe(false);
    expect([...(await emulatorTree()).keys()].sort()).toEqual([...before.keys()].sort());
  });

  it('refuses a malformed request with a specific message', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'files must be a list'],
      [{ files: 'a.txt' }, 'files must be a list'],
      [{ files: [] }, 'The folder is empty: there is nothing to upload'],
      [
        { files: [{ path: '/abs.txt', size: 1 }] },
        "The file path '/abs.txt' must not start or end with '/'",
      ],
      [{ files: [{ size: 1 }] }, 'Every file needs a relative path'],
      [
        { files: [{ path: 'a.txt', size: -1 }] },
        "The size of 'a.txt' must be a whole number of bytes",
      ],
      [
        { files: [{ path: 'a.txt', size: '12' }] },
        "The size of 'a.txt' must be a whole number of bytes",
      ],
      [
        {
          files: [
            { path: 'a.txt', size: 1 },
            { path: 'a.txt', size: 2 },
          ],
        },
        "'a.txt' is listed twice",
      ],
      [{ files: [{ path: 'a.txt', size: 1 }], folders: 'x' }, 'folders must be a list'],
    ];
    for (const [body, message] of cases) {
      const answer = await check(body);
      expect({ body, status: answer.status, message: answer.body.error?.message }).toEqual({
        body,
        status: 400,
        message,
      });
    }
    const tooLarge = await check({ files: [{ path: 'huge.bin', size: 300 * 1024 ** 3 }] });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.details.code).toBe('fileTooLarge');
  });

  it('refuses a destination that is not a folder of the drive (404)', async () => {
    const small = { files: [{ path: 'x.txt', size: 1 }] };
    const notes = (await emulatorTree()).get('notes.txt')!;
    for (const parentId of [notes.id, 'no-such-item']) {
      const answer = await createTree(small, world.superAdmin.token, parentId);
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe('The destination folder was not found');
    }
  });

  it('answers 409 when a file holds the name a folder of the tree needs', async () => {
    const answer = await createTree({ files: [{ path: 'notes.txt/inner.txt', size: 1 }] });
    expect(answer.status).toBe(409);
    expect(answer.body.error.details).toMatchObject({
      code: 'nameAlreadyExists',
      path: 'notes.txt',
    });
  });

  it('uploads at the drive root too, where a root-level folder named forms is refused', async () => {
    const refused = await check({ files: [{ path: 'forms/a.txt', size: 1 }] }, undefined, rootId);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.refused).toEqual([
      expect.objectContaining({ path: 'forms', rule: 'formsFolder' }),
    ]);
    const accepted = await createTree(
      { files: [{ path: 'Top/forms/a.txt', size: 1 }] },
      undefined,
      rootId
    );
    expect(accepted.status).toBe(201);
    expect(Object.keys(accepted.body.data.folderIds).sort()).toEqual(['', 'Top', 'Top/forms']);
  });
});
