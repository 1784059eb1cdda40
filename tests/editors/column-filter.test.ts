/**
 * The editors' picker's column filter, served drive-wide: `GET /drives/:id/search?column=&value=`
 * finds files anywhere in the drive whose kept column's value contains the text (any case), with
 * their folder's path; refuses a column the library lacks or the drive does not keep; answers an
 * admin who cannot read the drive nothing.
 */
import type { ControlColumnSpec } from '../../emulator/src/control/list-routes';
import {
  BASE,
  admin,
  createFiles,
  startEditorsWorld,
  syncDrive,
  type EditorsWorld,
} from '../../testkit/editors';

const COLUMNS: ControlColumnSpec[] = [
  { name: 'Department', type: 'choice', choices: ['Sales', 'Legal'] },
  { name: 'Owner', type: 'person' },
  { name: 'Reviewed', type: 'boolean' },
];

describe('column filter of drive-wide search', () => {
  let world: EditorsWorld;
  let driveId: number;
  const search = (query: string, token?: string) =>
    admin(world, token).get(`${BASE}/drives/${driveId}/search?${query}`);
  const names = (body: { data: Array<{ name: string }> }) =>
    body.data.map((item) => item.name).sort();

  beforeAll(async () => {
    world = await startEditorsWorld('colfilter');
    driveId = world.drive.id;
    const remote = world.drive.remoteDriveId;
    await world.control.setListColumns(remote, COLUMNS);
    const megan = world.emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
    const folder = await world.control.createItem(remote, { name: 'Contracts', folder: true });
    const deep = await world.control.createItem(remote, {
      parentId: folder.id,
      name: 'Nested',
      folder: true,
    });
    const contract = await world.control.createItem(remote, {
      parentId: deep.id,
      name: 'Supplier contract.pdf',
    });
    const [invoice, plain] = await createFiles(world, ['Invoice.pdf', 'Plain.txt']);
    await world.control.setListFields(remote, contract.id, {
      Department: 'Legal',
      Owner: megan.id,
      Reviewed: true,
    });
    await world.control.setListFields(remote, invoice.id, { Department: 'Sales', Reviewed: false });
    void plain;
    const saved = await admin(world)
      .put(`${BASE}/drives/${driveId}/library-columns`)
      .send({ kept: ['Department', 'Owner', 'Reviewed'], published: [] });
    expect(saved.status).toBe(200);
    await syncDrive(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('finds a match in a subfolder from the root, any case, with its folder path', async () => {
    const found = await search('column=Department&value=lEG', world.editor.token);
    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({
      name: 'Supplier contract.pdf',
      folderPath: '/Contracts/Nested',
      columns: expect.objectContaining({ Department: 'Legal' }),
    });
    expect(found.body.meta.pagination).toMatchObject({ total: 1, page: 1 });

    // A person matches on the name shown; a yes/no column on Yes/No; the name filter still applies.
    expect(names((await search('column=Owner&value=megan')).body)).toEqual([
      'Supplier contract.pdf',
    ]);
    expect(names((await search('column=Reviewed&value=no')).body)).toEqual(['Invoice.pdf']);
    expect(names((await search('q=invoice&column=Department&value=a')).body)).toEqual([
      'Invoice.pdf',
    ]);
    // Paged like search: two matches, one a page.
    const first = await search('column=Department&value=L&pageSize=1');
    expect(first.body.meta.pagination.total).toBe(2);
    expect(first.body.data).toHaveLength(1);
    const second = await search('column=Department&value=L&pageSize=1&page=2');
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].name).not.toBe(first.body.data[0].name);
  });

  it('answers no match, and treats % and _ literally', async () => {
    for (const value of ['Marketing', '%', '_']) {
      const found = await search(`column=Department&value=${encodeURIComponent(value)}`);
      expect(found.status).toBe(200);
      expect(found.body.data).toEqual([]);
      expect(found.body.meta.pagination.total).toBe(0);
    }
  });

  it('refuses an unknown column and a column the drive does not keep', async () => {
    const unknown = await search('column=NoSuchColumn&value=x');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/library has no column NoSuchColumn/);

    // Title is a column of every library, but this drive does not keep it.
    const notKept = await search('column=Title&value=x');
    expect(notKept.status).toBe(400);
    expect(notKept.body.error.message).toMatch(/column Title is not kept by this drive/);

    const noValue = await search('column=Department');
    expect(noValue.status).toBe(400);
  });

  it('answers an admin who cannot read the drive nothing', async () => {
    const found = await search('column=Department&value=leg', world.outsider.token);
    expect(found.status).toBe(404);
    expect(found.body.data ?? null).toBeNull();
    expect(JSON.stringify(found.body)).not.toMatch(/Supplier contract/);
  });
});
