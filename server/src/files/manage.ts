/**
 * Rename, move, delete, new folder, download: each checks access and names first, calls Graph,
 * then updates Strapi's rows and leaves an activity record (success or failure).
 */
import type { Core } from '@strapi/strapi';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../settings/service';
import type { Client } from '@microsoft/microsoft-graph-client';
import { recordActivity, type ActivityAction, type AdminUserRef } from './activity';
import { badRequest, downloadsDisabled, toFileOperationError } from './errors';
import * as graph from './graph-operations';
import { downloadContent, type DownloadResponse } from './download';
import { assertValidNameIn } from './names';
import { getFileFlags } from './policy';
import type { DriveRow } from '../drives/table';
import { missingItem } from './folder-scope';
import { findItemRow, folderPath, markDeleted, upsertItemRow, type ItemRow } from '../items/rows';

export interface ManageDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  graph: Pick<GraphService, 'transport'>;
  settings: Pick<SettingsService, 'getIntegration'>;
}

export interface DownloadResult extends DownloadResponse {
  fileName: string;
}

export function createManageService({ strapi, client, graph: graphService, settings }: ManageDeps) {
  async function liveItem(drive: DriveRow, remoteId: string): Promise<ItemRow> {
    const row = await findItemRow(strapi, drive.id, remoteId);
    if (!row || row.deleted) throw missingItem(drive, 'The item');
    return row;
  }

  async function nameRules(
    drive: DriveRow,
    name: string,
    parentRemoteId: string | null | undefined,
    isFolder: boolean
  ) {
    const flags = await getFileFlags(settings);
    assertValidNameIn(name, {
      driveName: drive.name,
      folderPath: parentRemoteId ? await folderPath(strapi, drive.id, parentRemoteId) : '',
      isFolder,
      rejectDiscouragedCharacters: flags.rejectDiscouragedCharacters,
    });
  }

  /**
   * The eTag a write on this item is made conditional on: a file's, as last synced or written, so
   * a change made in Microsoft 365 since then is not overwritten. Never a folder's: its eTag
   * changes whenever anything inside it changes, so it would refuse most folder writes.
   */
  const precondition = (item: ItemRow) => (item.isFolder ? undefined : (item.eTag ?? undefined));

  /** After a 412: the item's row as Microsoft 365 has it now, so the user sees what changed. */
  async function refreshItem(drive: DriveRow, remoteId: string) {
    try {
      const current = await graph.getItem(await client(drive), drive.remoteDriveId, remoteId);
      await upsertItemRow(strapi, drive.id, current);
    } catch {
      // Gone or out of reach now: the next sync brings the row up to date.
    }
  }

  /** Runs a write against Graph, records it, maps its failure. */
  async function write<T extends graph.GraphItem | void>(
    drive: DriveRow,
    user: AdminUserRef,
    action: ActivityAction,
    target: { remoteId?: string; name?: string },
    run: (graphClient: Client) => Promise<T>
  ): Promise<T> {
    try {
      const result = await run(await client(drive));
      await recordActivity(strapi, {
        driveId: drive.id,
        action,
        user,
        itemRemoteId: result ? result.id : target.remoteId,
        itemName: result ? String(result.name ?? target.name) : target.name,
        result: 'succeeded',
      });
      return result;
    } catch (error) {
      const mapped = toFileOperationError(error, 'write');
      if (mapped.code === 'modified' && target.remoteId) await refreshItem(drive, target.remoteId);
      await recordActivity(strapi, {
        driveId: drive.id,
        action,
        user,
        itemRemoteId: target.remoteId,
        itemName: target.name,
        result: 'failed',
        errorCode: mapped.code,
      });
      throw mapped;
    }
  }

  return {
    async rename(drive: DriveRow, user: AdminUserRef, remoteId: string, name: string) {
      const item = await liveItem(drive, remoteId);
      if (item.isRoot) throw badRequest('The root of a drive cannot be renamed');
      await nameRules(drive, name, item.parentRemoteId, Boolean(item.isFolder));
      const updated = await write(
        drive,
        user,
        'rename',
        { remoteId, name: item.name ?? undefined },
        (c) => graph.renameItem(c, drive.remoteDriveId, remoteId, name, precondition(item))
      );
      return upsertItemRow(strapi, drive.id, updated);
    },

    async move(drive: DriveRow, user: AdminUserRef, remoteId: string, parentId: string) {
      const item = await liveItem(drive, remoteId);
      if (item.isRoot) throw badRequest('The root of a drive cannot be moved');
      const target = await liveItem(drive, parentId);
      if (!target.isFolder) throw badRequest('Items can only be moved into a folder');
      // A folder cannot go inside itself or one of its descendants.
      for (
        let cursor: ItemRow | null = target;
        cursor;
        cursor = cursor.parentRemoteId
          ? await findItemRow(strapi, drive.id, cursor.parentRemoteId)
          : null
      ) {
        if (cursor.remoteId === remoteId) throw badRequest('A folder cannot be moved into itself');
        if (cursor.isRoot) break;
      }
      await nameRules(drive, item.name ?? '', parentId, Boolean(item.isFolder));
      const updated = await write(
        drive,
        user,
        'move',
        { remoteId, name: item.name ?? undefined },
        (c) => graph.moveItem(c, drive.remoteDriveId, remoteId, parentId, precondition(item))
      );
      return upsertItemRow(strapi, drive.id, updated);
    },

    async remove(drive: DriveRow, user: AdminUserRef, remoteId: string) {
      const item = await liveItem(drive, remoteId);
      if (item.isRoot) throw badRequest('The root of a drive cannot be deleted');
      await write(drive, user, 'delete', { remoteId, name: item.name ?? undefined }, (c) =>
        graph.deleteItem(c, drive.remoteDriveId, remoteId, precondition(item))
      );
      await markDeleted(strapi, drive.id, remoteId);
    },

    async createFolder(
      drive: DriveRow,
      user: AdminUserRef,
      parentId: string,
      name: string,
      conflictBehavior: graph.ConflictBehavior = 'fail'
    ) {
      const parent = await liveItem(drive, parentId);
      if (!parent.isFolder) throw badRequest('Folders can only be created inside a folder');
      await nameRules(drive, name, parentId, true);
      const folder = await write(drive, user, 'createFolder', { name }, (c) =>
        graph.createFolder(c, drive.remoteDriveId, parentId, name, conflictBehavior)
      );
      return upsertItemRow(strapi, drive.id, folder);
    },

    /** Streams the file; 403 for everyone when the admin switched downloads off. */
    async download(drive: DriveRow, remoteId: string, range?: string): Promise<DownloadResult> {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      const item = await liveItem(drive, remoteId);
      if (item.isFolder) throw badRequest('Folders cannot be downloaded');
      try {
        const response = await downloadContent(
          await client(drive),
          graphService.transport(),
          drive.remoteDriveId,
          remoteId,
          range
        );
        return { ...response, fileName: item.name ?? 'download' };
      } catch (error) {
        throw toFileOperationError(error, 'download');
      }
    },
  };
}

export type ManageService = ReturnType<typeof createManageService>;
