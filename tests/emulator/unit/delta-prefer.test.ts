import {
  appToken,
  collectDelta,
  http,
  startHttpEmulator,
  type GraphJson,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: delta Prefer headers', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;

  beforeAll(async () => {
    emulator = await startHttpEmulator({ seed: 'empty' });
    token = await appToken(emulator);
    const site = await emulator.control.createSite('Prefer', { libraries: ['Documents'] });
    await emulator.control.grantSite(emulator.info.clientId, site.id, 'write');
    driveId = site.driveIds[0];
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function changeDeepFile() {
    const a = await emulator.control.createItem(driveId, { name: 'A', folder: true });
    const b = await emulator.control.createItem(driveId, {
      parentId: a.id,
      name: 'B',
      folder: true,
    });
    const file = await emulator.control.createItem(driveId, { parentId: b.id, name: 'deep.txt' });
    const { deltaLink } = await collectDelta(
      emulator,
      token,
      graph(`/drives/${driveId}/root/delta`)
    );
    await emulator.control.modifyItem(driveId, file.id, { size: 99 });
    return deltaLink;
  }
  const names = (items: GraphJson[]) => items.map((item: GraphJson) => item.name);

  it('lists parent folders of a changed item when the drive does, unless deltaExcludeParent', async () => {
    const deltaLink = await changeDeepFile();
    // Default: changed items only.
    expect(names((await http(emulator, 'GET', deltaLink, { token })).body.value)).toEqual([
      'deep.txt',
    ]);

    await emulator.control.setDeltaParents(driveId, true);
    const withParents = await http(emulator, 'GET', deltaLink, { token });
    expect(names(withParents.body.value)).toEqual(['root', 'A', 'B', 'deep.txt']);

    const excluded = await http(emulator, 'GET', deltaLink, {
      token,
      headers: { prefer: 'deltashowremovedasdeleted, deltaExcludeParent' },
    });
    expect(names(excluded.body.value)).toEqual(['deep.txt']);
  });

  it('accepts other delta preferences without changing the answer', async () => {
    const plain = await http(emulator, 'GET', graph(`/drives/${driveId}/root/delta`), { token });
    const preferred = await http(emulator, 'GET', graph(`/drives/${driveId}/root/delta`), {
      token,
      headers: {
        prefer: 'deltatraversepermissiongaps, deltashowsharingchanges, hierarchicalsharing',
      },
    });
    expect(preferred.status).toBe(200);
    expect(names(preferred.body.value)).toEqual(names(plain.body.value));
  });
});
