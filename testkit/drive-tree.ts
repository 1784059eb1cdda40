/**
 * The synced tree of a drive as Strapi stores it, with paths derived from parent ids exactly as a
 * reader would, laid out like the emulator's true tree so the two compare field by field.
 *
 * A folder's size and eTag are aggregates of its content that change without the folder itself
 * appearing in delta (unless the service lists parents), so folders are compared by identity,
 * name and place; files by every synced field.
 */
import type { Core } from '@strapi/strapi';
import type { ControlClient, TreeEntry } from '../emulator/src';
import { UID } from '../server/src/constants';

/** The emulator's tree entry, less the cTag (the plugin keeps it, but folders have none). */
export type ComparableEntry = Omit<TreeEntry, 'cTag'>;

interface Row {
  remoteId: string;
  parentRemoteId: string | null;
  name: string;
  isFolder: boolean;
  isRoot: boolean;
  size: string | number | null;
  eTag: string;
  quickXorHash: string | null;
  deleted: boolean;
}

export async function syncedTree(strapi: Core.Strapi, driveId: number): Promise<ComparableEntry[]> {
  const rows = (await strapi.db.query(UID.driveItem).findMany({
    where: { driveId },
  })) as Row[];
  const byId = new Map(rows.map((row) => [row.remoteId, row]));
  const pathOf = (row: Row): string => {
    const parent = row.parentRemoteId ? byId.get(row.parentRemoteId) : undefined;
    if (!parent) throw new Error(`item ${row.remoteId} (${row.name}) has no parent row`);
    return parent.isRoot ? `/${row.name}` : `${pathOf(parent)}/${row.name}`;
  };
  return rows
    .filter((row) => !row.isRoot)
    .map((row) => ({
      id: row.remoteId,
      parentId: row.parentRemoteId!,
      path: pathOf(row),
      name: row.name,
      isFolder: Boolean(row.isFolder),
      size: row.isFolder ? 0 : Number(row.size ?? 0),
      eTag: row.isFolder ? '' : row.eTag,
      ...(row.isFolder ? {} : { quickXorHash: row.quickXorHash ?? undefined }),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The emulator's tree in the same shape. */
export const comparableTree = (tree: TreeEntry[]): ComparableEntry[] =>
  tree
    .map((entry) => ({
      id: entry.id,
      parentId: entry.parentId,
      path: entry.path,
      name: entry.name,
      isFolder: entry.isFolder,
      size: entry.isFolder ? 0 : entry.size,
      eTag: entry.isFolder ? '' : entry.eTag,
      ...(entry.isFolder ? {} : { quickXorHash: entry.quickXorHash }),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

/** Strapi's tree of the drive equals the emulator's true tree, paths and synced fields included. */
export async function expectExactTree(
  strapi: Core.Strapi,
  driveId: number,
  control: Pick<ControlClient, 'tree'>,
  remoteDriveId: string
) {
  const [synced, truth] = await Promise.all([
    syncedTree(strapi, driveId),
    control.tree(remoteDriveId),
  ]);
  expect(synced).toEqual(comparableTree(truth));
}
