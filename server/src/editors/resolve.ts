/**
 * From stored references to what they point at today: the platform drive that holds the remote
 * drive id and the synced row of the item. Two queries for any number of references, so enriching
 * a page of entries costs the same as enriching one.
 *
 * Only platform drives resolve: a personal drive's files are private to their owner and never
 * reach content, whatever a stored value says.
 */
import type { Core } from '@strapi/strapi';
import {
  referenceKey,
  type AvailableExternalFile,
  type ExternalFile,
  type ExternalFileReference,
} from '../../../shared/external-file';
import { createDriveTable, type DriveRow } from '../drives/table';
import { findLiveFiles } from '../items/rows';
import type { LibraryColumnValues } from '../../../shared/contracts/library-columns';
import { keptColumnsOf } from '../sync/list-fields/sync-list-fields';
import { listFieldsOf } from '../sync/list-fields/table';

export interface ResolvedItem {
  id: number;
  remoteId: string;
  name: string | null;
  isFolder: boolean;
  size: number | string | null;
  mimeType: string | null;
  webUrl: string | null;
  remoteModifiedAt: string | Date | null;
  deleted: boolean;
  listItemId?: string | null;
}

export interface ResolvedFile {
  drive: DriveRow;
  item: ResolvedItem;
  /** Values of the library columns the drive publishes (only when it publishes some). */
  columns?: LibraryColumnValues;
}

const ITEM_FIELDS = [
  'id',
  'remoteId',
  'name',
  'isFolder',
  'size',
  'mimeType',
  'webUrl',
  'remoteModifiedAt',
  'deleted',
  'listItemId',
] as const;

/** The platform drives holding these remote drive ids, by remote id. */
export async function platformDrivesByRemoteId(
  strapi: Core.Strapi,
  remoteDriveIds: string[]
): Promise<Map<string, DriveRow>> {
  return createDriveTable(strapi).platformByRemoteId(remoteDriveIds);
}

/**
 * The live files (not deleted, not folders) of platform drives these references name, keyed by
 * `referenceKey`. A reference missing from the map is unavailable.
 */
export async function resolveReferences(
  strapi: Core.Strapi,
  references: ExternalFileReference[]
): Promise<Map<string, ResolvedFile>> {
  const resolved = new Map<string, ResolvedFile>();
  const drives = await platformDrivesByRemoteId(strapi, [
    ...new Set(references.map((reference) => reference.driveId)),
  ]);
  const itemIdsByDrive = new Map<number, Set<string>>();
  for (const reference of references) {
    const drive = drives.get(reference.driveId);
    if (!drive) continue;
    if (!itemIdsByDrive.has(drive.id)) itemIdsByDrive.set(drive.id, new Set());
    itemIdsByDrive.get(drive.id)!.add(reference.itemId);
  }
  const items = (await findLiveFiles(strapi, itemIdsByDrive, ITEM_FIELDS)) as Array<
    ResolvedItem & { driveId: number }
  >;
  const driveById = new Map([...drives.values()].map((drive) => [drive.id, drive]));
  const columns = await publishedColumns(strapi, driveById, items);
  for (const item of items) {
    const drive = driveById.get(item.driveId)!;
    resolved.set(referenceKey({ driveId: drive.remoteDriveId, itemId: item.remoteId }), {
      drive,
      item,
      ...(columns.has(item.driveId)
        ? { columns: columns.get(item.driveId)!.get(item.listItemId ?? '') ?? {} }
        : {}),
    });
  }
  return resolved;
}

/**
 * Per platform drive that publishes columns: its files' published values, by list item id. Only
 * platform drives reach here (resolveReferences asks for no other), and only published columns
 * are kept from the stored values.
 */
async function publishedColumns(
  strapi: Core.Strapi,
  driveById: Map<number, DriveRow>,
  items: Array<ResolvedItem & { driveId: number }>
): Promise<Map<number, Map<string, LibraryColumnValues>>> {
  const byDrive = new Map<number, Map<string, LibraryColumnValues>>();
  for (const drive of driveById.values()) {
    const choice = keptColumnsOf(drive);
    if (drive.scope !== 'platform' || !choice?.published.length) continue;
    const published = new Set(choice.published);
    const listItemIds = items
      .filter((item) => item.driveId === drive.id && item.listItemId)
      .map((item) => item.listItemId!);
    const stored = await listFieldsOf(strapi, drive.id, listItemIds);
    const values = new Map<string, LibraryColumnValues>();
    for (const [listItemId, fields] of stored) {
      values.set(
        listItemId,
        Object.fromEntries(Object.entries(fields).filter(([name]) => published.has(name)))
      );
    }
    byDrive.set(drive.id, values);
  }
  return byDrive;
}

const isoOrNull = (value: string | Date | null) =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** The ways a reader may reach one file now (each null when not available). */
export interface FileUrls {
  downloadUrl: string | null;
  sharingUrl: string | null;
}

/** The value a reader sees for one reference. */
export function describeFile(
  reference: ExternalFileReference,
  resolved: ResolvedFile | undefined,
  urls: FileUrls
): ExternalFile {
  const chosen = reference.link ? { link: reference.link } : {};
  if (!resolved)
    return {
      driveId: reference.driveId,
      itemId: reference.itemId,
      ...chosen,
      state: 'unavailable',
    };
  const { item } = resolved;
  const file: AvailableExternalFile = {
    driveId: reference.driveId,
    itemId: reference.itemId,
    ...chosen,
    state: 'available',
    name: item.name ?? '',
    size: item.size === null || item.size === undefined ? null : Number(item.size),
    mimeType: item.mimeType ?? null,
    modifiedAt: isoOrNull(item.remoteModifiedAt),
    webUrl: item.webUrl ?? null,
    downloadUrl: urls.downloadUrl,
    sharingUrl: urls.sharingUrl,
    // The editor's choice, never the other way round: a link switched off is no reason to
    // publish the download route of a file the editor chose to share by link.
    url: reference.link === 'sharing' ? urls.sharingUrl : urls.downloadUrl,
    ...(resolved.columns ? { columns: resolved.columns } : {}),
  };
  return file;
}
