/**
 * Admin routes for files: uploads (start, pieces, status, cancel), download, rename/move, delete,
 * new folder, the drive's activity and the file switches. Failures answer with the mapped status
 * (never 401 for a Microsoft failure: the admin panel would log the user out).
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { toFileOperationError } from '../files/errors';
import { sendDownload } from '../files/send-download';
import type { FilesUser } from '../files/service';
import { validateFiles } from './validation/files';

const files = (strapi: Core.Strapi) => getService(strapi, 'files');

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
}

const who = (ctx: Context) => {
  const state = ctx.state as AdminState;
  return { user: state.user, ability: state.userAbility };
};

const driveIdOf = (ctx: Context) => Number(ctx.params.id);

/** Wraps a handler so every failure leaves through the one mapping (Strapi formats the result). */
const handle =
  (operation: 'write' | 'upload' | 'download' | 'read', run: (ctx: Context) => Promise<void>) =>
  async (ctx: Context) => {
    try {
      await run(ctx);
    } catch (error) {
      throw toFileOperationError(error, operation);
    }
  };

const adminFileController = ({ strapi }: { strapi: Core.Strapi }) => ({
  startUpload: handle('upload', async (ctx) => {
    const { user, ability } = who(ctx);
    const input = validateFiles('startUpload', ctx.request.body);
    ctx.status = 201;
    ctx.body = { data: await files(strapi).startUpload(driveIdOf(ctx), user, ability, input) };
  }),

  putUploadPiece: handle('upload', async (ctx) => {
    const { user, ability } = who(ctx);
    ctx.body = {
      data: await files(strapi).putUploadPiece(
        driveIdOf(ctx),
        user,
        ability,
        ctx.params.uploadId,
        ctx.req,
        {
          contentRange: ctx.get('content-range') || undefined,
          contentLength: ctx.get('content-length') || undefined,
        }
      ),
    };
  }),

  uploadStatus: handle('upload', async (ctx) => {
    const { user, ability } = who(ctx);
    ctx.body = {
      data: await files(strapi).uploadStatus(driveIdOf(ctx), user, ability, ctx.params.uploadId),
    };
  }),

  cancelUpload: handle('upload', async (ctx) => {
    const { user, ability } = who(ctx);
    await files(strapi).cancelUpload(driveIdOf(ctx), user, ability, ctx.params.uploadId);
    ctx.status = 204;
  }),

  download: handle('download', async (ctx) => {
    const { user } = who(ctx);
    const range = ctx.get('range') || undefined;
    sendDownload(ctx, await files(strapi).download(driveIdOf(ctx), user, ctx.params.itemId, range));
  }),

  downloadZip: handle('download', async (ctx) => {
    const { user } = who(ctx);
    sendDownload(ctx, await files(strapi).downloadZip(driveIdOf(ctx), user, ctx.params.itemId));
  }),

  update: handle('write', async (ctx) => {
    const { user, ability } = who(ctx);
    const input = validateFiles('update', ctx.request.body);
    const service = files(strapi);
    let row = input.parentId
      ? await service.move(driveIdOf(ctx), user, ability, ctx.params.itemId, input.parentId)
      : undefined;
    if (input.name)
      row = await service.rename(driveIdOf(ctx), user, ability, ctx.params.itemId, input.name);
    ctx.body = { data: row };
  }),

  remove: handle('write', async (ctx) => {
    const { user, ability } = who(ctx);
    await files(strapi).remove(driveIdOf(ctx), user, ability, ctx.params.itemId);
    ctx.status = 204;
  }),

  createFolder: handle('write', async (ctx) => {
    const { user, ability } = who(ctx);
    const input = validateFiles('createFolder', ctx.request.body);
    ctx.status = 201;
    ctx.body = { data: await files(strapi).createFolder(driveIdOf(ctx), user, ability, input) };
  }),

  activity: handle('read', async (ctx) => {
    ctx.body = { data: await files(strapi).activity(driveIdOf(ctx), who(ctx).user) };
  }),
});

export default adminFileController;
