/**
 * A folder upload's server side: the whole tree's names checked at once (every refused one listed,
 * nothing created while one is), then its folders created in Microsoft 365, parents first, each
 * one reused when a folder of that name is already there. The files then go through the ordinary
 * resumable uploads (upload/), one per file, into the folders this answers.
 */
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  MAX_FOLDER_UPLOAD_FILES,
  type FolderUploadRequest,
  type FolderUploadSummary,
  type FolderUploadTree,
} from '../../../shared/contracts/folder-uploads';
import { checkFolderTree, namePartOf, parentPathOf } from '../../../shared/folder-tree';
import type { SettingsService } from '../settings/service';
import type { AdminUserRef } from './activity';
import { badRequest, fileError, notFound, toFileOperationError } from './errors';
import * as graph from './graph-operations';
import type { ManageService } from './manage';
import { getFileFlags } from './policy';
import { MAX_FILE_BYTES } from './upload/fragments';
import type { DriveRow } from '../drives/table';
import { findItemRow, folderPath, upsertItemRow } from '../items/rows';

export interface FolderUploadDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  settings: Pick<SettingsService, 'getIntegration'>;
  manage: Pick<ManageService, 'createFolder'>;
}

/** A relative path as the browser reads it: '/'-separated, no leading or trailing '/'. */
function assertRelativePath(path: unknown, what: string): asserts path is string {
  if (typeof path !== 'string' || path.length === 0)
    throw badRequest(`Every ${what} needs a relative path`);
  if (path.startsWith('/') || path.endsWith('/'))
    throw badRequest(`The ${what} path '${path}' must not start or end with '/'`);
}

/** The shape of the request, checked before any name: a clear refusal for a malformed one. */
function assertWellFormed(request: FolderUploadRequest) {
  if (!Array.isArray(request.files)) throw badRequest('files must be a list');
  if (request.folders !== undefined && !Array.isArray(request.folders))
    throw badRequest('folders must be a list');
  const count = request.files.length + (request.folders?.length ?? 0);
  if (count === 0) throw badRequest('The folder is empty: there is nothing to upload');
  if (request.files.length > MAX_FOLDER_UPLOAD_FILES)
    throw badRequest(
      `A folder upload holds at most ${MAX_FOLDER_UPLOAD_FILES} files; this one holds ${request.files.length}`
    );
  const seen = new Set<string>();
  for (const file of request.files) {
    assertRelativePath(file?.path, 'file');
    if (!Number.isSafeInteger(file.size) || file.size < 0)
      throw badRequest(`The size of '${file.path}' must be a whole number of bytes`);
    if (file.size > MAX_FILE_BYTES)
      throw fileError(
        'fileTooLarge',
        `'${file.path}' is larger than SharePoint and OneDrive accept (250 GB)`
      );
    if (seen.has(file.path)) throw badRequest(`'${file.path}' is listed twice`);
    seen.add(file.path);
  }
  for (const folder of request.folders ?? []) assertRelativePath(folder, 'folder');
}

export function createFolderUpload({ strapi, client, settings, manage }: FolderUploadDeps) {
  async function destination(drive: DriveRow, parentId: string) {
    const parent = await findItemRow(strapi, drive.id, parentId);
    if (!parent || parent.deleted || !parent.isFolder) throw notFound('The destination folder');
    return parent;
  }

  /** The tree's names in the destination, all of them; 400 listing every refused one. */
  async function check(drive: DriveRow, parentId: string, request: FolderUploadRequest) {
    assertWellFormed(request);
    await destination(drive, parentId);
    const flags = await getFileFlags(settings);
    const tree = checkFolderTree(request, {
      driveName: drive.name,
      folderPath: await folderPath(strapi, drive.id, parentId),
      rejectDiscouragedCharacters: flags.rejectDiscouragedCharacters,
    });
    if (tree.refused.length > 0) {
      const count = tree.refused.length;
      throw fileError(
        'invalidName',
        `${count} ${count === 1 ? 'name' : 'names'} in this folder cannot be used in SharePoint or OneDrive; nothing was uploaded`,
        { refused: tree.refused }
      );
    }
    return tree;
  }

  const summaryOf = (tree: ReturnType<typeof checkFolderTree>): FolderUploadSummary => ({
    folders: tree.folders.length,
    files: tree.files.length,
    bytes: tree.files.reduce((sum, file) => sum + file.size, 0),
  });

  /**
   * The folder named `name` in `parentId`: the one there already (Microsoft's `fail` conflict
   * behaviour answers 409 for it, so it is looked up first), or a new one.
   */
  async function folderIn(
    drive: DriveRow,
    user: AdminUserRef,
    parentId: string,
    name: string,
    path: string
  ): Promise<{ remoteId: string; reused: boolean }> {
    const graphClient = await client(drive);
    const existing = await graph.findChild(graphClient, drive.remoteDriveId, parentId, name);
    if (existing) {
      if (!existing.folder)
        throw fileError(
          'nameAlreadyExists',
          `'${path}' is a file in Microsoft 365, so the folder of that name cannot be created`,
          { path }
        );
      await upsertItemRow(strapi, drive.id, existing);
      return { remoteId: String(existing.id), reused: true };
    }
    try {
      const created = await manage.createFolder(drive, user, parentId, name, 'fail');
      return { remoteId: created.remoteId, reused: false };
    } catch (error) {
      // Created meanwhile by someone else (409): that folder is as good as ours.
      const mapped = toFileOperationError(error, 'write');
      if (mapped.code !== 'nameAlreadyExists') throw mapped;
      const raced = await graph.findChild(graphClient, drive.remoteDriveId, parentId, name);
      if (!raced?.folder) throw mapped;
      await upsertItemRow(strapi, drive.id, raced);
      return { remoteId: String(raced.id), reused: true };
    }
  }

  return {
    async check(drive: DriveRow, parentId: string, request: FolderUploadRequest) {
      return summaryOf(await check(drive, parentId, request));
    },

    /** Checks, then creates the folders, parents first; the files are the browser's to send. */
    async createTree(
      drive: DriveRow,
      user: AdminUserRef,
      parentId: string,
      request: FolderUploadRequest
    ): Promise<FolderUploadTree> {
      const tree = await check(drive, parentId, request);
      const folderIds: Record<string, string> = { '': parentId };
      const reused: string[] = [];
      try {
        for (const path of tree.folders) {
          const folder = await folderIn(
            drive,
            user,
            folderIds[parentPathOf(path)],
            namePartOf(path),
            path
          );
          folderIds[path] = folder.remoteId;
          if (folder.reused) reused.push(path);
        }
      } catch (error) {
        throw toFileOperationError(error, 'write');
      }
      return { ...summaryOf(tree), folderIds, reused };
    },
  };
}

export type FolderUploadService = ReturnType<typeof createFolderUpload>;
