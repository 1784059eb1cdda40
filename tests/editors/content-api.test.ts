/**
 * External file fields as a website sees them: entries written by editors in the content manager,
 * read through Strapi's content API, files downloaded through the plugin's content-API route.
 * A real Strapi (the playground's `article`), the real emulator, Users & Permissions' Public role.
 */
import { quickXorHash } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { UID } from '../../server/src/constants';
import type { EditorsService } from '../../server/src/editors/service';
import {
  ARTICLE,
  BASE,
  DOWNLOAD_ACTION,
  admin,
  binary,
  contentManager,
  createFiles,
  grantPublic,
  reference,
  revokePublic,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

describe('External file fields through the content API', () => {
  let world: EditorsWorld;
  let cm: ReturnType<typeof contentManager>;

  const readArticle = (documentId: string, query = '') =>
    world.app.http.get(`/api/articles/${documentId}${query}`);
  const download = (url: string) => binary(world.app.http.get(url));
  const fileUrl = (driveId: string, itemId: string) =>
    `/api/external-drives/files/${encodeURIComponent(driveId)}/${encodeURIComponent(itemId)}`;

  /** An article created and published by the editor, holding these files. */
  const publishedArticle = async (title: string, data: Record<string, unknown>) => {
    const created = await cm.create({ title, ...data });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect((await cm.publish(documentId)).status).toBe(200);
    return documentId as string;
  };

  beforeAll(async () => {
    world = await startEditorsWorld('content-api');
    cm = contentManager(world, world.editor.token);
    await grantPublic(world.strapi, [`${ARTICLE}.find`, `${ARTICLE}.findOne`]);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('registers both custom fields and offers the download as the only Users & Permissions action', async () => {
    const registry = world.strapi.get('custom-fields');
    expect(registry.get('plugin::external-drives.external-file')).toMatchObject({ type: 'json' });
    expect(registry.get('plugin::external-drives.external-files')).toMatchObject({ type: 'json' });
    const attributes = world.strapi.getModel(ARTICLE).attributes as Record<string, unknown>;
    expect(attributes.attachment).toMatchObject({
      type: 'json',
      customField: 'plugin::external-drives.external-file',
    });

    const permissions = await admin(world).get('/users-permissions/permissions');
    expect(permissions.status).toBe(200);
    // The download is the plugin's only grantable action: Microsoft's sign-in callback and change
    // notifications are public by necessity and never listed for a role to grant or refuse.
    expect(permissions.body.permissions['plugin::external-drives'].controllers).toEqual({
      'content-file': { download: { enabled: false, policy: '' } },
    });
  });

  it('reads an attached file with its current metadata; after a rename and a sync, the new name under the same reference', async () => {
    const [report, annex] = await createFiles(world, ['Report 2024.pdf', 'Annex.xlsx']);
    await syncDrive(world);
    const driveId = world.drive.remoteDriveId;
    const documentId = await publishedArticle('Quarterly report', {
      attachment: reference(report, driveId),
      attachments: [reference(annex, driveId), reference(report, driveId)],
    });

    const first = await readArticle(documentId);
    expect(first.status).toBe(200);
    const synced = await world.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: world.drive.id, remoteId: report.id } });
    expect(first.body.data.attachment).toEqual({
      driveId,
      itemId: report.id,
      state: 'available',
      name: 'Report 2024.pdf',
      size: report.size,
      mimeType: 'application/pdf',
      modifiedAt: new Date(synced.remoteModifiedAt).toISOString(),
      webUrl: expect.stringMatching(/^https:\/\/.+Report%202024\.pdf$/),
      downloadUrl: fileUrl(driveId, report.id),
      // No sharing link chosen: the download route is where readers go.
      sharingUrl: null,
      url: fileUrl(driveId, report.id),
    });
    expect(
      first.body.data.attachments.map((file: { name: string; state: string }) => file.name)
    ).toEqual(['Annex.xlsx', 'Report 2024.pdf']);

    await world.control.renameItem(driveId, report.id, 'Report 2024 (final).pdf');
    await syncDrive(world);
    const second = await readArticle(documentId);
    expect(second.body.data.attachment).toMatchObject({
      driveId,
      itemId: report.id,
      state: 'available',
      name: 'Report 2024 (final).pdf',
    });
    expect(second.body.data.attachments[1]).toMatchObject({
      itemId: report.id,
      name: 'Report 2024 (final).pdf',
    });
    // The entry still stores the bare reference; only reads carry metadata.
    const stored = await world.strapi.db
      .query(ARTICLE)
      .findOne({ where: { documentId, publishedAt: { $notNull: true } } });
    expect(stored.attachment).toEqual({ driveId, itemId: report.id });
    // Lists are enriched the same way.
    const list = await world.app.http.get('/api/articles');
    const listed = list.body.data.find(
      (entry: { documentId: string }) => entry.documentId === documentId
    );
    expect(listed.attachment.name).toBe('Report 2024 (final).pdf');

    // The link serves the bytes Microsoft holds, under the current name.
    await grantPublic(world.strapi, [DOWNLOAD_ACTION]);
    try {
      const served = await download(second.body.data.attachment.downloadUrl);
      expect(served.status).toBe(200);
      expect(served.headers['content-disposition']).toContain('Report 2024 (final).pdf');
      expect(quickXorHash(served.body as Buffer)).toBe(report.quickXorHash);
    } finally {
      await revokePublic(world.strapi, [DOWNLOAD_ACTION]);
    }
  });

  it('shows a deleted file and the files of a disconnected drive as unavailable, never as an error', async () => {
    const driveId = world.drive.remoteDriveId;
    const [doomed] = await createFiles(world, ['Old minutes.docx']);
    // A second library, connected, attached, then disconnected.
    const library = await world.control.createLibrary(world.siteId, 'Temporary library');
    const [elsewhere] = await createFiles(world, ['Elsewhere.pdf'], library.id);
    const editorsRead = [{ roleId: world.editor.roleId, access: 'read' }];
    const connected = await admin(world)
      .post(`${BASE}/drives`)
      .send({ siteId: world.siteId, driveId: library.id, roles: editorsRead });
    await syncDrive(world);
    await syncDrive(world, connected.body.data.id);
    const documentId = await publishedArticle('Archive', {
      attachment: reference(doomed, driveId),
      attachments: [reference(elsewhere, library.id)],
    });
    expect((await readArticle(documentId)).body.data.attachments[0].state).toBe('available');

    await world.control.deleteItem(driveId, doomed.id);
    await syncDrive(world);
    expect((await admin(world).delete(`${BASE}/drives/${connected.body.data.id}`)).status).toBe(
      200
    );

    const read = await readArticle(documentId);
    expect(read.status).toBe(200);
    expect(read.body.data.title).toBe('Archive');
    expect(read.body.data.attachment).toEqual({
      driveId,
      itemId: doomed.id,
      state: 'unavailable',
    });
    expect(read.body.data.attachments).toEqual([
      { driveId: library.id, itemId: elsewhere.id, state: 'unavailable' },
    ]);

    // Reconnecting the library brings its files back: the reference names Microsoft's ids.
    const again = await admin(world)
      .post(`${BASE}/drives`)
      .send({ siteId: world.siteId, driveId: library.id, roles: editorsRead });
    expect(again.status).toBe(201);
    await syncDrive(world, again.body.data.id);
    expect((await readArticle(documentId)).body.data.attachments[0]).toMatchObject({
      state: 'available',
      name: 'Elsewhere.pdf',
    });
  });

  describe('the download route', () => {
    let published: ControlItem;
    let draftOnly: ControlItem;
    let unattached: ControlItem;
    let publishedArticleId: string;
    const driveId = () => world.drive.remoteDriveId;

    beforeAll(async () => {
      const [a, b, c] = await createFiles(world, ['Public.pdf', 'Draft only.pdf', 'Loose.pdf']);
      await syncDrive(world);
      published = a;
      draftOnly = b;
      unattached = c;
      publishedArticleId = await publishedArticle('Public article', {
        attachment: reference(a, driveId()),
      });
      const draft = await cm.create({
        title: 'Draft article',
        attachments: [reference(b, driveId())],
      });
      expect(draft.status).toBe(201);
    });

    it('is closed until a Users & Permissions role is given the action', async () => {
      const closed = await world.app.http.get(fileUrl(driveId(), published.id));
      expect(closed.status).toBe(403);
      await grantPublic(world.strapi, [DOWNLOAD_ACTION]);
      try {
        expect((await download(fileUrl(driveId(), published.id))).status).toBe(200);
      } finally {
        await revokePublic(world.strapi, [DOWNLOAD_ACTION]);
      }
    });

    describe('with the action given to the Public role', () => {
      beforeAll(() => grantPublic(world.strapi, [DOWNLOAD_ACTION]));
      afterAll(() => revokePublic(world.strapi, [DOWNLOAD_ACTION]));

      it('serves only files attached to a published entry: drafts, loose files and guesses get the same 404', async () => {
        const served = await download(fileUrl(driveId(), published.id));
        expect(served.status).toBe(200);
        expect(quickXorHash(served.body as Buffer)).toBe(published.quickXorHash);
        expect(served.headers['content-disposition']).toMatch(/^attachment;/);
        const ranged = await download(fileUrl(driveId(), published.id)).set('Range', 'bytes=0-9');
        expect(ranged.status).toBe(206);
        expect((ranged.body as Buffer).length).toBe(10);

        const refusals = [
          fileUrl(driveId(), draftOnly.id),
          fileUrl(driveId(), unattached.id),
          fileUrl(driveId(), 'no-such-item'),
          fileUrl('b!no-such-drive', published.id),
        ];
        const answers = await Promise.all(refusals.map((url) => world.app.http.get(url)));
        for (const answer of answers) {
          expect(answer.status).toBe(404);
          expect(answer.body.error.message).toBe('The file was not found');
        }
      });

      it('follows publication: unpublished, the file is refused; a draft change waits for its publication', async () => {
        const url = fileUrl(driveId(), published.id);
        expect((await cm.unpublish(publishedArticleId)).status).toBe(200);
        expect((await world.app.http.get(url)).status).toBe(404);
        expect((await cm.publish(publishedArticleId)).status).toBe(200);
        expect((await download(url)).status).toBe(200);

        // The draft drops the file: the published version still holds it until published again.
        expect((await cm.update(publishedArticleId, { attachment: null })).status).toBe(200);
        expect((await download(url)).status).toBe(200);
        expect((await cm.publish(publishedArticleId)).status).toBe(200);
        expect((await world.app.http.get(url)).status).toBe(404);

        // Put back for the tests below.
        await cm.update(publishedArticleId, { attachment: reference(published, driveId()) });
        expect((await cm.publish(publishedArticleId)).status).toBe(200);
        expect((await download(url)).status).toBe(200);
      });

      it('never serves a file the entry no longer holds, even when a raw write went around the index; a rebuild sees raw additions', async () => {
        const url = fileUrl(driveId(), published.id);
        // A raw query (no document service) removes the file from the published version.
        await world.strapi.db.query(ARTICLE).updateMany({
          where: { documentId: publishedArticleId, publishedAt: { $notNull: true } },
          data: { attachment: null },
        });
        expect((await world.app.http.get(url)).status).toBe(404);
        // A raw write that adds one is only seen by a rebuild: at boot when the fields' layout
        // changed since the last build (here the stored layout is made an older one).
        await world.strapi.db.query(ARTICLE).updateMany({
          where: { documentId: publishedArticleId, publishedAt: { $notNull: true } },
          data: { attachment: reference(unattached, driveId()) },
        });
        expect((await world.app.http.get(fileUrl(driveId(), unattached.id))).status).toBe(404);
        const attachments = world.strapi
          .plugin('external-drives')
          .service('editors') as EditorsService;
        await attachments.bootstrap();
        expect((await world.app.http.get(fileUrl(driveId(), unattached.id))).status).toBe(404);
        await world.strapi
          .store({ type: 'plugin', name: 'external-drives' })
          .set({ key: 'attachment-index', value: { fingerprint: 'an older layout' } });
        await attachments.bootstrap();
        expect((await download(fileUrl(driveId(), unattached.id))).status).toBe(200);
      });

      it('honours the administrator download switch, and reads then carry no link', async () => {
        const url = fileUrl(driveId(), unattached.id);
        await admin(world).put(`${BASE}/settings`).send({ downloadsEnabled: false });
        try {
          const refused = await world.app.http.get(url);
          expect(refused.status).toBe(403);
          expect(refused.body.error.message).toBe(
            'File downloads are disabled by your administrator'
          );
          const read = await readArticle(publishedArticleId);
          expect(read.body.data.attachment).toMatchObject({
            state: 'available',
            downloadUrl: null,
            url: null,
          });
        } finally {
          await admin(world).put(`${BASE}/settings`).send({ downloadsEnabled: true });
        }
        expect((await download(url)).status).toBe(200);
      });
    });

    it('serves a file only to callers who may also read an entry holding it (roles and API tokens)', async () => {
      const MEMO = 'api::memo.memo';
      const [onArticle, onMemo, onBoth] = await createFiles(world, [
        'Article only.pdf',
        'Memo only.pdf',
        'Both.pdf',
      ]);
      await syncDrive(world);
      await publishedArticle('Readable by the public', {
        attachments: [reference(onArticle, driveId()), reference(onBoth, driveId())],
      });
      for (const file of [onMemo, onBoth])
        await world.strapi.documents(MEMO as never).create({
          data: { title: `Memo on ${file.name}`, attachment: reference(file, driveId()) } as never,
          status: 'published',
        });

      // Authenticated users may read memos (findOne alone is enough), not articles.
      const authenticatedRole = await world.strapi
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'authenticated' } });
      for (const action of [DOWNLOAD_ACTION, `${MEMO}.findOne`])
        await world.strapi
          .query('plugin::users-permissions.permission')
          .create({ data: { action, role: authenticatedRole.id } });
      const member = await world.strapi.plugin('users-permissions').service('user').add({
        username: 'memo-reader',
        email: 'memo-reader@example.com',
        password: 'Memo-reader-1',
        provider: 'local',
        confirmed: true,
        role: authenticatedRole.id,
      });
      const memberJwt = world.strapi
        .plugin('users-permissions')
        .service('jwt')
        .issue({ id: member.id });
      // An API token with the download and memos only.
      const { accessKey } = await world.strapi.service('admin::api-token').create({
        name: 'memo website',
        kind: 'content-api',
        type: 'custom',
        lifespan: null,
        permissions: [DOWNLOAD_ACTION, `${MEMO}.find`],
      });

      const statuses = async (bearer?: string) => {
        const answers: number[] = [];
        for (const file of [onArticle, onMemo, onBoth]) {
          const request = world.app.http.get(fileUrl(driveId(), file.id));
          if (bearer) request.set('Authorization', `Bearer ${bearer}`);
          answers.push((await request).status);
        }
        return answers;
      };
      await grantPublic(world.strapi, [DOWNLOAD_ACTION]);
      try {
        // The Public role reads articles only: the memo's file is the same 404 as a guess.
        expect(await statuses()).toEqual([200, 404, 200]);
        expect(await statuses(memberJwt)).toEqual([404, 200, 200]);
        expect(await statuses(accessKey)).toEqual([404, 200, 200]);
      } finally {
        await revokePublic(world.strapi, [DOWNLOAD_ACTION]);
      }
    });
  });
});
