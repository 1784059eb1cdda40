/**
 * Admin routes of folder uploads: the tree's names checked (nothing changes), and the tree's
 * folders created. Both need read-write access to the drive, as any upload (checked by the
 * service); the request's shape is checked there too, before any name.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { FolderUploadRequest } from '../../../shared/contracts/folder-uploads';
import { getService } from '../services';
import { badRequest, toFileOperationError } from '../files/errors';
import type { FilesUser } from '../files/service';

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
}

/** Only the two lists: anything else in the body is ignored. */
function requestOf(ctx: Context): FolderUploadRequest {
  const body = ctx.request.body as Partial<FolderUploadRequest> | undefined;
  if (!body || typeof body !== 'object') throw badRequest('Send the folder’s files as JSON');
  return { files: body.files as FolderUploadRequest['files'], folders: body.folders };
}

const handle =
  (run: (ctx: Context, state: AdminState) => Promise<void>) => async (ctx: Context) => {
    try {
      await run(ctx, ctx.state as AdminState);
    } catch (error) {
      throw toFileOperationError(error, 'upload');
    }
  };

const adminFolderUploadController = ({ strapi }: { strapi: Core.Strapi }) => {
  const files = () => getService(strapi, 'files');
  return {
    check: handle(async (ctx, { user, userAbility }) => {
      ctx.body = {
        data: await files().checkFolderUpload(
          Number(ctx.params.id),
          user,
          userAbility,
          ctx.params.itemId,
          requestOf(ctx)
        ),
      };
    }),

    createTree: handle(async (ctx, { user, userAbility }) => {
      ctx.status = 201;
      ctx.body = {
        data: await files().createFolderUploadTree(
          Number(ctx.params.id),
          user,
          userAbility,
          ctx.params.itemId,
          requestOf(ctx)
        ),
      };
    }),
  };
};

export default adminFolderUploadController;
