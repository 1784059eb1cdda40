/**
 * What the sync engine does differently for a drive limited to one folder, in one place: pages of
 * changes are reduced to the folder (changes-filter.ts), a full enumeration keeps the folder's
 * subtree before it is merged (stage-pruning.ts), the folder's shown path follows its renames and
 * moves, and a drive whose folder was deleted syncs again only once the folder is back. Every
 * Graph request goes through the drive's client, so through the plugin's one pacer.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Core } from '@strapi/strapi';
import { createDriveTable, type DriveRow } from '../../drives/table';
import { libraryPathOf } from '../../graph/folders';
import type { ScopeHooks } from '../apply-page';
import type { RoundState } from '../delta-cursor';
import type { DeltaPage } from '../delta-source';
import { filterChanges } from './changes-filter';
import { folderDeleted } from './folder-deleted';
import { liveRemoteIds } from './live-rows';
import { keepFolderInStage } from './stage-pruning';
import { listSubtree } from './subtree';

/** What apply-page calls back, in the page's transaction. */
export function createFolderScope(strapi: Core.Strapi, client: Client, drive: DriveRow) {
  const folderItemId = drive.folderItemId!;
  const drives = createDriveTable(strapi);
  const folderPath = `/drives/${encodeURIComponent(drive.remoteDriveId)}/items/${encodeURIComponent(folderItemId)}`;

  /** The folder as Graph has it now; folderDeleted when it is gone. */
  async function readFolder() {
    try {
      return (await client.api(folderPath).select('id,name,folder,parentReference').get()) as {
        id: string;
        name?: string;
        parentReference?: { path?: string };
      };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw folderDeleted();
      throw error;
    }
  }

  /** Delta gives no paths: the folder is read by id when a page shows it renamed or moved. */
  async function refreshShownPath() {
    const path = libraryPathOf(await readFolder());
    if (path && path !== drive.folderPath) {
      await drives.update(drive.id, { folderPath: path });
      drive.folderPath = path;
    }
  }

  return {
    /** A drive marked `folder_deleted` syncs again only if its folder is back (restored). */
    async assertFolderPresent() {
      await readFolder();
    },

    /** The page as the drive applies it. */
    async pageInFolder(page: DeltaPage, round: RoundState): Promise<DeltaPage> {
      if (round.enumeration !== undefined) {
        // Staged whole; the folder's subtree is kept at the end of the round (hooks.beforeMerge).
        if (page.items.some((item) => item.id === folderItemId && !item.deleted)) {
          await refreshShownPath();
        }
        return page;
      }
      const { items, folder } = await filterChanges(page.items, folderItemId, {
        live: (ids) => liveRemoteIds(strapi.db.connection, drive.id, ids),
        subtree: (id) => listSubtree(client, drive.remoteDriveId, id),
      });
      if (folder) await refreshShownPath();
      return { ...page, items };
    },

    hooks: {
      beforeMerge: (trx, enumeration) =>
        keepFolderInStage(trx, drive.id, enumeration, folderItemId),
    } satisfies ScopeHooks,
  };
}

export type FolderScope = ReturnType<typeof createFolderScope>;
