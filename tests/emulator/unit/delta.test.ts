import {
  appToken,
  collectDelta,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: delta', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const deltaUrl = () => `${emulator.info.graphUrl}/drives/${driveId}/root/delta`;
  beforeAll(async () => {
    emulator = await startHttpEmulator({ items: 2500 });
    token = await appToken(emulator);
    driveId = emulator.info.largeDriveId!;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('enumerates every live item (root included) over 200-item pages', async () => {
    const tree = await emulator.control.tree(driveId);
    const { items, pages, deltaLink } = await collectDelta(emulator, token, deltaUrl());
    expect(items).toHaveLength(tree.length + 1);
    expect(pages.slice(0, -1).every((size) => size === 200)).toBe(true);
    expect(pages.length).toBe(Math.ceil((tree.length + 1) / 200));
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(items.find((item) => item.root)).toBeDefined();
    const file = items.find((item) => item.file)!;
    expect(file.parentReference).toEqual({
      driveType: 'documentLibrary',
      driveId,
      id: expect.any(String),
      siteId: expect.any(String),
    });
    expect(file.parentReference.path).toBeUndefined();
    expect(file['@microsoft.graph.downloadUrl']).toBeUndefined();
    expect(file.cTag).toBeDefined();
    expect(items.find((item) => item.folder && !item.root).cTag).toBeUndefined();
    expect(deltaLink).toContain('token=');
  });

  it('honours $top up to 1000', async () => {
    const first = await http(emulator, 'GET', `${deltaUrl()}?$top=1000`, { token });
    expect(first.body.value).toHaveLength(1000);
    const second = await http(emulator, 'GET', first.body['@odata.nextLink'], { token });
    expect(second.body.value).toHaveLength(1000);
    const capped = await http(emulator, 'GET', `${deltaUrl()}?$top=5000`, { token });
    expect(capped.body.value).toHaveLength(1000);
    const small = await http(emulator, 'GET', `${deltaUrl()}?$top=7`, { token });
    expect(small.body.value).toHaveLength(7);
  });

  it('returns only what changed after the deltaLink, in both link forms and any parameter order', async () => {
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    const quiet = await collectDelta(emulator, token, deltaLink);
    expect(quiet.items).toHaveLength(0);

    const result = await emulator.control.bulk(driveId, {
      modify: 3,
      rename: 2,
      move: 2,
      delete: 2,
      create: 4,
      seed: 'a',
    });
    const changed = new Set([
      ...result.modified,
      ...result.renamed,
      ...result.moved,
      ...result.deleted,
      ...result.created,
    ]);
    const after = await collectDelta(emulator, token, deltaLink);
    expect(new Set(after.items.map((item) => item.id))).toEqual(changed);

    const deleted = after.items.filter((item) => item.deleted);
    expect(deleted.map((item) => item.id).sort()).toEqual([...result.deleted].sort());
    for (const item of deleted) {
      expect(item.deleted).toEqual({ state: 'deleted' });
      expect(item.name).toBeUndefined();
      expect(item.cTag).toBeUndefined();
    }

    const token64 = new URL(deltaLink).searchParams.get('token')!;
    const functionForm = await collectDelta(emulator, token, `${deltaUrl()}(token='${token64}')`);
    expect(functionForm.items.map((item) => item.id).sort()).toEqual(
      after.items.map((item) => item.id).sort()
    );
    const reordered = await http(
      emulator,
      'GET',
      `${deltaUrl()}?$select=id,name&token=${token64}&$top=3`,
      { token }
    );
    expect(reordered.status).toBe(200);
    expect(reordered.body.value).toHaveLength(3);
    expect(
      Object.keys(reordered.body.value.find((item: { deleted?: object }) => !item.deleted)).sort()
    ).toEqual(['id', 'name']);
  });

  it('returns only the folder when a large folder is renamed', async () => {
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    const result = await emulator.control.bulk(driveId, { renameLargeFolder: true });
    expect(result.renamedFolder!.descendants).toBeGreaterThan(50);
    const after = await collectDelta(emulator, token, deltaLink);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({
      id: result.renamedFolder!.id,
      folder: expect.any(Object),
    });
    expect(after.items[0].name).toContain('renamed');
  });

  it('token=latest gives an empty page and a deltaLink for changes from now on', async () => {
    const latest = await http(emulator, 'GET', `${deltaUrl()}?token=latest`, { token });
    expect(latest.body.value).toEqual([]);
    expect(latest.body['@odata.deltaLink']).toBeDefined();
    const created = await emulator.control.createItem(driveId, {
      name: 'after-latest.txt',
      size: 10,
    });
    const after = await collectDelta(emulator, token, latest.body['@odata.deltaLink']);
    expect(after.items.map((item) => item.id)).toEqual([created.id]);
  });

  it('gives @microsoft.graph.downloadUrl in delta when $select asks for it', async () => {
    const page = await http(
      emulator,
      'GET',
      `${deltaUrl()}?$select=id,name,file,@microsoft.graph.downloadUrl`,
      { token }
    );
    const files = page.body.value.filter((item: { file?: object }) => item.file);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(file['@microsoft.graph.downloadUrl']).toMatch(
        /^https:\/\/127\.0\.0\.1:\d+\/download\//
      );
    // The selection sticks to the nextLink.
    const next = await http(emulator, 'GET', page.body['@odata.nextLink'], { token });
    expect(
      Object.keys(next.body.value[0]).every((key) =>
        ['id', 'name', 'file', '@microsoft.graph.downloadUrl', 'deleted'].includes(key)
      )
    ).toBe(true);
  });

  it('answers 410 resyncRequired with a Location after the control API invalidates tokens', async () => {
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    await emulator.control.invalidateDeltaTokens(driveId);
    const gone = await http(emulator, 'GET', deltaLink, { token });
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('resyncRequired');
    expect(gone.body.error.innerError.code).toBe('resyncChangesApplyDifferences');
    // A new nextLink (with its own token) that starts a fresh enumeration.
    expect(String(gone.headers.location)).toMatch(/\?token=[\w-]+$/);
    expect(String(gone.headers.location).startsWith(`${deltaUrl()}?token=`)).toBe(true);
    const fresh = await collectDelta(emulator, token, String(gone.headers.location));
    expect(fresh.items.length).toBeGreaterThan(2500);
  });

  it('can deliver children before their parents (reverse order)', async () => {
    await emulator.control.setDeltaOrder(driveId, 'reverse');
    try {
      const page = await http(emulator, 'GET', `${deltaUrl()}?$top=1000`, { token });
      const position = new Map<string, number>(
        page.body.value.map((item: { id: string }, index: number) => [item.id, index])
      );
      const childBeforeParent = page.body.value.some(
        (item: { parentReference?: { id?: string } }, index: number) =>
          item.parentReference?.id !== undefined &&
          (position.get(item.parentReference.id) ?? -1) > index
      );
      expect(childBeforeParent).toBe(true);
    } finally {
      await emulator.control.setDeltaOrder(driveId, 'sequence');
    }
  });

  it('caps the page size per drive whatever $top asks for', async () => {
    await emulator.control.setDeltaPageSize(driveId, 300);
    try {
      const { items, pages } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
      expect(pages.slice(0, -1).every((size) => size === 300)).toBe(true);
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    } finally {
      await emulator.control.setDeltaPageSize(driveId, null);
    }
    const page = await http(emulator, 'GET', `${deltaUrl()}?$top=1000`, { token });
    expect(page.body.value).toHaveLength(1000);
  });

  it('lists earlier states of an item changed twice before its latest one, when asked to', async () => {
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    await emulator.control.setDeltaHistory(driveId, true);
    try {
      const created = await emulator.control.createItem(driveId, { name: 'twice.txt', size: 10 });
      await emulator.control.renameItem(driveId, created.id, 'twice renamed.txt');
      await emulator.control.modifyItem(driveId, created.id, { size: 20 });
      const other = await emulator.control.createItem(driveId, { name: 'once.txt', size: 5 });
      const after = await collectDelta(emulator, token, deltaLink);
      const states = after.items.filter((item) => item.id === created.id);
      expect(states.map((item) => [item.name, item.size])).toEqual([
        ['twice.txt', 10],
        ['twice renamed.txt', 10],
        ['twice renamed.txt', 20],
      ]);
      // The latest state comes last in the feed.
      expect(after.items.map((item) => item.id).lastIndexOf(created.id)).toBe(
        after.items.length - 2
      );
      expect(after.items.filter((item) => item.id === other.id)).toHaveLength(1);
      // A fresh enumeration lists the deleted item's earlier states nowhere: it is gone.
      await emulator.control.deleteItem(driveId, created.id);
      const fresh = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
      expect(fresh.items.some((item) => item.id === created.id)).toBe(false);
    } finally {
      await emulator.control.setDeltaHistory(driveId, false);
    }
  });

  it('keeps the latest state of an item last when a page is reversed or shuffled', async () => {
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    await emulator.control.setDeltaHistory(driveId, true);
    try {
      const item = await emulator.control.createItem(driveId, { name: 'order.txt', size: 1 });
      await emulator.control.renameItem(driveId, item.id, 'ORDER.txt');
      await emulator.control.modifyItem(driveId, item.id, { size: 2 });
      for (const order of ['reverse', 'shuffle'] as const) {
        await emulator.control.setDeltaOrder(driveId, order);
        const { items } = await collectDelta(emulator, token, deltaLink);
        expect(
          items.filter((entry) => entry.id === item.id).map((entry) => [entry.name, entry.size])
        ).toEqual([
          ['order.txt', 1],
          ['ORDER.txt', 1],
          ['ORDER.txt', 2],
        ]);
      }
    } finally {
      await emulator.control.setDeltaOrder(driveId, 'sequence');
      await emulator.control.setDeltaHistory(driveId, false);
    }
  });

  it('can leave out the tombstones a deleted folder implies, but not those of items moved in during the round', async () => {
    const folder = await emulator.control.createItem(driveId, { name: 'Gone', folder: true });
    const inner = await emulator.control.createItem(driveId, {
      name: 'Inner',
      folder: true,
      parentId: folder.id,
    });
    const known = await emulator.control.createItem(driveId, { name: 'a.txt', parentId: inner.id });
    const mover = await emulator.control.createItem(driveId, { name: 'b.txt' });
    const { deltaLink } = await collectDelta(emulator, token, `${deltaUrl()}?$top=1000`);
    await emulator.control.setDeltaDeletedDescendants(driveId, false);
    try {
      // Moved below the folder after the client's last round: the client never knew it there.
      await emulator.control.moveItem(driveId, mover.id, inner.id);
      await emulator.control.deleteItem(driveId, folder.id);
      const { items } = await collectDelta(emulator, token, deltaLink);
      const tombstones = items.filter((item) => item.deleted).map((item) => item.id);
      expect(tombstones.sort()).toEqual([folder.id, mover.id].sort());
      expect(tombstones).not.toContain(inner.id);
      expect(tombstones).not.toContain(known.id);
      // The same round in pages of one item: the round start travels in its nextLinks.
      await emulator.control.setDeltaPageSize(driveId, 1);
      const paged = await collectDelta(emulator, token, deltaLink);
      expect(
        paged.items
          .filter((item) => item.deleted)
          .map((item) => item.id)
          .sort()
      ).toEqual(tombstones.sort());
    } finally {
      await emulator.control.setDeltaPageSize(driveId, null);
      await emulator.control.setDeltaDeletedDescendants(driveId, true);
    }
    const all = await collectDelta(emulator, token, deltaLink);
    expect(all.items.filter((item) => item.deleted)).toHaveLength(4);
  });

  it('removes a document library on request', async () => {
    const site = emulator.info.sites[0];
    const library = await emulator.control.createLibrary(site.id, 'Short-lived');
    await emulator.control.createItem(library.id, { name: 'x.txt' });
    await emulator.control.removeLibrary(library.id);
    const gone = await http(emulator, 'GET', `${emulator.info.graphUrl}/drives/${library.id}`, {
      token,
    });
    expect(gone.status).toBe(404);
  });

  it('rejects delta below the root and a garbage token', async () => {
    const tree = await emulator.control.tree(driveId);
    const folder = tree.find((entry) => entry.isFolder)!;
    expect(
      (
        await http(
          emulator,
          'GET',
          `${emulator.info.graphUrl}/drives/${driveId}/items/${folder.id}/delta`,
          { token }
        )
      ).status
    ).toBe(400);
    const garbage = await http(emulator, 'GET', `${deltaUrl()}?token=%%%`, { token });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('invalidRequest');
  });

  it('serves delta pages of a 100,000-item drive cheaply', async () => {
    const big = await startHttpEmulator({ items: 100_000 });
    try {
      const bigToken = await appToken(big);
      const url = `${big.info.graphUrl}/drives/${big.info.largeDriveId}/root/delta?$top=1000`;
      const started = Date.now();
      const first = await http(big, 'GET', url, { token: bigToken });
      const second = await http(big, 'GET', first.body['@odata.nextLink'], { token: bigToken });
      expect(second.body.value).toHaveLength(1000);
      expect(Date.now() - started).toBeLessThan(3000);
      const tree = await big.control.tree(big.info.largeDriveId!);
      expect(tree).toHaveLength(100_000);
      const maxDepth = Math.max(...tree.map((entry) => entry.path.split('/').length - 1));
      expect(maxDepth).toBeGreaterThanOrEqual(5);
      const folders = tree.filter((entry) => entry.isFolder).length;
      expect(folders).toBe(5000);
    } finally {
      await big.close();
    }
  });
});
