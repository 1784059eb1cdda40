/**
 * What the browser gives of a folder, as one tree of relative paths: a folder picked with
 * `<input webkitdirectory>` (each File names its path in `webkitRelativePath`; empty folders are
 * not listed), or files and folders dropped (read through `webkitGetAsEntry`, empty folders
 * included). Paths are '/'-separated and relative to the destination: the picked or dropped
 * folder is their first segment.
 */

export interface TreeFile {
  path: string;
  file: File;
}

export interface FolderTree {
  files: TreeFile[];
  /** Folders with nothing in them: a file's path names the others. */
  emptyFolders: string[];
}

/** A folder picked with the folder input. */
export function treeFromPickedFiles(files: FileList | File[]): FolderTree {
  return {
    files: Array.from(files).map((file) => ({ path: file.webkitRelativePath || file.name, file })),
    emptyFolders: [],
  };
}

/**
 * The dropped items' entries, taken at once: a DataTransfer is emptied when the drop event ends,
 * so this runs in the handler itself; reading the entries may then take its time.
 */
export function droppedEntries(items: DataTransferItemList): FileSystemEntry[] {
  return Array.from(items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
}

export const holdsAFolder = (entries: FileSystemEntry[]) =>
  entries.some((entry) => entry.isDirectory);

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** A folder's children: `readEntries` answers in batches (100 in Chromium) until an empty one. */
async function childrenOf(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject)
    );
    if (batch.length === 0) return children;
    children.push(...batch);
  }
}

/** Everything below the dropped entries, depth first. */
export async function treeFromEntries(entries: FileSystemEntry[]): Promise<FolderTree> {
  const tree: FolderTree = { files: [], emptyFolders: [] };
  const visit = async (entry: FileSystemEntry, path: string) => {
    if (entry.isFile) {
      tree.files.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
      return;
    }
    const children = await childrenOf(entry as FileSystemDirectoryEntry);
    if (children.length === 0) tree.emptyFolders.push(path);
    for (const child of children) await visit(child, `${path}/${child.name}`);
  };
  for (const entry of entries) await visit(entry, entry.name);
  return tree;
}
