/**
 * Admin routes of a file's versions: list, download one, restore one. Failures leave through the
 * one mapping, as the other file routes' do.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { toFileOperationError, type FileOperation } from '../files/errors';
import { sendDownload } from '../files/send-download';
import type { FilesUser } from '../files/service';

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
}

const who = (ctx: Context) => {
  const state = ctx.state as AdminState;
  return { user: state.user, ability: state.userAbility };
};

const handle =
  (operation: FileOperation, run: (ctx: Context) => Promise<void>) => async (ctx: Context) => {
    try {
      await run(ctx);
    } catch (error) {
      throw toFileOperationError(error, operation);
    }
  };

const adminFileVersionController = ({ strapi }: { strapi: Core.Strapi }) => {
  const files = () => getService(strapi, 'files');
  const driveIdOf = (ctx: Context) => Number(ctx.params.id);

  return {
    list: handle('read', async (ctx) => {
      ctx.body = {
        data: await files().listVersions(driveIdOf(ctx), who(ctx).user, ctx.params.itemId),
      };
    }),

    download: handle('download', async (ctx) => {
      const range = ctx.get('range') || undefined;
      sendDownload(
        ctx,
        await files().downloadVersion(
          driveIdOf(ctx),
          who(ctx).user,
          ctx.params.itemId,
          ctx.params.versionId,
          range
        )
      );
    }),

    restore: handle('write', async (ctx) => {
      const { user, ability } = who(ctx);
      ctx.body = {
        data: await files().restoreVersion(
          driveIdOf(ctx),
          user,
          ability,
          ctx.params.itemId,
          ctx.params.versionId
        ),
      };
    }),
  };
};

export default adminFileVersionController;
