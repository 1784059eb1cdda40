/**
 * The whole-tree name check shared by the admin panel and the server: every refused name listed
 * (below a refused folder too), each folder checked once, parents before children, the library's
 * rules of place (`forms` at the root, the 400-character path) applied where each item goes.
 */
import { checkFolderTree } from '../../../shared/folder-tree';

const place = { driveName: 'Documents', folderPath: '', rejectDiscouragedCharacters: true };

describe('checkFolderTree', () => {
  it('lists every folder once, parents first, empty ones included', () => {
    const tree = checkFolderTree(
      {
        files: [
          { path: 'A/B/c.txt', size: 1 },
          { path: 'A/d.txt', size: 2 },
          { path: 'top.txt', size: 3 },
        ],
        folders: ['A/Empty', 'Z'],
      },
      place
    );
    expect(tree.refused).toEqual([]);
    expect(tree.folders).toEqual(['A', 'Z', 'A/Empty', 'A/B']);
    expect(tree.files.map((file) => file.path)).toEqual(['A/B/c.txt', 'A/d.txt', 'top.txt']);
  });

  it('refuses every bad name at once, with the characters of each', () => {
    const tree = checkFolderTree(
      {
        files: [
          { path: 'Q#1/a&b.txt', size: 1 },
          { path: 'Q#1/fine.txt', size: 1 },
          { path: 'ok/x<y>.txt', size: 1 },
        ],
      },
      place
    );
    expect(tree.refused).toEqual([
      expect.objectContaining({ path: 'Q#1', rule: 'discouragedCharacter', characters: ['#'] }),
      expect.objectContaining({ path: 'Q#1/a&b.txt', characters: ['&'] }),
      expect.objectContaining({ path: 'ok/x<y>.txt', characters: ['<', '>'] }),
    ]);
  });

  it('accepts # % & when the setting allows them', () => {
    const tree = checkFolderTree(
      { files: [{ path: 'Q#1/a&b.txt', size: 1 }] },
      { ...place, rejectDiscouragedCharacters: false }
    );
    expect(tree.refused).toEqual([]);
  });

  it('refuses names that differ only in case, keeping the first', () => {
    const tree = checkFolderTree(
      {
        files: [
          { path: 'Docs/a.txt', size: 1 },
          { path: 'docs/b.txt', size: 1 },
          { path: 'Docs/A.TXT', size: 1 },
        ],
      },
      place
    );
    expect(tree.refused.map(({ path, rule }) => [path, rule])).toEqual([
      ['docs', 'duplicateName'],
      ['Docs/A.TXT', 'duplicateName'],
    ]);
  });

  it('applies the rules of place: forms at the root only, and the full path length', () => {
    expect(checkFolderTree({ files: [{ path: 'forms/a', size: 1 }] }, place).refused).toEqual([
      expect.objectContaining({ path: 'forms', rule: 'formsFolder' }),
    ]);
    expect(
      checkFolderTree({ files: [{ path: 'forms/a', size: 1 }] }, { ...place, folderPath: '/X' })
        .refused
    ).toEqual([]);
    const long = 'n'.repeat(200);
    const refused = checkFolderTree(
      { files: [{ path: `${long}/${long}.txt`, size: 1 }] },
      { ...place, folderPath: '/Deep' }
    ).refused;
    expect(refused).toEqual([
      expect.objectContaining({ path: `${long}/${long}.txt`, rule: 'pathTooLong' }),
    ]);
  });
});
