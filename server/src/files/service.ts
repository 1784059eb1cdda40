/**
 * The `files` service: file operations on a connected drive for an admin user. Access is checked
 * here (personal drives: owner only; writes: `assertCanWrite`), the Graph client comes from the
 * `graph` service (tokens, retries, throttling live there).
 */
import type { Core } from '@strapi/strapi';
import type { CreateFolderRequest } from '../../../shared/contracts/items';
import type { GraphService } from '../graph/service';
import type { SettingsService } from '../settings/service';
import { PLUGIN_ID } from '../constants';
import { assertCanRead, assertCanWrite, type Ability, type FilesUser } from './access';
import { ensureActivityIndexes, listActivity } from './activity';
import { downloadsDisabled, forbidden, notFound } from './errors';
import { createFolderDownload } from './folder-download';
import { createFolderUpload } from './folder-upload';
import { redeemZipTicket, issueZipTicket } from './zip-tickets';
import { activeAdminOf } from './ticket-holder';
import type { FolderUploadRequest } from '../../../shared/contracts/folder-uploads';
import { createManageService } from './manage';
import { createVersionService } from './versions';
import { getFileFlags } from './policy';
import { createSharingLinks, sharingLinksDisabled } from './sharing-links';
import { sharingLinksOn } from '../../../shared/contracts/sharing-links';
import { createDriveTable, type DriveRow } from '../drives/table';
import { createUploadService } from './upload/upload-service';
import { sweepExpiredUploads } from './upload/upload-store';
import { createThumbnailService } from './thumbnails/thumbnail-service';

export type { FilesUser };

const ticketRefused = () =>
  forbidden('This download link has expired or was already used; start the download again');

const UPLOAD_SWEEP_JOB = 'external-drives-upload-sweep';

interface FilesDeps {
  strapi: Core.Strapi;
  graph: Pick<GraphService, 'clientForDrive' | 'transport'>;
  settings: Pick<SettingsService, 'getIntegration' | 'secretBox'>;
}

export const createFilesService = ({ strapi, graph, settings }: FilesDeps) => {
  const drives = createDriveTable(strapi);
  const client = async (drive: DriveRow) => graph.clientForDrive(drive);
  const uploads = createUploadService({ strapi, client, graph, settings });
  const manage = createManageService({ strapi, client, graph, settings });
  const downloadFolderZip = createFolderDownload({ strapi, client, graph, settings });
  const thumbnails = createThumbnailService({ strapi, client, graph });
  const versions = createVersionService({ strapi, client, graph, settings });
  const sharingLinks = createSharingLinks({ strapi, client, settings });
  const folderUploads = createFolderUpload({ strapi, client, settings, manage });

  async function readable(driveId: number, user: FilesUser, ability?: Ability) {
    const drive = await drives.find(driveId);
    if (!drive) throw notFound('The drive');
    assertCanRead(drive, user, ability);
    return drive;
  }

  async function writable(driveId: number, user: FilesUser, ability?: Ability) {
    const drive = await readable(driveId, user, ability);
    assertCanWrite(drive, user, ability);
    return drive;
  }

  return {
    /**
     * Ensures the activity index the listing reads through, and sweeps abandoned upload records
     * every ten minutes. Every instance may run it: forgetting an expired record twice is harmless.
     */
    async bootstrap() {
      await ensureActivityIndexes(strapi);
      strapi.cron.add({
        [UPLOAD_SWEEP_JOB]: {
          task: async () => {
            const swept = await sweepExpiredUploads(strapi);
            if (swept > 0) strapi.log.debug(`[${PLUGIN_ID}] forgot ${swept} abandoned upload(s)`);
          },
          options: { rule: '15 */10 * * * *' },
        },
      });
    },

    destroy() {
      strapi.cron.remove(UPLOAD_SWEEP_JOB);
    },

    async startUpload(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      input: Parameters<typeof uploads.start>[2]
    ) {
      return uploads.start(await writable(driveId, user, ability), user, input);
    },
    async putUploadPiece(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      uploadId: string,
      ...rest: [Parameters<typeof uploads.putPiece>[3], Parameters<typeof uploads.putPiece>[4]]
    ) {
      return uploads.putPiece(await writable(driveId, user, ability), user, uploadId, ...rest);
    },
    async uploadStatus(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      uploadId: string
    ) {
      return uploads.status(await writable(driveId, user, ability), user, uploadId);
    },
    async cancelUpload(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      uploadId: string
    ) {
      return uploads.cancel(await writable(driveId, user, ability), user, uploadId);
    },

    async rename(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string,
      name: string
    ) {
      return manage.rename(await writable(driveId, user, ability), user, itemId, name);
    },
    async move(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string,
      parentId: string
    ) {
      return manage.move(await writable(driveId, user, ability), user, itemId, parentId);
    },
    async remove(driveId: number, user: FilesUser, ability: Ability | undefined, itemId: string) {
      return manage.remove(await writable(driveId, user, ability), user, itemId);
    },
    async createFolder(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      input: CreateFolderRequest
    ) {
      return manage.createFolder(
        await writable(driveId, user, ability),
        user,
        input.parentId,
        input.name,
        input.conflictBehavior
      );
    },
    /** A folder upload's names, all checked at once: read-write access, as for any upload. */
    async checkFolderUpload(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      parentId: string,
      request: FolderUploadRequest
    ) {
      return folderUploads.check(await writable(driveId, user, ability), parentId, request);
    },
    /** A folder upload's folders created (or reused); its files then go as ordinary uploads. */
    async createFolderUploadTree(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      parentId: string,
      request: FolderUploadRequest
    ) {
      const drive = await writable(driveId, user, ability);
      return folderUploads.createTree(drive, user, parentId, request);
    },
    async download(driveId: number, user: FilesUser, itemId: string, range?: string) {
      // The switch is checked before anything else so a disabled download never reveals more.
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      return manage.download(await readable(driveId, user), itemId, range);
    },
    /** A folder as a ZIP streamed while it is written: the same checks as a file's download. */
    async downloadZip(driveId: number, user: FilesUser, itemId: string) {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      return downloadFolderZip(await readable(driveId, user), itemId);
    },
    /**
     * A single-use ticket for the folder's ZIP, after every check the ZIP itself makes: the
     * browser then fetches it by plain navigation and saves it to disk as it streams.
     */
    async issueZipTicket(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string,
      sessionId: string | null
    ) {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      const drive = await readable(driveId, user, ability);
      await downloadFolderZip.check(drive, itemId);
      return issueZipTicket(strapi, { driveId: drive.id, itemId, userId: user.id, sessionId });
    },
    /**
     * The ZIP of a redeemed ticket, checked again as its holder now is (an active account with
     * the plugin's `read`, in the same session, access to the drive, downloads switched on).
     */
    async downloadZipByTicket(ticket: string) {
      const binding = await redeemZipTicket(strapi, ticket);
      if (!binding) throw ticketRefused();
      const holder = await activeAdminOf(strapi, binding.userId, binding.sessionId);
      if (!holder) throw ticketRefused();
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      const drive = await readable(binding.driveId, holder.user, holder.ability);
      return downloadFolderZip(drive, binding.itemId);
    },
    /**
     * Streams a file for the content API. No user here: the caller (the attachments service)
     * has decided the file may be served (attached to a published entry).
     */
    async downloadForContent(drive: DriveRow, itemId: string, range?: string) {
      return manage.download(drive, itemId, range);
    },
    /**
     * An item's small thumbnail, for whoever may read the drive. Not behind the downloads switch:
     * a preview is not the file (see thumbnails/thumbnail-service.ts).
     */
    async thumbnail(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string
    ) {
      return thumbnails.small(await readable(driveId, user, ability), itemId);
    },
    /** A file's versions (who, when, size), the current one first: whoever may read the drive. */
    async listVersions(driveId: number, user: FilesUser, itemId: string) {
      return versions.list(await readable(driveId, user), itemId);
    },
    /** One version's content: the same checks as a file's download. */
    async downloadVersion(
      driveId: number,
      user: FilesUser,
      itemId: string,
      versionId: string,
      range?: string
    ) {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      return versions.download(await readable(driveId, user), itemId, versionId, range);
    },
    /** Restores an earlier version as the current one: read-write access only. */
    async restoreVersion(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string,
      versionId: string
    ) {
      return versions.restore(await writable(driveId, user, ability), user, itemId, versionId);
    },
    /**
     * "Copy link": a view link with the drive's scope. Reading the drive suffices (a view link
     * gives no more than the user has); the switch is checked first, so it reveals nothing.
     */
    async createSharingLink(
      driveId: number,
      user: FilesUser,
      ability: Ability | undefined,
      itemId: string
    ) {
      const integration = await settings.getIntegration();
      if (!sharingLinksOn(integration)) throw sharingLinksDisabled();
      return sharingLinks.create(await readable(driveId, user, ability), itemId, {
        user,
        purpose: 'copy',
      });
    },
    /**
     * A view link published in content (an editor attached the file as a sharing link). The
     * editors service has checked the drive (a platform drive the writer may read); the switch
     * and the drive's scope are checked here, as for "Copy link".
     */
    async createSharingLinkForContent(drive: DriveRow, itemId: string, user?: FilesUser) {
      return sharingLinks.create(drive, itemId, { user, purpose: 'content' });
    },
    async activity(driveId: number, user: FilesUser) {
      return listActivity(strapi, (await readable(driveId, user)).id);
    },
  };
};

export type FilesService = ReturnType<typeof createFilesService>;
