/**
 * Strapi's rows of drive items, one at a time: written at once after a file operation so the change
 * shows without waiting for the next delta sync (mapped exactly as the sync engine maps them), and
 * read by the modules that serve files. The sync's bulk writes are in store.ts, the admin's pages
 * in listing.ts: together the only modules that touch `external_drives_items`.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID } from '../constants';
import type { GraphDriveItem } from '../files/upload/relay';
import { toItemRow } from '../sync/item-mapper';

export interface ItemRow {
  id: number;
  driveId: number;
  remoteId: string;
  parentRemoteId?: string | null;
  name?: string | null;
  isFolder?: boolean;
  isRoot?: boolean;
  size?: number | string | null;
  mimeType?: string | null;
  webUrl?: string | null;
  remoteModifiedAt?: string | Date | null;
  eTag?: string | null;
  cTag?: string | null;
  deleted?: boolean;
  /** The file's list item in its library (`sharepointIds.listItemId`). */
  listItemId?: string | null;
}

const itemQuery = (strapi: Core.Strapi) => strapi.db.query(UID.driveItem);

export const findItemRow = async (strapi: Core.Strapi, driveId: number, remoteId: string) =>
  (await itemQuery(strapi).findOne({ where: { driveId, remoteId } })) as ItemRow | null;

export const findRootRow = async (strapi: Core.Strapi, driveId: number) =>
  (await itemQuery(strapi).findOne({ where: { driveId, isRoot: true } })) as ItemRow | null;

/** Inserts or updates the row of a driveItem Graph just returned. */
export async function upsertItemRow(strapi: Core.Strapi, driveId: number, item: GraphDriveItem) {
  // Items answered to file operations carry no sharepointIds (not selected): keep the synced one.
  const { listItemId, ...synced } = toItemRow(driveId, item);
  const data = listItemId ? { ...synced, listItemId } : synced;
  const existing = await findItemRow(strapi, driveId, item.id);
  if (existing) {
    return (await itemQuery(strapi).update({ where: { id: existing.id }, data })) as ItemRow;
  }
  return (await itemQuery(strapi).create({ data })) as ItemRow;
}

/** Marks an item and everything below it deleted (Graph deleted the folder with its content). */
export async function markDeleted(strapi: Core.Strapi, driveId: number, remoteId: string) {
  let level = [remoteId];
  while (level.length > 0) {
    await itemQuery(strapi).updateMany({
      where: { driveId, remoteId: { $in: level } },
      data: { deleted: true },
    });
    const children = (await itemQuery(strapi).findMany({
      where: { driveId, parentRemoteId: { $in: level }, deleted: false },
      select: ['remoteId'],
    })) as Array<{ remoteId: string }>;
    level = children.map((child) => child.remoteId);
  }
}

/** The drive-relative path of a folder ('' for the root), from the rows' parent links. */
export async function folderPath(
  strapi: Core.Strapi,
  driveId: number,
  remoteId: string
): Promise<string> {
  const names: string[] = [];
  let current = await findItemRow(strapi, driveId, remoteId);
  for (let depth = 0; current && !current.isRoot && depth < 1000; depth++) {
    names.unshift(current.name ?? '');
    current = current.parentRemoteId
      ? await findItemRow(strapi, driveId, current.parentRemoteId)
      : null;
  }
  return names.length ? `/${names.join('/')}` : '';
}

/** The live files (not deleted, not folders) among these remote ids, per drive: one query. */
export async function findLiveFiles<Field extends keyof ItemRow>(
  strapi: Core.Strapi,
  remoteIdsByDrive: Map<number, Set<string>>,
  fields: readonly Field[]
): Promise<Array<Pick<ItemRow, Field | 'driveId'>>> {
  if (remoteIdsByDrive.size === 0) return [];
  return (await itemQuery(strapi).findMany({
    where: {
      $or: [...remoteIdsByDrive].map(([driveId, remoteIds]) => ({
        driveId,
        remoteId: { $in: [...remoteIds] },
      })),
      deleted: false,
      isFolder: false,
    },
    select: [...fields, 'driveId'],
  })) as Array<Pick<ItemRow, Field | 'driveId'>>;
}

/** A disconnected drive's items and staged pages go, in the caller's transaction. */
export async function removeDriveItems(trx: Knex.Transaction, driveId: number) {
  await trx(TABLE.driveItem).where('drive_id', driveId).del();
  await trx(TABLE.itemStage).where('drive_id', driveId).del();
}

/** A file below a folder, named by its path from that folder ('Reports/2024/plan.docx'). */
export interface TreeFile {
  remoteId: string;
  path: string;
  size: number;
  modifiedAt: Date | null;
}

export interface FolderTree {
  /** Files sorted by path. */
  files: TreeFile[];
  /** Folders with nothing in them, by path, so the archive keeps them. */
  emptyFolders: string[];
}

/** Parent ids per query: under SQLite's oldest limit of 999 bound parameters. */
const PARENTS_PER_QUERY = 500;

/**
 * Every live file below a folder, from the synced rows (no Graph call), walked level by level as
 * markDeleted walks it: one query per level and 500 folders, each a range of the children index.
 */
export async function folderTree(
  strapi: Core.Strapi,
  driveId: number,
  remoteId: string
): Promise<FolderTree> {
  const files: TreeFile[] = [];
  const emptyFolders: string[] = [];
  let level = new Map<string, string>([[remoteId, '']]);
  for (let depth = 0; level.size > 0 && depth < 1000; depth++) {
    const next = new Map<string, string>();
    const parents = [...level.keys()];
    const withChildren = new Set<string>();
    for (let start = 0; start < parents.length; start += PARENTS_PER_QUERY) {
      const children = (await itemQuery(strapi).findMany({
        where: {
          driveId,
          parentRemoteId: { $in: parents.slice(start, start + PARENTS_PER_QUERY) },
          deleted: false,
        },
        select: ['remoteId', 'parentRemoteId', 'name', 'isFolder', 'size', 'remoteModifiedAt'],
      })) as ItemRow[];
      for (const child of children) {
        const parentPath = level.get(child.parentRemoteId ?? '') ?? '';
        const path = parentPath ? `${parentPath}/${child.name ?? ''}` : (child.name ?? '');
        withChildren.add(child.parentRemoteId ?? '');
        if (child.isFolder) next.set(child.remoteId, path);
        else {
          const modified = child.remoteModifiedAt ? new Date(child.remoteModifiedAt) : null;
          files.push({
            remoteId: child.remoteId,
            path,
            size: Number(child.size ?? 0),
            modifiedAt: modified && !Number.isNaN(modified.valueOf()) ? modified : null,
          });
        }
      }
    }
    for (const [id, path] of level) if (path && !withChildren.has(id)) emptyFolders.push(path);
    level = next;
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, emptyFolders: emptyFolders.sort() };
}
