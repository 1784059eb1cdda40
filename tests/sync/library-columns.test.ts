/**
 * Library columns end to end: a real Strapi, the emulator's library with columns of every kept
 * type, the admin's choice (kept, published), the list-items delta beside the drive's, values in
 * the content API for attached files. Bad input and a read-only role change nothing; a personal
 * drive's columns never reach the content API.
 */
import type { ControlColumnSpec } from '../../emulator/src/control/list-routes';
import type { StatsSnapshot } from '../../emulator/src/control/request-stats';
import { TABLE, UID } from '../../server/src/constants';
import { resolveReferences } from '../../server/src/editors/resolve';
import { listFieldsOf } from '../../server/src/sync/list-fields/table';
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

const COLUMNS: ControlColumnSpec[] = [
  { name: 'Department', type: 'choice', choices: ['Sales', 'Legal'] },
  { name: 'Tags', type: 'multiChoice', choices: ['a', 'b'] },
  { name: 'Summary', type: 'note', displayName: 'Summary text' },
  { name: 'Pages', type: 'number' },
  { name: 'Amount', type: 'currency' },
  { name: 'Reviewed', type: 'boolean' },
  { name: 'Due', type: 'dateTime' },
  { name: 'Link', type: 'hyperlink' },
  { name: 'Owner', type: 'person' },
  { name: 'Topic', type: 'term' },
  { name: 'City', type: 'lookup' },
];

const deltaRequests = (stats: StatsSnapshot) =>
  Object.entries(stats.byRoute)
    .filter(([route]) => /\/delta$/.test(route))
    .reduce((sum, [, count]) => sum + count, 0);

describe('library columns', () => {
  let world: EditorsWorld;
  let remoteDriveId: string;
  let driveId: number;
  let listItemOf: (itemId: string) => Promise<string>;
  const columnsUrl = () => `${BASE}/drives/${driveId}/library-columns`;
  const storedChoice = async () =>
    (
      (await world.strapi.db
        .query(UID.drive)
        .findOne({ where: { id: driveId }, select: ['libraryColumns'] })) as {
        libraryColumns: unknown;
      }
    ).libraryColumns;

  beforeAll(async () => {
    world = await startEditorsWorld('columns');
    remoteDriveId = world.drive.remoteDriveId;
    driveId = world.drive.id;
    await world.control.setListColumns(remoteDriveId, COLUMNS);
    listItemOf = async (itemId) => {
      const row = (await world.strapi.db
        .query(UID.driveItem)
        .findOne({ where: { driveId, remoteId: itemId }, select: ['listItemId'] })) as {
        listItemId: string;
      };
      return row.listItemId;
    };
  });
  afterAll(async () => {
    await world?.close();
  });

  it('costs one delta request when nothing changed while no column is kept', async () => {
    await createFiles(world, ['Plain.txt']);
    await syncDrive(world);
    const mark = await world.control.mark();
    await syncDrive(world);
    expect(deltaRequests(await world.control.stats(mark))).toBe(1);
  });

  it('offers the library columns, none kept or published by default', async () => {
    const view = await admin(world).get(columnsUrl());
    expect(view.status).toBe(200);
    expect(view.body.data.kept).toEqual([]);
    expect(view.body.data.published).toEqual([]);
    expect(view.body.data.canPublish).toBe(true);
    const types = Object.fromEntries(
      view.body.data.available.map((column: { name: string; type: string }) => [
        column.name,
        column.type,
      ])
    );
    expect(types).toEqual(
      expect.objectContaining({
        Title: 'text',
        Department: 'choice',
        Tags: 'multiChoice',
        Summary: 'note',
        Pages: 'number',
        Amount: 'currency',
        Reviewed: 'boolean',
        Due: 'dateTime',
        Link: 'hyperlink',
        Owner: 'person',
        Topic: 'term',
        City: 'lookup',
      })
    );
    expect(types.FileLeafRef).toBeUndefined();
    expect(
      view.body.data.available.find((column: { name: string }) => column.name === 'Summary')
        .displayName
    ).toBe('Summary text');
  });

  it('refuses a read-only role and bad input, changing nothing', async () => {
    const editor = admin(world, world.editor.token);
    expect((await editor.get(columnsUrl())).status).toBe(403);
    const refused = await editor.put(columnsUrl()).send({ kept: ['Department'], published: [] });
    expect(refused.status).toBe(403);

    const bad = [
      [{ kept: ['NoSuchColumn'], published: [] }, /no column NoSuchColumn/],
      [{ kept: ['Department'], published: ['Owner'] }, /Only kept columns/],
      [{ kept: 'Department', published: [] }, /kept/],
      [{ kept: ['Department'] }, /published/],
      [{ kept: [], published: [], extra: 1 }, /extra|unknown|not allowed/i],
    ] as const;
    for (const [body, message] of bad) {
      const answer = await admin(world).put(columnsUrl()).send(body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body.error)).toMatch(message);
    }
    expect((await admin(world).get(`${BASE}/drives/999999/library-columns`)).status).toBe(404);
    expect(await storedChoice()).toBeNull();
  });

  it('syncs the kept columns through the list feed, people resolved, two delta requests when quiet', async () => {
    const [report] = await createFiles(world, ['Report.docx']);
    const megan = world.emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
    await world.control.setListFields(remoteDriveId, report.id, {
      Title: 'Quarterly',
      Department: 'Legal',
      Tags: ['a', 'b'],
      Summary: 'Line one\nLine two',
      Pages: 12,
      Amount: 99.5,
      Reviewed: true,
      Due: '2026-03-31T00:00:00Z',
      Link: { Url: 'https://example.com/spec', Description: 'Spec' },
      Owner: megan.id,
      Topic: { Label: 'Finance' },
      City: { LookupId: 4, LookupValue: 'Paris' },
    });
    // A database synced before list item ids were kept: its rows have none.
    await syncDrive(world);
    await world.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .update({ list_item_id: null });

    const kept = ['Title', ...COLUMNS.map((column) => column.name)];
    const saved = await admin(world)
      .put(columnsUrl())
      .send({ kept, published: ['Department', 'Owner'] });
    expect(saved.status).toBe(200);
    expect(saved.body.data.kept).toEqual(kept);

    // The drive is enumerated afresh once, so its files learn their list item ids.
    const run = await admin(world).post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(run.body.data).toMatchObject({ status: 'succeeded', fullEnumeration: true });
    expect(await listItemOf(report.id)).toMatch(/^\d+$/);
    const fields = (await listFieldsOf(world.strapi, driveId, [await listItemOf(report.id)])).get(
      await listItemOf(report.id)
    );
    expect(fields).toEqual({
      Title: 'Quarterly',
      Department: 'Legal',
      Tags: ['a', 'b'],
      Summary: 'Line one\nLine two',
      Pages: 12,
      Amount: 99.5,
      Reviewed: true,
      Due: '2026-03-31T00:00:00Z',
      Link: { url: 'https://example.com/spec', description: 'Spec' },
      Owner: { displayName: 'Megan Bowen', email: megan.mail },
      Topic: 'Finance',
      City: 'Paris',
    });

    // My Files lists the kept values with each item, for whoever may read the drive.
    const listed = await admin(world, world.editor.token).get(
      `${BASE}/drives/${driveId}/children?pageSize=100`
    );
    expect(listed.status).toBe(200);
    const row = listed.body.results.find((item: { name: string }) => item.name === 'Report.docx');
    expect(row.columns).toEqual(fields);
    const drive = await admin(world, world.editor.token).get(`${BASE}/drives/${driveId}`);
    expect(
      drive.body.data.libraryColumns.kept.map((column: { name: string }) => column.name)
    ).toEqual(kept);
    expect(drive.body.data.listSyncCursor).toBeUndefined();

    const mark = await world.control.mark();
    await syncDrive(world);
    expect(deltaRequests(await world.control.stats(mark))).toBe(2);
  });

  it('follows changes and deletions, and re-enumerates the list after a 410', async () => {
    const [memo] = await createFiles(world, ['Memo.txt']);
    await world.control.setListFields(remoteDriveId, memo.id, { Department: 'Sales' });
    await syncDrive(world);
    const memoListItem = await listItemOf(memo.id);
    expect((await listFieldsOf(world.strapi, driveId, [memoListItem])).get(memoListItem)).toEqual({
      Department: 'Sales',
    });

    await world.control.setListFields(remoteDriveId, memo.id, {
      Department: 'Legal',
      Reviewed: false,
    });
    await syncDrive(world);
    expect((await listFieldsOf(world.strapi, driveId, [memoListItem])).get(memoListItem)).toEqual({
      Department: 'Legal',
      Reviewed: false,
    });

    await world.control.setListFields(remoteDriveId, memo.id, { Department: 'Sales' });
    await world.control.invalidateListDeltaTokens(remoteDriveId);
    await syncDrive(world);
    expect((await listFieldsOf(world.strapi, driveId, [memoListItem])).get(memoListItem)).toEqual({
      Department: 'Sales',
      Reviewed: false,
    });

    await world.control.deleteItem(remoteDriveId, memo.id);
    await syncDrive(world);
    expect((await listFieldsOf(world.strapi, driveId, [memoListItem])).size).toBe(0);
  });

  it('returns only the published columns with attached files in the content API', async () => {
    await grantPublic(world.strapi, [`${ARTICLE}.find`, `${ARTICLE}.findOne`]);
    const [attached] = await createFiles(world, ['Attached.pdf']);
    const megan = world.emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
    await world.control.setListFields(remoteDriveId, attached.id, {
      Department: 'Sales',
      Owner: megan.id,
      Amount: 5,
    });
    await syncDrive(world);
    const cm = contentManager(world, world.editor.token);
    const created = await cm.create({
      title: 'With columns',
      attachment: reference(attached, remoteDriveId),
    });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect((await cm.publish(documentId)).status).toBe(200);
    const read = await world.app.http.get(`/api/articles/${documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.data.attachment.columns).toEqual({
      Department: 'Sales',
      Owner: { displayName: 'Megan Bowen', email: megan.mail },
    });

    // Unpublishing every column takes them off the content API at once.
    await admin(world)
      .put(columnsUrl())
      .send({ kept: ['Department', 'Owner', 'Amount'], published: [] });
    await syncDrive(world);
    const after = await world.app.http.get(`/api/articles/${documentId}`);
    expect(after.body.data.attachment.columns).toBeUndefined();
  });

  it("never publishes a personal drive's columns", async () => {
    const owner = world.emulator.info.users[0];
    const personal = (await world.strapi.db.query(UID.drive).create({
      data: {
        name: 'My OneDrive',
        kind: 'onedrive',
        scope: 'personal',
        remoteDriveId: owner.driveId,
        ownerId: world.superAdmin.id,
        status: 'ok',
      },
    })) as { id: number };
    const refused = await admin(world)
      .put(`${BASE}/drives/${personal.id}/library-columns`)
      .send({ kept: ['Department'], published: ['Department'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/personal drive/);
    // Another admin cannot even see it.
    const other = await admin(world, world.editor.token)
      .put(`${BASE}/drives/${personal.id}/library-columns`)
      .send({ kept: [], published: [] });
    expect(other.status).toBe(404);

    // Even a row that says otherwise is not served: only platform drives resolve.
    await world.strapi.db.query(UID.drive).update({
      where: { id: personal.id },
      data: {
        libraryColumns: { siteId: 's', listId: 'l', kept: [], published: ['Department'] },
      },
    });
    await world.strapi.db.query(UID.driveItem).create({
      data: {
        driveId: personal.id,
        remoteId: 'private-item',
        name: 'Private.pdf',
        isFolder: false,
        listItemId: '1',
      },
    });
    const resolved = await resolveReferences(world.strapi, [
      { driveId: owner.driveId, itemId: 'private-item' },
    ]);
    expect(resolved.size).toBe(0);
  });
});
