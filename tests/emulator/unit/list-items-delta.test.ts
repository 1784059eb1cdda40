import {
  appToken,
  collectDelta,
  http,
  startHttpEmulator,
  type GraphJson,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: library lists, columns and the list-items delta', () => {
  let emulator: HttpEmulator;
  let token: string;
  let siteId: string;
  let driveId: string;
  let listId: string;
  const graph = () => emulator.info.graphUrl;
  const listUrl = () => `${graph()}/sites/${siteId}/lists/${listId}`;
  const get = (url: string, as = token) => http(emulator, 'GET', url, { token: as });

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    const site = emulator.info.sites[0];
    siteId = site.id;
    driveId = site.drives[0].id;
    await emulator.control.setListColumns(driveId, [
      { name: 'Department', type: 'choice', choices: ['Sales', 'Legal'] },
      { name: 'Tags', type: 'multiChoice', choices: ['a', 'b'] },
      { name: 'Summary', type: 'note', displayName: 'Summary text' },
      { name: 'Amount', type: 'currency' },
      { name: 'Reviewed', type: 'boolean' },
      { name: 'Due', type: 'dateTime' },
      { name: 'Link', type: 'hyperlink' },
      { name: 'Owner', type: 'person' },
      { name: 'Topic', type: 'term' },
      { name: 'City', type: 'lookup' },
    ]);
    listId = (await get(`${graph()}/drives/${driveId}/list`)).body.id;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("answers the drive's list and its columns with their type facets", async () => {
    const list = await get(listUrl());
    expect(list.status).toBe(200);
    expect(list.body.list.template).toBe('documentLibrary');
    const byTitle = await get(`${graph()}/sites/${siteId}/lists/Documents`);
    expect(byTitle.body.id).toBe(listId);
    const columns = (await get(`${listUrl()}/columns`)).body.value as GraphJson[];
    const named = (name: string) => columns.find((column) => column.name === name)!;
    expect(named('Department').choice).toEqual(
      expect.objectContaining({ choices: ['Sales', 'Legal'], displayAs: 'dropDownMenu' })
    );
    expect(named('Tags').choice.displayAs).toBe('checkBoxes');
    expect(named('Summary')).toEqual(
      expect.objectContaining({ displayName: 'Summary text', text: expect.anything() })
    );
    expect(named('Summary').text.allowMultipleLines).toBe(true);
    expect(named('Amount').currency).toBeDefined();
    expect(named('Reviewed').boolean).toEqual({});
    expect(named('Due').dateTime).toBeDefined();
    expect(named('Link').hyperlinkOrPicture).toBeDefined();
    expect(named('Owner').personOrGroup).toBeDefined();
    expect(named('Topic').term).toBeDefined();
    expect(named('City').lookup).toBeDefined();
    expect(named('Title').text).toBeDefined();
  });

  it('gives drive items sharepointIds only when $select names them', async () => {
    const file = await emulator.control.createItem(driveId, { name: 'ids.txt', size: 10 });
    const plain = await get(`${graph()}/drives/${driveId}/items/${file.id}`);
    expect(plain.body.sharepointIds).toBeUndefined();
    const selected = await get(
      `${graph()}/drives/${driveId}/items/${file.id}?$select=id,sharepointIds`
    );
    expect(selected.body.sharepointIds).toEqual(
      expect.objectContaining({ listId, listItemId: expect.stringMatching(/^\d+$/) })
    );
    const delta = await collectDelta(
      emulator,
      token,
      `${graph()}/drives/${driveId}/root/delta?$select=id,name,sharepointIds&$top=50`
    );
    const listed = delta.items.find((item) => item.id === file.id);
    expect(listed.sharepointIds.listItemId).toBe(selected.body.sharepointIds.listItemId);
    expect(
      delta.items.find((item) => item.name === 'root').sharepointIds.listItemId
    ).toBeUndefined();
  });

  it('enumerates list items with fields in pages, then lists only what changed', async () => {
    const full = await collectDelta(
      emulator,
      token,
      `${listUrl()}/items/delta?$expand=fields&$top=20`
    );
    expect(full.pages.length).toBeGreaterThan(1);
    expect(full.items.every((item) => /^\d+$/.test(item.id) && item.fields)).toBe(true);
    expect(full.deltaLink).toContain('token=');

    const quiet = await collectDelta(emulator, token, full.deltaLink);
    expect(quiet.items).toHaveLength(0);

    const file = await emulator.control.createItem(driveId, { name: 'fields.docx', size: 10 });
    const megan = emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
    const set = await emulator.control.setListFields(driveId, file.id, {
      Title: 'Quarterly',
      Department: 'Legal',
      Tags: ['a', 'b'],
      Amount: 12.5,
      Reviewed: true,
      Due: '2026-01-31T00:00:00Z',
      Link: { Url: 'https://example.com/x', Description: 'X' },
      Owner: megan.id,
      Topic: { Label: 'Finance', TermGuid: '11111111-2222-3333-4444-555555555555' },
      City: { LookupId: 3, LookupValue: 'Paris' },
    });
    const changed = await collectDelta(emulator, token, quiet.deltaLink);
    expect(changed.items.map((item) => item.id)).toEqual([set.listItemId]);
    const { fields } = changed.items[0];
    expect(fields).toEqual(
      expect.objectContaining({
        Title: 'Quarterly',
        Department: 'Legal',
        Tags: ['a', 'b'],
        Amount: 12.5,
        Reviewed: true,
        Due: '2026-01-31T00:00:00Z',
        Link: { Url: 'https://example.com/x', Description: 'X' },
        Topic: expect.objectContaining({ Label: 'Finance' }),
        CityLookupId: '3',
        City: 'Paris',
        FileLeafRef: 'fields.docx',
      })
    );
    expect(fields.Owner).toBeUndefined();
    expect(fields.OwnerLookupId).toMatch(/^\d+$/);

    // The person is found in the site's User Information List.
    const person = await get(
      `${graph()}/sites/${siteId}/lists/User%20Information%20List/items/${fields.OwnerLookupId}?$expand=fields`
    );
    expect(person.status).toBe(200);
    expect(person.body.fields).toEqual(
      expect.objectContaining({ Title: 'Megan Bowen', EMail: megan.mail })
    );

    // $expand=fields($select=...) narrows the fields (a person by its column name).
    const narrowed = await get(
      `${listUrl()}/items/${set.listItemId}?$expand=fields($select=Department,Owner)`
    );
    expect(Object.keys(narrowed.body.fields).sort()).toEqual(
      ['@odata.etag', 'Department', 'OwnerLookupId'].sort()
    );

    // The same change is a change of the drive item (new eTag in the drive's delta too).
    await emulator.control.deleteItem(driveId, file.id);
    const gone = await collectDelta(emulator, token, changed.deltaLink);
    expect(gone.items).toEqual([
      expect.objectContaining({ id: set.listItemId, deleted: { state: 'deleted' } }),
    ]);
  });

  it('answers token=latest with no items, and 410 with a fresh Location once tokens expire', async () => {
    const latest = await get(`${listUrl()}/items/delta?token=latest`);
    expect(latest.body.value).toEqual([]);
    await emulator.control.invalidateListDeltaTokens(driveId);
    const expired = await get(latest.body['@odata.deltaLink']);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('resyncRequired');
    const restart = await collectDelta(emulator, token, String(expired.headers.location));
    expect(restart.items.length).toBeGreaterThan(10);
  });

  it('refuses bad input and callers without access to the site', async () => {
    expect((await get(`${listUrl()}/items/delta?$expand=fieldz(`)).status).toBe(400);
    expect((await get(`${listUrl()}/items/delta?token=nonsense`)).status).toBe(400);
    expect((await get(`${graph()}/sites/${siteId}/lists/NoSuchList/columns`)).status).toBe(404);
    expect((await get(`${listUrl()}/items/0`)).status).toBe(400);
    await expect(
      emulator.control.setListColumns(driveId, [{ name: 'x y', type: 'text' }])
    ).rejects.toThrow(/400/);
    await expect(
      emulator.control.setListColumns(driveId, [{ name: 'X', type: 'colour' as never }])
    ).rejects.toThrow(/400/);
    const file = await emulator.control.createItem(driveId, { name: 'bad.txt', size: 1 });
    await expect(
      emulator.control.setListFields(driveId, file.id, { Amount: 'lots' })
    ).rejects.toThrow(/400/);
    await expect(emulator.control.setListFields(driveId, file.id, { Nope: 'x' })).rejects.toThrow(
      /400/
    );

    const stranger = await emulator.control.createApp({ permissions: ['Sites.Selected'] });
    const strangerToken = await appToken(emulator, stranger.clientId, stranger.clientSecret);
    expect((await get(`${listUrl()}/columns`, strangerToken)).status).toBe(403);
    expect((await get(`${listUrl()}/items/delta`, strangerToken)).status).toBe(403);
  });
});
