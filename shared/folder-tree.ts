/**
 * The names of a whole folder tree checked at once, by the admin panel (before anything is sent)
 * and by the server (before anything is created), with the same rules: every refused name is
 * listed, so the user fixes them all in one go. Pure: no Strapi, no I/O, no DOM.
 */
import type { FolderUploadRequest, RefusedName } from './contracts/folder-uploads';
import { findNameProblemIn, joinItemPath, type NamePlace } from './names';

/** The destination: its drive and folder (from the drive root), and the `#` `%` `&` setting. */
export type TreePlace = Omit<NamePlace, 'isFolder'>;

export interface CheckedTree {
  /** Every folder of the tree, parents before children ('A', 'A/B'); not the destination. */
  folders: string[];
  files: Array<{ path: string; size: number }>;
  refused: RefusedName[];
}

const segmentsOf = (path: string) => path.split('/');
const parentOf = (path: string) => path.split('/').slice(0, -1).join('/');
const nameOf = (path: string) => path.split('/').slice(-1)[0];

/**
 * Checks every segment of every path: each folder once (however many files it holds), then each
 * file's name; two items whose names differ only in case clash (SharePoint ignores case).
 */
export function checkFolderTree(request: FolderUploadRequest, place: TreePlace): CheckedTree {
  const refused: RefusedName[] = [];
  const folders = new Set<string>();
  const addFolder = (path: string) => {
    const segments = segmentsOf(path);
    for (let depth = 1; depth <= segments.length; depth += 1)
      folders.add(segments.slice(0, depth).join('/'));
  };
  for (const folder of request.folders ?? []) addFolder(folder);
  for (const file of request.files) {
    const parent = parentOf(file.path);
    if (parent !== '') addFolder(parent);
  }
  // Parents first; otherwise in the order the browser listed them, so of two names that clash the
  // one listed first is kept.
  const ordered = [...folders].sort((a, b) => segmentsOf(a).length - segmentsOf(b).length);
  const nameProblem = (path: string, isFolder: boolean) => {
    const problem = findNameProblemIn(nameOf(path), {
      ...place,
      folderPath: joinItemPath(place.folderPath, parentOf(path)).replace(/\/$/, ''),
      isFolder,
    });
    return (
      problem && {
        path,
        name: nameOf(path),
        rule: problem.rule,
        message: problem.message,
        ...(problem.characters ? { characters: problem.characters } : {}),
      }
    );
  };
  // Names taken in each folder, by their lower case: the first item to take one keeps it.
  const taken = new Map<string, string>();
  const claim = (path: string) => {
    const key = path.toLowerCase();
    const holder = taken.get(key);
    if (holder !== undefined && holder !== path) {
      refused.push({
        path,
        name: nameOf(path),
        rule: 'duplicateName',
        message: `'${nameOf(path)}' clashes with '${holder}': SharePoint and OneDrive ignore the case of names`,
      });
      return false;
    }
    taken.set(key, path);
    return true;
  };
  // Every name is checked, below a refused folder too: renaming that folder leaves its content's
  // names as they are, so the user would be refused again for them.
  for (const folder of ordered) {
    const problem = nameProblem(folder, true);
    if (problem) refused.push(problem);
    else claim(folder);
  }
  const files: CheckedTree['files'] = [];
  for (const file of request.files) {
    const problem = nameProblem(file.path, false);
    if (problem) refused.push(problem);
    else if (claim(file.path)) files.push({ path: file.path, size: file.size });
  }
  return { folders: ordered, files, refused };
}

export { parentOf as parentPathOf, nameOf as namePartOf };
