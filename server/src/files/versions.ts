/**
 * A file's versions: list them, download one, restore one as the current version. Each Graph call
 * goes through the drive's Graph client (the one transport and pacer); downloads obey the admin's
 * Downloads switch; a restore is a write (read-write access, checked by the files service), leaves
 * an activity record and refreshes the item's row; the next sync's delta then carries the change.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Core } from '@strapi/strapi';
import { VERSION_ID_PATTERN, type FileVersion } from '../../../shared/contracts/versions';
import type { DriveRow } from '../drives/table';
import type { GraphService } from '../graph/service';
import { findItemRow, upsertItemRow, type ItemRow } from '../items/rows';
import type { SettingsService } from '../settings/service';
import { recordActivity, type AdminUserRef } from './activity';
import { downloadFromContentPath } from './download';
import { badRequest, downloadsDisabled, notFound, toFileOperationError } from './errors';
import * as graph from './graph-operations';
import type { DownloadResult } from './manage';
import { getFileFlags } from './policy';

/** A driveItemVersion as Microsoft Graph answers it. */
interface GraphVersion {
  id: string;
  size?: number;
  lastModifiedDateTime?: string;
  lastModifiedBy?: {
    user?: { displayName?: string; email?: string };
    application?: { displayName?: string };
  };
}

const versionsPath = (driveId: string, itemId: string) =>
  `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/versions`;

const versionPath = (driveId: string, itemId: string, versionId: string) =>
  `${versionsPath(driveId, itemId)}/${encodeURIComponent(versionId)}`;

/** Follows @odata.nextLink: a long history may come in pages. */
async function listGraphVersions(
  client: Client,
  driveId: string,
  itemId: string
): Promise<GraphVersion[]> {
  const versions: GraphVersion[] = [];
  let page = (await client.api(versionsPath(driveId, itemId)).get()) as {
    value?: GraphVersion[];
    '@odata.nextLink'?: string;
  };
  versions.push(...(page.value ?? []));
  while (page['@odata.nextLink']) {
    page = await client.api(page['@odata.nextLink']).get();
    versions.push(...(page.value ?? []));
  }
  return versions;
}

/** Microsoft lists the current version first. */
const toFileVersion = (version: GraphVersion, index: number): FileVersion => ({
  id: version.id,
  isCurrent: index === 0,
  size: typeof version.size === 'number' ? version.size : null,
  modifiedAt: version.lastModifiedDateTime ?? null,
  modifiedByName:
    version.lastModifiedBy?.user?.displayName ??
    version.lastModifiedBy?.application?.displayName ??
    null,
  modifiedByEmail: version.lastModifiedBy?.user?.email ?? null,
});

export interface VersionDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  graph: Pick<GraphService, 'transport'>;
  settings: Pick<SettingsService, 'getIntegration'>;
}

export function createVersionService({
  strapi,
  client,
  graph: graphService,
  settings,
}: VersionDeps) {
  /** The synced file the request names: folders have no versions. */
  async function liveFile(drive: DriveRow, remoteId: string): Promise<ItemRow> {
    const row = await findItemRow(strapi, drive.id, remoteId);
    if (!row || row.deleted) throw notFound('The item');
    if (row.isFolder) throw badRequest('Folders have no versions; only files do');
    return row;
  }

  const assertVersionId = (versionId: string) => {
    if (!VERSION_ID_PATTERN.test(versionId)) throw badRequest(`'${versionId}' is not a version id`);
  };

  async function list(drive: DriveRow, remoteId: string): Promise<FileVersion[]> {
    await liveFile(drive, remoteId);
    try {
      const versions = await listGraphVersions(await client(drive), drive.remoteDriveId, remoteId);
      return versions.map(toFileVersion);
    } catch (error) {
      throw toFileOperationError(error, 'read');
    }
  }

  return {
    list,

    /** Streams one version's content; 403 for everyone when the admin switched downloads off. */
    async download(
      drive: DriveRow,
      remoteId: string,
      versionId: string,
      range?: string
    ): Promise<DownloadResult> {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      assertVersionId(versionId);
      const item = await liveFile(drive, remoteId);
      try {
        const response = await downloadFromContentPath(
          await client(drive),
          graphService.transport(),
          `${versionPath(drive.remoteDriveId, remoteId, versionId)}/content`,
          range
        );
        return { ...response, fileName: item.name ?? 'download' };
      } catch (error) {
        throw toFileOperationError(error, 'download');
      }
    },

    /**
     * Makes an earlier version the current one (Microsoft keeps every version and adds a new one).
     * The current version, or one the file does not have, is refused before anything changes.
     */
    async restore(drive: DriveRow, user: AdminUserRef, remoteId: string, versionId: string) {
      assertVersionId(versionId);
      const versions = await list(drive, remoteId);
      const version = versions.find((candidate) => candidate.id === versionId);
      if (!version) throw notFound(`The version ${versionId}`);
      if (version.isCurrent)
        throw badRequest(`Version ${versionId} is already the current version`);
      const item = await liveFile(drive, remoteId);
      const activity = {
        driveId: drive.id,
        user,
        itemRemoteId: remoteId,
        itemName: item.name ?? undefined,
        action: 'restoreVersion' as const,
        details: { versionId },
      };
      const graphClient = await client(drive);
      try {
        await graphClient
          .api(`${versionPath(drive.remoteDriveId, remoteId, versionId)}/restoreVersion`)
          .post(null);
      } catch (error) {
        const mapped = toFileOperationError(error, 'write');
        await recordActivity(strapi, { ...activity, result: 'failed', errorCode: mapped.code });
        throw mapped;
      }
      await recordActivity(strapi, { ...activity, result: 'succeeded' });
      // The row shows the restored content at once; the next sync's delta brings the same change.
      try {
        const current = await graph.getItem(graphClient, drive.remoteDriveId, remoteId);
        return await upsertItemRow(strapi, drive.id, current);
      } catch {
        // Out of reach just now: the next sync brings the row up to date.
        return item;
      }
    },
  };
}

export type VersionService = ReturnType<typeof createVersionService>;
