/**
 * "Download as ZIP": checks everything that can refuse a folder before the first byte is sent
 * (the Downloads switch, the folder, the admin's limits against the synced sizes and count, a
 * Graph client for the drive), then answers with the archive streamed by folder-zip.ts, each
 * file read through the single-file download path.
 */
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../settings/service';
import { BYTES_PER_MEGABYTE } from '../../../shared/zip-limits';
import { externalDrivesError } from '../graph/errors';
import { badRequest, downloadsDisabled, toFileOperationError } from './errors';
import { downloadContent } from './download';
import { folderZipStream } from './folder-zip';
import type { DownloadResult } from './manage';
import type { DriveRow } from '../drives/table';
import { missingItem } from './folder-scope';
import { findItemRow, folderTree } from '../items/rows';
import { PLUGIN_ID } from '../constants';

export interface FolderDownloadDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  graph: Pick<GraphService, 'transport'>;
  settings: Pick<SettingsService, 'getIntegration'>;
}

export function createFolderDownload({ strapi, client, graph, settings }: FolderDownloadDeps) {
  /** Everything that refuses a folder's ZIP, with what the ZIP is then made of. */
  async function checkFolderZip(drive: DriveRow, remoteId: string) {
    const integration = await settings.getIntegration();
    if (!integration.downloadsEnabled) throw downloadsDisabled();
    const folder = await findItemRow(strapi, drive.id, remoteId);
    if (!folder || folder.deleted) throw missingItem(drive, 'The folder');
    if (!folder.isFolder) throw badRequest('Only a folder can be downloaded as a ZIP');

    const tree = await folderTree(strapi, drive.id, remoteId);
    const bytes = tree.files.reduce((total, file) => total + file.size, 0);
    const maxBytes = integration.zipMaxMegabytes * BYTES_PER_MEGABYTE;
    if (tree.files.length > integration.zipMaxFiles || bytes > maxBytes) {
      throw externalDrivesError('zipTooLarge', {
        details: {
          files: tree.files.length,
          bytes,
          maxFiles: integration.zipMaxFiles,
          maxBytes,
        },
      });
    }
    return { folder, tree };
  }

  async function downloadFolderZip(drive: DriveRow, remoteId: string): Promise<DownloadResult> {
    const { folder, tree } = await checkFolderZip(drive, remoteId);
    // Had before the answer starts, so a drive whose sign-in lapsed is refused with its status.
    const graphClient = await client(drive);
    const transport = graph.transport();
    const body = folderZipStream({
      tree,
      open: async (file) =>
        (await downloadContent(graphClient, transport, drive.remoteDriveId, file.remoteId)).body,
      describe: (error) => toFileOperationError(error, 'download').message,
      onDone: (failed) => {
        if (failed.length === 0) return;
        strapi.log.warn(
          `[${PLUGIN_ID}] ZIP of folder ${remoteId} (drive ${drive.id}): ${failed.length} file(s) left out or incomplete, listed in its _errors.txt`
        );
      },
    });
    const name = folder.isRoot ? drive.name : folder.name;
    return {
      status: 200,
      headers: { 'content-type': 'application/zip' },
      body,
      fileName: `${name || 'folder'}.zip`,
    };
  }

  return Object.assign(downloadFolderZip, { check: checkFolderZip });
}
