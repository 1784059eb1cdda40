/**
 * Strapi's rows for drive items, written at once after a file operation so the change shows
 * without waiting for the next delta sync (mapped exactly as the sync engine maps them).
 */
import type { Core } from '@strapi/strapi';
import type { DriveKind, DriveRole } from '../../../shared/contracts/drives';
import { UID } from '../constants';
import type { GraphDriveItem } from './upload/relay';
import { toItemRow } from '../sync/item-mapper';

export interface DriveRow {
  id: number;
  name: string;
  kind: DriveKind;
  scope: 'platform' | 'personal';
  remoteDriveId: string;
  ownerId?: number | null;
  roles?: DriveRole[] | null;
}

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
  eTag?: string | null;
  deleted?: boolean;
}

const itemQuery = (strapi: Core.Strapi) => strapi.db.query(UID.driveItem as never);

export const findDrive = async (strapi: Core.Strapi, id: number) =>
  (await strapi.db.query(UID.drive as never).findOne({ where: { id } })) as DriveRow | null;

export const findItemRow = async (strapi: Core.Strapi, driveId: number, remoteId: string) =>
  (await itemQuery(strapi).findOne({ where: { driveId, remoteId } })) as ItemRow | null;

export const findRootRow = async (strapi: Core.Strapi, driveId: number) =>
  (await itemQuery(strapi).findOne({ where: { driveId, isRoot: true } })) as ItemRow | null;

/** Inserts or updates the row of a driveItem Graph just returned. */
export async function upsertItemRow(strapi: Core.Strapi, driveId: number, item: GraphDriveItem) {
  const data = toItemRow(driveId, item);
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
