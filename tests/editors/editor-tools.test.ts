/**
 * External file fields from the editors' side: who may attach what (checked on every write, the
 * content manager's and the content API's), "Used in N entries" and "Copy to Media Library".
 * A real Strapi (the playground's `article`), the real emulator, Strapi's upload plugin.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { quickXorHash } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import {
  ARTICLE,
  BASE,
  admin,
  contentManager,
  createFiles,
  reference,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';
import { adminEditorRoutes } from '../../server/src/routes/admin-editors';
import { adminRequest, createAdmin, createRole } from '../../testkit/admin';
import { PERMISSIONS } from '../../shared/permissions';

describe('External file fields for editors', () => {
  let world: EditorsWorld;
  const driveId = () => world.drive.remoteDriveId;

  beforeAll(async () => {
    world = await startEditorsWorld('editor-tools');
  });

  afterAll(async () => {
    await world?.close();
  });

  describe('attaching', () => {
    it('refuses a personal drive file, even to its owner, and names the field', async () => {
      const personal = world.emulator.info.users[0];
      const drive = await world.strapi.db.query(UID.drive).create({
        data: {
          name: 'My OneDrive',
          kind: 'onedrive',
          scope: 'personal',
          remoteDriveId: personal.driveId,
          ownerId: world.superAdmin.id,
          status: 'ok',
        },
      });
      await world.strapi.db.query(UID.driveItem).create({
        data: { driveId: drive.id, remoteId: 'private-item', name: 'Payslip.pdf', isFolder: false },
      });
      const privateFile = { driveId: personal.driveId, itemId: 'private-item' };

      const single = await contentManager(world).create({
        title: 'Leak',
        attachment: privateFile,
      });
      expect(single.status).toBe(400);
      expect(single.body.error.message).toBe(
        'Files of personal drives cannot be attached to content'
      );
      expect(single.body.error.details.errors).toEqual([
        expect.objectContaining({ path: ['attachment'] }),
      ]);

      const multiple = await contentManager(world).create({
        title: 'Leak',
        attachments: [privateFile],
      });
      expect(multiple.status).toBe(400);
      expect(multiple.body.error.details.errors[0].path).toEqual(['attachments', '0']);
      expect(await world.strapi.db.query(ARTICLE).count({ where: { title: 'Leak' } })).toBe(0);
    });

    it('refuses a file of a drive the editor cannot read, and lets them keep one already attached', async () => {
      const [file] = await createFiles(world, ['Board minutes.pdf']);
      await syncDrive(world);
      const outsider = contentManager(world, world.outsider.token);
      const refused = await outsider.create({
        title: 'Outsider',
        attachment: reference(file, driveId()),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe('The file was not found in a drive you can see');

      // An editor who can read the drive attaches it; the outsider edits the entry afterwards.
      const created = await contentManager(world, world.editor.token).create({
        title: 'Shared',
        attachment: reference(file, driveId()),
      });
      expect(created.status).toBe(201);
      const { documentId } = created.body.data;
      const edited = await outsider.update(documentId, {
        title: 'Shared, edited',
        attachment: reference(file, driveId()),
      });
      expect(edited.status).toBe(200);
      // But the outsider cannot add another file of that drive to it.
      const [other] = await createFiles(world, ['Budget.xlsx']);
      await syncDrive(world);
      const added = await outsider.update(documentId, {
        attachments: [reference(other, driveId())],
      });
      expect(added.status).toBe(400);
    });

    it('refuses unknown files, folders and values that are not references; stores only the reference', async () => {
      const [file] = await createFiles(world, ['Plan.docx']);
      const folder = await world.control.createItem(driveId(), { name: 'Plans', folder: true });
      await syncDrive(world);
      const cm = contentManager(world, world.editor.token);
      for (const [value, message] of [
        [{ driveId: driveId(), itemId: 'no-such-item' }, 'The file was not found'],
        [{ driveId: driveId(), itemId: folder.id }, 'The file was not found'],
        ['Plan.docx', 'An external file is given as { driveId, itemId }'],
        [{ driveId: driveId() }, 'An external file is given as { driveId, itemId }'],
      ] as const) {
        const answer = await cm.create({ title: 'Bad', attachment: value });
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toContain(message);
      }
      const notAList = await cm.create({ title: 'Bad', attachments: reference(file, driveId()) });
      expect(notAList.status).toBe(400);

      // Extra keys (what a read returns) are dropped; a repeated file is kept once.
      const created = await cm.create({
        title: 'Plan',
        attachment: { ...reference(file, driveId()), name: 'Plan.docx', state: 'available' },
        attachments: [reference(file, driveId()), reference(file, driveId())],
      });
      expect(created.status).toBe(201);
      const stored = await world.strapi.db
        .query(ARTICLE)
        .findOne({ where: { documentId: created.body.data.documentId } });
      expect(stored.attachment).toEqual(reference(file, driveId()));
      expect(stored.attachments).toEqual([reference(file, driveId())]);
    });

    it('lets the content API keep the files of an entry but not add any', async () => {
      const tokenAnswer = await admin(world)
        .post('/admin/api-tokens')
        .send({ name: 'website', type: 'full-access', lifespan: null, description: '' });
      expect(tokenAnswer.status).toBe(201);
      const site = (method: 'post' | 'put' | 'get', url: string) =>
        world.app.http[method](url).set(
          'Authorization',
          `Bearer ${tokenAnswer.body.data.accessKey}`
        );
      const [kept, other] = await createFiles(world, ['Kept.pdf', 'Other.pdf']);
      await syncDrive(world);

      const added = await site('post', '/api/articles').send({
        data: { title: 'From the API', attachment: reference(kept, driveId()) },
      });
      expect(added.status).toBe(400);
      expect(added.body.error.message).toBe(
        'External files are attached in the admin panel; the content API can keep them but not add others'
      );

      const created = await contentManager(world, world.editor.token).create({
        title: 'Edited by the API',
        attachment: reference(kept, driveId()),
      });
      const { documentId } = created.body.data;
      await contentManager(world, world.editor.token).publish(documentId);
      // What a read returned, written back with a new title: accepted, the reference unchanged.
      const read = await site('get', `/api/articles/${documentId}`);
      expect(read.body.data.attachment.state).toBe('available');
      const rewritten = await site('put', `/api/articles/${documentId}`).send({
        data: { title: 'Renamed by the API', attachment: read.body.data.attachment },
      });
      expect(rewritten.status).toBe(200);
      expect(rewritten.body.data.attachment).toMatchObject({ name: 'Kept.pdf' });
      const swapped = await site('put', `/api/articles/${documentId}`).send({
        data: { attachment: reference(other, driveId()) },
      });
      expect(swapped.status).toBe(400);
    });
  });

  it('refuses its admin routes without the plugin permission, and to anonymous callers', async () => {
    const plainRole = await createRole(world.strapi, { name: 'editor-tools plain', actions: [] });
    const plain = await createAdmin(world.strapi, {
      email: 'editor-tools-plain@example.com',
      roles: [plainRole],
    });
    for (const route of adminEditorRoutes) {
      const path = `${BASE}${route.path.replace(':id', String(world.drive.id)).replace(':itemId', 'x')}`;
      const method = route.method.toLowerCase() as 'get' | 'post';
      const answer = await adminRequest(world.app.http, plain.token)[method](path).send({});
      expect([route.method, route.path, answer.status]).toEqual([route.method, route.path, 403]);
      expect((await world.app.http[method](path).send({})).status).toBe(401);
    }
  });

  describe('in My Files', () => {
    it('counts and lists the entries using a file ("Used in N entries")', async () => {
      const [used, unused] = await createFiles(world, ['Policy.pdf', 'Unused.pdf']);
      await syncDrive(world);
      const cm = contentManager(world, world.editor.token);
      const first = await cm.create({ title: 'Policy A', attachment: reference(used, driveId()) });
      await cm.publish(first.body.data.documentId);
      const second = await cm.create({
        title: 'Policy B',
        attachments: [reference(used, driveId())],
      });
      // Draft and published versions of one entry count once.
      await cm.update(first.body.data.documentId, { title: 'Policy A (draft)' });

      const counts = await admin(world, world.editor.token).get(
        `${BASE}/drives/${world.drive.id}/usage?itemIds=${used.id},${unused.id}`
      );
      expect(counts.status).toBe(200);
      expect(counts.body.data).toEqual({ [used.id]: 2, [unused.id]: 0 });

      const listed = await admin(world, world.editor.token).get(
        `${BASE}/drives/${world.drive.id}/items/${used.id}/usage`
      );
      expect(listed.body.data).toMatchObject({ count: 2, hidden: 0 });
      expect(
        listed.body.data.entries
          .map((entry: { documentId: string; published: boolean; contentType: string }) => [
            entry.documentId,
            entry.published,
            entry.contentType,
          ])
          .sort()
      ).toEqual(
        [
          [first.body.data.documentId, true, ARTICLE],
          [second.body.data.documentId, false, ARTICLE],
        ].sort()
      );
      expect(
        listed.body.data.entries.map((entry: { title: string }) => entry.title).sort()
      ).toEqual(['Policy A (draft)', 'Policy B']);

      // Deleting an entry takes it out of the count.
      await cm.remove(second.body.data.documentId);
      const after = await admin(world, world.editor.token).get(
        `${BASE}/drives/${world.drive.id}/usage?itemIds=${used.id}`
      );
      expect(after.body.data).toEqual({ [used.id]: 1 });

      // The outsider's role does not see the drive: nothing about its files.
      const outsider = await admin(world, world.outsider.token).get(
        `${BASE}/drives/${world.drive.id}/usage?itemIds=${used.id}`
      );
      expect(outsider.status).toBe(404);
    });

    it('describes a field value for the content manager, hiding drives the admin cannot read', async () => {
      const [file] = await createFiles(world, ['Shown.pdf']);
      await syncDrive(world);
      const body = { references: [reference(file, driveId())] };
      const editor = await admin(world, world.editor.token)
        .post(`${BASE}/external-files/describe`)
        .send(body);
      expect(editor.body.data).toEqual([
        expect.objectContaining({ state: 'available', name: 'Shown.pdf', downloadUrl: null }),
      ]);
      const outsider = await admin(world, world.outsider.token)
        .post(`${BASE}/external-files/describe`)
        .send(body);
      expect(outsider.body.data).toEqual([
        { driveId: driveId(), itemId: file.id, state: 'unavailable' },
      ]);
    });

    describe('Copy to Media Library', () => {
      const copy = (itemId: string, token = world.editor.token) =>
        admin(world, token)
          .post(`${BASE}/drives/${world.drive.id}/items/${itemId}/copy-to-media-library`)
          .send({});
      const uploads = () => world.strapi.plugin('upload').service('upload');

      it('streams the file into the upload plugin: the asset holds the same bytes', async () => {
        const file = await world.control.createItem(driveId(), {
          name: 'Brochure.pdf',
          size: 3 * 1024 * 1024 + 17,
        });
        await syncDrive(world);
        const answer = await copy(file.id);
        expect(answer.status).toBe(201);
        const media = answer.body.data;
        try {
          expect(media).toMatchObject({
            name: 'Brochure.pdf',
            mime: 'application/pdf',
            ext: '.pdf',
            // The upload plugin keeps kilobytes with two decimals.
            size: Math.round((file.size / 1000) * 100) / 100,
          });
          const onDisk = fs.readFileSync(
            path.join(world.strapi.dirs.static.public, media.url as string)
          );
          expect(onDisk.length).toBe(file.size);
          expect(quickXorHash(onDisk)).toBe(file.quickXorHash);
          // The same bytes the admin download serves.
          const served = await admin(world)
            .get(`${BASE}/drives/${world.drive.id}/items/${file.id}/content`)
            .buffer(true)
            .parse((res, done) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => done(null, Buffer.concat(chunks)));
            });
          const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
          expect(sha(onDisk)).toBe(sha(served.body as Buffer));
        } finally {
          await uploads().remove(media);
        }
      });

      it('refuses admins who cannot read the drive or cannot upload, and honours the download switch', async () => {
        const [file] = await createFiles(world, ['Refused.pdf']);
        await syncDrive(world);
        expect((await copy(file.id, world.outsider.token)).status).toBe(404);

        const readOnlyRole = await createRole(world.strapi, {
          name: 'editor-tools readers without uploads',
          actions: [PERMISSIONS.read],
        });
        await admin(world)
          .put(`${BASE}/drives/${world.drive.id}`)
          .send({
            roles: [
              { roleId: world.editor.roleId, access: 'read' },
              { roleId: readOnlyRole, access: 'read' },
            ],
          });
        const reader = await createAdmin(world.strapi, {
          email: 'editor-tools-reader@example.com',
          roles: [readOnlyRole],
        });
        const noUpload = await adminRequest(world.app.http, reader.token)
          .post(`${BASE}/drives/${world.drive.id}/items/${file.id}/copy-to-media-library`)
          .send({});
        expect(noUpload.status).toBe(403);
        expect(noUpload.body.error.message).toBe('You cannot add files to the Media Library');

        await admin(world).put(`${BASE}/settings`).send({ downloadsEnabled: false });
        try {
          const switchedOff = await copy(file.id);
          expect(switchedOff.status).toBe(403);
          expect(switchedOff.body.error.message).toBe(
            'File downloads are disabled by your administrator'
          );
        } finally {
          await admin(world).put(`${BASE}/settings`).send({ downloadsEnabled: true });
        }
        const folder = await world.control.createItem(driveId(), { name: 'Box', folder: true });
        await syncDrive(world);
        expect((await copy(folder.id)).status).toBe(400);
        expect(await world.strapi.db.query('plugin::upload.file').count()).toBe(0);
      });
    });
  });
});
