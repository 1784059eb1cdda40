/**
 * A page of changes of the whole library, reduced to the drive's one folder. Microsoft offers delta
 * only on a drive's root, so the drive follows the root feed and keeps the items whose parent chain
 * reaches its folder. Delta items carry their parent's id but no path, so the chain is followed
 * through the page itself and the rows already stored (which are exactly the folder's items):
 *
 * - an item whose parent is inside is kept (new, changed, or moved in from outside);
 * - a folder that comes inside without being stored brings what it holds, which delta does not
 *   list (it reports a moved folder alone): its subtree is listed and kept with it;
 * - a stored item whose parent is now outside was moved out: it becomes a tombstone, and the sweep
 *   at the end of the round removes it with everything below it;
 * - the folder itself is kept as the drive's root whatever its name and place (renamed or moved,
 *   it is the same drive); its deletion ends the run (the drive is marked, its rows kept);
 * - everything else is the rest of the library, and is dropped.
 */
import { latestById } from '../apply-page';
import type { DriveItemJson } from '../item-mapper';
import { folderDeleted } from './folder-deleted';

export interface ChangesFilterSources {
  /** Which of these remote ids the drive holds as live rows (the items inside, as last synced). */
  live(remoteIds: string[]): Promise<Set<string>>;
  /** Everything below a folder (children listings through the drive's client). */
  subtree(folderId: string): Promise<DriveItemJson[]>;
}

export interface FolderChanges {
  items: DriveItemJson[];
  /** The followed folder as this page shows it (renamed or moved), if the page lists it. */
  folder: DriveItemJson | null;
}

const parentIdOf = (item: DriveItemJson) =>
  (item.parentReference as { id?: string } | undefined)?.id ?? null;

const childCountOf = (item: DriveItemJson) =>
  (item.folder as { childCount?: number } | undefined)?.childCount;

/** The followed folder stored as the drive's root: no parent, the `root` facet. */
export const asDriveRoot = (item: DriveItemJson): DriveItemJson => {
  const { parentReference: _parent, ...rest } = item;
  return { ...rest, root: {} };
};

const tombstone = (id: string): DriveItemJson => ({ id, deleted: { state: 'deleted' } });

export async function filterChanges(
  pageItems: DriveItemJson[],
  folderItemId: string,
  sources: ChangesFilterSources
): Promise<FolderChanges> {
  const items = latestById(pageItems);
  const inPage = new Map(items.map((item) => [item.id, item]));
  const asked = new Set<string>();
  for (const item of items) {
    asked.add(item.id);
    const parentId = parentIdOf(item);
    if (parentId) asked.add(parentId);
  }
  const live = await sources.live([...asked]);

  const verdicts = new Map<string, boolean>();
  /** Whether the item's parent chain reaches the folder (through the page, then stored rows). */
  const isInside = (item: DriveItemJson): boolean => {
    if (item.id === folderItemId) return true;
    const known = verdicts.get(item.id);
    if (known !== undefined) return known;
    // Marked outside while its chain is followed: a cycle in a page (never expected) ends outside.
    verdicts.set(item.id, false);
    let inside = false;
    const parentId = item.deleted ? null : parentIdOf(item);
    if (parentId === folderItemId) inside = true;
    else if (parentId) {
      const parent = inPage.get(parentId);
      inside = parent ? !parent.deleted && isInside(parent) : live.has(parentId);
    }
    verdicts.set(item.id, inside);
    return inside;
  };

  const kept: DriveItemJson[] = [];
  let folder: DriveItemJson | null = null;
  for (const item of items) {
    if (item.id === folderItemId) {
      if (item.deleted) throw folderDeleted();
      folder = item;
      kept.push(asDriveRoot(item));
      continue;
    }
    if (item.deleted) {
      // A deletion matters only for what the drive holds.
      if (live.has(item.id)) kept.push(item);
      continue;
    }
    if (isInside(item)) {
      kept.push(item);
      if (item.folder && !live.has(item.id) && childCountOf(item) !== 0) {
        kept.push(...(await sources.subtree(item.id)));
      }
    } else if (live.has(item.id)) {
      kept.push(tombstone(item.id));
    }
  }
  return { items: kept, folder };
}
