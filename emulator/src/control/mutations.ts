import { cTagOf, eTagOf } from '../store/tags';
import { seededRandom } from '../ids';
import type { Drive, DriveItem } from '../store/model';
import type { TenantStore } from '../store/tenant-store';

export interface BulkMutation {
  modify?: number;
  rename?: number;
  move?: number;
  delete?: number;
  create?: number;
  /** Renames the folder with the largest subtree (its descendants keep their sequence). */
  renameLargeFolder?: boolean;
  seed?: string;
}

export interface BulkResult {
  modified: string[];
  renamed: string[];
  moved: string[];
  deleted: string[];
  created: string[];
  renamedFolder?: { id: string; name: string; descendants: number };
}

/** Random but reproducible changes to a drive, to drive delta tests and benchmarks. */
export function applyBulkMutation(
  store: TenantStore,
  drive: Drive,
  spec: BulkMutation
): BulkResult {
  const random = seededRandom(`${drive.id}:${spec.seed ?? 'bulk'}:${drive.changes.current}`);
  const live = [...drive.items.values()].filter((item) => !item.deleted && item.parentId !== null);
  const files = live.filter((item) => !item.isFolder);
  const folders = [store.requireItem(drive, 'root'), ...live.filter((item) => item.isFolder)];
  const taken = new Set<string>();
  const pickFile = (): DriveItem | undefined => {
    for (let attempt = 0; attempt < 50 && files.length; attempt++) {
      const item = files[Math.floor(random() * files.length)];
      if (!taken.has(item.id) && !item.deleted) {
        taken.add(item.id);
        return item;
      }
    }
    return undefined;
  };
  const pickFolder = () => folders[Math.floor(random() * folders.length)];
  const result: BulkResult = { modified: [], renamed: [], moved: [], deleted: [], created: [] };
  const stamp = drive.changes.current;

  for (let i = 0; i < (spec.modify ?? 0); i++) {
    const item = pickFile();
    if (!item) break;
    const size = 1024 + Math.floor(random() * 200_000);
    store.replaceContent(drive, item, {
      kind: 'generated',
      seed: `${drive.id}/mod/${stamp}/${i}`,
      size,
    });
    result.modified.push(item.id);
  }
  for (let i = 0; i < (spec.rename ?? 0); i++) {
    const item = pickFile();
    if (!item) break;
    const dot = item.name.lastIndexOf('.');
    const [base, extension] =
      dot > 0 ? [item.name.slice(0, dot), item.name.slice(dot)] : [item.name, ''];
    store.rename(drive, item, `${base} r${stamp}-${i}${extension}`);
    result.renamed.push(item.id);
  }
  for (let i = 0; i < (spec.move ?? 0); i++) {
    const item = pickFile();
    if (!item) break;
    const target = pickFolder();
    if (target.id === item.parentId || target.children!.has(item.name.toLowerCase())) continue;
    store.move(drive, item, target);
    result.moved.push(item.id);
  }
  for (let i = 0; i < (spec.delete ?? 0); i++) {
    const item = pickFile();
    if (!item) break;
    store.delete(drive, item);
    result.deleted.push(item.id);
  }
  for (let i = 0; i < (spec.create ?? 0); i++) {
    const item = store.createItem(drive, pickFolder(), {
      name: `New file ${stamp}-${i}.txt`,
      content: {
        kind: 'generated',
        seed: `${drive.id}/new/${stamp}/${i}`,
        size: 1024 + Math.floor(random() * 100_000),
      },
    });
    result.created.push(item.id);
  }
  if (spec.renameLargeFolder) {
    const largest = largestFolder(drive);
    if (largest) {
      store.rename(drive, largest.folder, `${largest.folder.name} renamed ${stamp}`);
      result.renamedFolder = {
        id: largest.folder.id,
        name: largest.folder.name,
        descendants: largest.count,
      };
    }
  }
  return result;
}

function largestFolder(drive: Drive): { folder: DriveItem; count: number } | undefined {
  const counts = new Map<string, number>();
  const countOf = (folder: DriveItem): number => {
    let total = 0;
    const stack = [folder];
    while (stack.length) {
      const current = stack.pop()!;
      for (const child of current.children?.values() ?? []) {
        total++;
        if (child.children) stack.push(child);
      }
    }
    return total;
  };
  const root = drive.items.get(drive.rootId)!;
  let best: { folder: DriveItem; count: number } | undefined;
  // Only top-level folders need counting: the largest subtree is always one of theirs.
  for (const child of root.children!.values()) {
    if (!child.isFolder) continue;
    const count = countOf(child);
    counts.set(child.id, count);
    if (!best || count > best.count) best = { folder: child, count };
  }
  return best;
}

export interface TreeEntry {
  id: string;
  parentId: string;
  path: string;
  name: string;
  isFolder: boolean;
  size: number;
  eTag: string;
  cTag?: string;
  quickXorHash?: string;
}

/** The drive's true tree (root excluded), for comparing a sync result against. */
export function driveTree(store: TenantStore, drive: Drive): TreeEntry[] {
  const out: TreeEntry[] = [];
  const root = drive.items.get(drive.rootId)!;
  const stack: Array<{ item: DriveItem; path: string }> = [{ item: root, path: '' }];
  while (stack.length) {
    const { item, path } = stack.pop()!;
    for (const child of item.children?.values() ?? []) {
      const childPath = `${path}/${child.name}`;
      out.push({
        id: child.id,
        parentId: item.id,
        path: childPath,
        name: child.name,
        isFolder: child.isFolder,
        size: child.size,
        eTag: eTagOf(child),
        ...(child.isFolder
          ? {}
          : { cTag: cTagOf(child), quickXorHash: store.quickXorHashOf(child) }),
      });
      if (child.isFolder) stack.push({ item: child, path: childPath });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
