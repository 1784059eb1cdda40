/**
 * Files published as sharing links (issue 22): an editor attaches a file with `link: 'sharing'`,
 * the server creates (or reuses) the view link in Microsoft 365 and the content API answers it.
 * A real Strapi (the playground's `article`), the real emulator; Microsoft's own record of the
 * links (the emulator's control API) shows what was, and was not, created.
 */
import { UID } from '../../server/src/constants';
import { LINK_REFUSALS } from '../../server/src/editors/link-refusals';
import {
  ARTICLE,
  BASE,
  admin,
  contentManager,
  createFiles,
  grantPublic,
  reference,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

describe('External files published as sharing links', () => {
  let world: EditorsWorld;
  let cm: ReturnType<typeof contentManager>;
  let driveId: string;

  const readArticle = (documentId: string) =>
    world.app.http.get(`/api/articles/${documentId}`).expect(200);
  const linksInMicrosoft = (itemId: string) => world.control.sharingLinks(driveId, itemId);
  const storedLinks = () => world.strapi.db.query(UID.sharingLink).count({});
  const setSettings = async (update: object) =>
    expect((await admin(world).put(`${BASE}/settings`).send(update)).status).toBe(200);
  const setDriveScope = async (linkScope: 'organization' | 'none') =>
    expect(
      (await admin(world).put(`${BASE}/drives/${world.drive.id}`).send({ linkScope })).status
    ).toBe(200);
  const downloadRoute = (itemId: string) =>
    `/api/external-drives/files/${encodeURIComponent(driveId)}/${encodeURIComponent(itemId)}`;

  const publishedArticle = async (title: string, data: Record<string, unknown>) => {
    const created = await cm.create({ title, ...data });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect((await cm.publish(documentId)).status).toBe(200);
    return documentId as string;
  };

  beforeAll(async () => {
    world = await startEditorsWorld('sharing-links');
    cm = contentManager(world, world.editor.token);
    driveId = world.drive.remoteDriveId;
    await grantPublic(world.strapi, [`${ARTICLE}.find`, `${ARTICLE}.findOne`, `${ARTICLE}.update`]);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('publishes a file inserted as a sharing link with the link Microsoft made, never a URL the browser sent', async () => {
    const [brochure, price] = await createFiles(world, ['Brochure.pdf', 'Prices.xlsx']);
    await syncDrive(world);
    const forged = 'https://evil.example/phish';
    const documentId = await publishedArticle('Linked brochure', {
      attachment: { ...reference(brochure, driveId), link: 'sharing', url: forged, webUrl: forged },
      attachments: [{ ...reference(price, driveId), url: forged, sharingUrl: forged }],
    });

    const links = await linksInMicrosoft(brochure.id);
    expect(links).toEqual([
      expect.objectContaining({ type: 'view', scope: 'organization', createdBy: { kind: 'app' } }),
    ]);
    const { attachment, attachments } = (await readArticle(documentId)).body.data;
    expect(attachment).toMatchObject({
      driveId,
      itemId: brochure.id,
      link: 'sharing',
      state: 'available',
      name: 'Brochure.pdf',
      sharingUrl: links[0].webUrl,
      url: links[0].webUrl,
      downloadUrl: downloadRoute(brochure.id),
    });
    expect(attachment.webUrl).not.toBe(forged);
    // Not chosen: the download route, whatever URL came along; no link made in Microsoft 365.
    expect(attachments[0]).toMatchObject({
      itemId: price.id,
      sharingUrl: null,
      url: downloadRoute(price.id),
    });
    expect(attachments[0].link).toBeUndefined();
    expect(await linksInMicrosoft(price.id)).toEqual([]);

    const stored = await world.strapi.db
      .query(ARTICLE)
      .findOne({ where: { documentId, publishedAt: { $notNull: true } } });
    expect(stored.attachment).toEqual({ driveId, itemId: brochure.id, link: 'sharing' });
    expect(stored.attachments).toEqual([{ driveId, itemId: price.id }]);

    // Who made the link is in the drive's activity, as "Copy link" is.
    const activity = await admin(world).get(`${BASE}/drives/${world.drive.id}/activity`);
    expect(activity.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'createLink',
          itemName: 'Brochure.pdf',
          result: 'succeeded',
        }),
      ])
    );
  });

  it('links a file already attached when the editor switches it to a link, reusing Microsoft’s link', async () => {
    const [guide] = await createFiles(world, ['Guide.docx']);
    await syncDrive(world);
    const documentId = await publishedArticle('Guide', { attachment: reference(guide, driveId) });
    expect((await readArticle(documentId)).body.data.attachment.sharingUrl).toBeNull();

    // My Files' "Copy link" first: the same link serves content.
    const copied = await admin(world, world.editor.token).post(
      `${BASE}/drives/${world.drive.id}/items/${encodeURIComponent(guide.id)}/link`
    );
    expect(copied.status).toBe(200);
    const update = await cm.update(documentId, {
      attachment: { ...reference(guide, driveId), link: 'sharing' },
    });
    expect(update.status).toBe(200);
    expect((await cm.publish(documentId)).status).toBe(200);
    expect(await linksInMicrosoft(guide.id)).toHaveLength(1);
    expect((await readArticle(documentId)).body.data.attachment.url).toBe(copied.body.data.webUrl);
    // Both are in the activity: the Copy link and the link published in content.
    const activity = await admin(world).get(`${BASE}/drives/${world.drive.id}/activity`);
    const made = (activity.body.data as Array<{ action: string; itemName: string }>).filter(
      (entry) => entry.action === 'createLink' && entry.itemName === 'Guide.docx'
    );
    expect(made).toHaveLength(2);
  });

  it('refuses a personal drive’s file as a link with 400, and stores nothing', async () => {
    const personal = world.emulator.info.users[0];
    const drive = await world.strapi.db.query(UID.drive).create({
      data: {
        name: 'Their OneDrive',
        kind: 'onedrive',
        scope: 'personal',
        remoteDriveId: personal.driveId,
        ownerId: world.editor.id,
        status: 'ok',
      },
    });
    await world.strapi.db.query(UID.driveItem).create({
      data: { driveId: drive.id, remoteId: 'private-link', name: 'Payslip.pdf', isFolder: false },
    });
    const before = await storedLinks();
    const refused = await cm.create({
      title: 'Personal link',
      attachment: { driveId: personal.driveId, itemId: 'private-link', link: 'sharing' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(LINK_REFUSALS.personal);
    expect(refused.body.error.details.errors[0].path).toEqual(['attachment']);
    expect(await world.strapi.db.query(ARTICLE).count({ where: { title: 'Personal link' } })).toBe(
      0
    );
    expect(await storedLinks()).toBe(before);
  });

  it('refuses a link while links are switched off, or the drive allows none, and changes nothing', async () => {
    const [memo] = await createFiles(world, ['Memo.txt']);
    await syncDrive(world);
    const asLink = { attachments: [{ ...reference(memo, driveId), link: 'sharing' }] };
    try {
      await setSettings({ sharingLinksEnabled: false });
      const off = await cm.create({ title: 'Links off', ...asLink });
      expect(off.status).toBe(400);
      expect(off.body.error.message).toBe(LINK_REFUSALS.switchedOff);
      expect(off.body.error.details.errors[0].path).toEqual(['attachments', '0']);

      await setSettings({ sharingLinksEnabled: null });
      await setDriveScope('none');
      const none = await cm.create({ title: 'Links off', ...asLink });
      expect(none.status).toBe(400);
      expect(none.body.error.message).toBe(LINK_REFUSALS.driveNone);
    } finally {
      await setSettings({ sharingLinksEnabled: null });
      await setDriveScope('organization');
    }
    expect(await world.strapi.db.query(ARTICLE).count({ where: { title: 'Links off' } })).toBe(0);
    expect(await linksInMicrosoft(memo.id)).toEqual([]);
  });

  it('stops publishing a stored link once links are switched off or the drive allows none', async () => {
    const [plan] = await createFiles(world, ['Plan.pdf']);
    await syncDrive(world);
    const documentId = await publishedArticle('Plan', {
      attachment: { ...reference(plan, driveId), link: 'sharing' },
    });
    const [link] = await linksInMicrosoft(plan.id);
    expect((await readArticle(documentId)).body.data.attachment.url).toBe(link.webUrl);
    const hidden = { sharingUrl: null, url: null, downloadUrl: downloadRoute(plan.id) };
    try {
      await setSettings({ sharingLinksEnabled: false });
      expect((await readArticle(documentId)).body.data.attachment).toMatchObject(hidden);
      // Saving another field keeps the choice: the entry already published it as a link.
      const kept = await cm.update(documentId, {
        title: 'Plan (edited)',
        attachment: { ...reference(plan, driveId), link: 'sharing' },
      });
      expect(kept.status).toBe(200);

      await setSettings({ sharingLinksEnabled: null });
      await setDriveScope('none');
      expect((await readArticle(documentId)).body.data.attachment).toMatchObject(hidden);
    } finally {
      await setSettings({ sharingLinksEnabled: null });
      await setDriveScope('organization');
    }
    expect((await readArticle(documentId)).body.data.attachment.url).toBe(link.webUrl);
  });

  it('lets the content API keep a link but not ask for one', async () => {
    const [sheet] = await createFiles(world, ['Sheet.xlsx']);
    await syncDrive(world);
    const documentId = await publishedArticle('Sheet', { attachment: reference(sheet, driveId) });
    const asked = await world.app.http
      .put(`/api/articles/${documentId}`)
      .send({ data: { attachment: { ...reference(sheet, driveId), link: 'sharing' } } });
    expect(asked.status).toBe(400);
    expect(asked.body.error.message).toBe(LINK_REFUSALS.contentApi);
    expect(await linksInMicrosoft(sheet.id)).toEqual([]);
  });
});
