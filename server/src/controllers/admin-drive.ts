/**
 * Admin routes for drives: list and read what the signed-in user may see, add and change platform
 * drives (drive managers), sync, browse the synced tree, remove.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { externalDrivesError } from '../graph/errors';
import { PERMISSIONS } from '../../../shared/permissions';
import type { AdminUser, Ability } from '../files/access';
import { assertParentInFolder } from '../files/folder-scope';
import { keptColumnNamed } from '../drives/kept-column';
import { getService } from '../services';
import type {
  DriveUpdate,
  PlatformDriveInput,
  SyncRequested,
} from '../../../shared/contracts/drives';
import type { ChildrenQuery, SearchQuery } from '../../../shared/contracts/items';
import {
  validateChildrenQuery,
  validateSearchQuery,
  validateCreatePlatformDrive,
  validateUpdateDrive,
} from './validation/drives';

const who = (ctx: Context) => {
  const state = ctx.state as { user: AdminUser; userAbility?: Ability };
  return [state.user, state.userAbility] as const;
};

const idOf = (ctx: Context) => Number(ctx.params.id);

const adminDriveController = ({ strapi }: { strapi: Core.Strapi }) => {
  const drives = () => getService(strapi, 'drives');
  const items = () => getService(strapi, 'items');
  const sync = () => getService(strapi, 'sync');
  const visible = (ctx: Context) => drives().getVisible(idOf(ctx), ...who(ctx));

  return {
    async find(ctx: Context) {
      ctx.body = { data: await drives().list(...who(ctx)) };
    },

    async findOne(ctx: Context) {
      const drive = await drives().present(await visible(ctx));
      ctx.body = { data: { ...drive, progress: sync().getProgress(drive.id) } };
    },

    async create(ctx: Context) {
      const input = await validateCreatePlatformDrive(ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await drives().createPlatform(input as PlatformDriveInput) };
    },

    async update(ctx: Context) {
      const drive = await visible(ctx);
      const input = await validateUpdateDrive(ctx.request.body);
      ctx.body = { data: await drives().update(drive.id, input as DriveUpdate) };
    },

    /** Disconnect: platform drives by drive managers, personal drives by their owner. */
    async remove(ctx: Context) {
      const drive = await visible(ctx);
      const [, ability] = who(ctx);
      if (drive.scope === 'platform' && !ability?.can(PERMISSIONS.manageDrives)) {
        throw externalDrivesError('forbidden', {
          message: 'Only drive managers can disconnect an organisation drive',
          httpStatus: 403,
        });
      }
      await drives().remove(drive.id);
      ctx.body = { data: { id: drive.id } };
    },

    /** "Sync Now": enqueues (merged with a waiting run); `?wait=true` answers with the run. */
    async sync(ctx: Context) {
      const drive = await visible(ctx);
      if (ctx.query.wait === 'true') {
        ctx.body = { data: await sync().syncDrive(drive.id, { trigger: 'manual' }) };
        return;
      }
      sync().requestSync(drive.id, 'manual');
      ctx.status = 202;
      const requested: SyncRequested = { queued: true, progress: sync().getProgress(drive.id) };
      ctx.body = { data: requested };
    },

    async runs(ctx: Context) {
      const drive = await visible(ctx);
      ctx.body = { data: await sync().listRuns(drive.id) };
    },

    async children(ctx: Context) {
      const drive = await visible(ctx);
      const options = (await validateChildrenQuery(ctx.query)) as ChildrenQuery;
      await assertParentInFolder(strapi, drive, options.parentId);
      ctx.body = await items().children(drive, options);
    },

    async breadcrumbs(ctx: Context) {
      const drive = await visible(ctx);
      await assertParentInFolder(
        strapi,
        drive,
        (ctx.query.itemId as string | undefined) || undefined
      );
      ctx.body = { data: await items().breadcrumbs(drive.id, String(ctx.query.itemId ?? '')) };
    },

    async search(ctx: Context) {
      const drive = await visible(ctx);
      const options = (await validateSearchQuery(ctx.query)) as SearchQuery;
      const column = options.column
        ? {
            column: await keptColumnNamed(
              strapi,
              getService(strapi, 'graph'),
              drive,
              options.column
            ),
            text: options.value ?? '',
          }
        : undefined;
      const { results, pagination } = await items().search(drive, options, column);
      ctx.body = { data: results, meta: { pagination } };
    },
  };
};

export default adminDriveController;
