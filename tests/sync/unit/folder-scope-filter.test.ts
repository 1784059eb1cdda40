import { filterChanges } from '../../../server/src/sync/scope/changes-filter';
import type { DriveItemJson } from '../../../server/src/sync/item-mapper';
import { folderUrlOf, libraryPathOf, sharingToken } from '../../../server/src/graph/folders';

const FOLDER = 'F';
const item = (id: string, parent: string | null, extra: Record<string, unknown> = {}) =>
  ({
    id,
    name: id,
    ...(parent ? { parentReference: { id: parent } } : {}),
    ...extra,
  }) as DriveItemJson;
const folder = (id: string, parent: string | null, childCount = 0) =>
  item(id, parent, { folder: { childCount } });
const gone = (id: string) => ({ id, deleted: { state: 'deleted' } }) as DriveItemJson;

/** Sources over a fixed set of stored rows and subtrees. */
function sources(stored: string[], subtrees: Record<string, DriveItemJson[]> = {}) {
  const listed: string[] = [];
  return {
    listed,
    live: async (ids: string[]) => new Set(ids.filter((id) => stored.includes(id))),
    subtree: async (id: string) => {
      listed.push(id);
      return subtrees[id] ?? [];
    },
  };
}

describe('a page of changes reduced to the drive’s folder', () => {
  it('keeps items under the folder (through the page, whatever the order) and drops the rest', async () => {
    const page = [
      item('c', 'B'), // child before its parent in the page
      folder('B', 'A'),
      folder('A', FOLDER),
      item('x', 'elsewhere'),
      item('y', 'X'),
      folder('X', 'root'),
    ];
    const { items } = await filterChanges(page, FOLDER, sources([]));
    expect(items.map((kept) => kept.id)).toEqual(['c', 'B', 'A']);
  });

  it('lists the subtree of a folder moved in, not of one already stored or empty', async () => {
    const subtree = [item('deep', 'M')];
    const src = sources(['S'], { M: subtree });
    const page = [folder('M', FOLDER, 3), folder('S', FOLDER, 5), folder('E', FOLDER, 0)];
    const { items } = await filterChanges(page, FOLDER, src);
    expect(src.listed).toEqual(['M']);
    expect(items.map((kept) => kept.id)).toEqual(['M', 'deep', 'S', 'E']);
  });

  it('turns a stored item moved out into a tombstone, and a stored deletion stays one', async () => {
    const page = [item('out', 'elsewhere'), gone('was-in'), gone('never-in')];
    const { items } = await filterChanges(page, FOLDER, sources(['out', 'was-in']));
    expect(items).toEqual([
      { id: 'out', deleted: { state: 'deleted' } },
      { id: 'was-in', deleted: { state: 'deleted' } },
    ]);
  });

  it('drops the child of a folder moved out in the same page', async () => {
    const page = [folder('P', 'elsewhere'), item('child', 'P')];
    const { items } = await filterChanges(page, FOLDER, sources(['P', 'child']));
    expect(items).toEqual([
      { id: 'P', deleted: { state: 'deleted' } },
      { id: 'child', deleted: { state: 'deleted' } },
    ]);
  });

  it('keeps the folder itself as the root, renamed or moved; its deletion ends the run', async () => {
    const moved = folder(FOLDER, 'somewhere-else');
    const { items, folder: seen } = await filterChanges([moved], FOLDER, sources([]));
    expect(seen).toBe(moved);
    expect(items).toEqual([{ id: FOLDER, name: FOLDER, folder: { childCount: 0 }, root: {} }]);
    await expect(filterChanges([gone(FOLDER)], FOLDER, sources([]))).rejects.toMatchObject({
      code: 'folderDeleted',
    });
  });

  it('ends a cycle in a page outside instead of looping', async () => {
    const page = [item('a', 'b'), item('b', 'a')];
    const { items } = await filterChanges(page, FOLDER, sources([]));
    expect(items).toEqual([]);
  });
});

describe('folder URLs and paths', () => {
  it('encodes a sharing URL as Microsoft documents it (u! + unpadded base64url)', () => {
    const url = 'https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1';
    const expected = `u!${Buffer.from(url).toString('base64').replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
    expect(sharingToken(url)).toBe(expected);
  });

  it('takes the folder from a library view URL, and refuses what is not an https URL', () => {
    expect(
      folderUrlOf(
        'https://contoso.sharepoint.com/sites/HR/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FHR%2FShared%20Documents%2FPolicies&viewid=1'
      )
    ).toBe('https://contoso.sharepoint.com/sites/HR/Shared%20Documents/Policies');
    expect(folderUrlOf('https://contoso.sharepoint.com/sites/HR/Docs/A/')).toBe(
      'https://contoso.sharepoint.com/sites/HR/Docs/A'
    );
    expect(() => folderUrlOf('http://contoso.sharepoint.com/x')).toThrow(/https/);
    expect(() => folderUrlOf('nope')).toThrow(/not a valid URL/);
  });

  it('derives a folder’s library path from its parent reference', () => {
    expect(
      libraryPathOf({
        id: '1',
        name: 'Policies',
        parentReference: { path: '/drives/b!x/root:/HR%20Team' },
      })
    ).toBe('HR Team/Policies');
    expect(
      libraryPathOf({ id: '1', name: 'Top', parentReference: { path: '/drives/b!x/root:' } })
    ).toBe('Top');
    expect(libraryPathOf({ id: 'r', name: 'root', root: {} })).toBe('');
  });
});
