/**
 * A drive's library columns: which SharePoint columns Strapi keeps and which the content API
 * returns. Platform drives are configured by drive managers; a personal drive by its owner, who
 * can keep columns for My Files but never publish them.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PERMISSIONS } from '../../../shared/permissions';
import type { LibraryColumnsUpdate } from '../../../shared/contracts/library-columns';
import { createLibraryColumns } from '../drives/library-columns';
import type { DriveRow } from '../drives/table';
import type { Ability, AdminUser } from '../files/access';
import { externalDrivesError } from '../graph/errors';
import { getService } from '../services';
import { validateLibraryColumnsUpdate } from './validation/library-columns';

const adminLibraryColumnsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const columns = () => createLibraryColumns(strapi, getService(strapi, 'graph'));

  /** The drive, if this user may see it and configure it. */
  const configurable = async (ctx: Context): Promise<DriveRow> => {
    const { user, userAbility } = ctx.state as { user: AdminUser; userAbility?: Ability };
    const drive = await getService(strapi, 'drives').getVisible(
      Number(ctx.params.id),
      user,
      userAbility
    );
    if (drive.scope === 'platform' && !userAbility?.can(PERMISSIONS.manageDrives)) {
      throw externalDrivesError('forbidden', {
        message: "Only drive managers can choose an organisation drive's columns",
        httpStatus: 403,
      });
    }
    return drive;
  };

  return {
    async find(ctx: Context) {
      ctx.body = { data: await columns().view(await configurable(ctx)) };
    },

    async update(ctx: Context) {
      const drive = await configurable(ctx);
      const input = (await validateLibraryColumnsUpdate(ctx.request.body)) as LibraryColumnsUpdate;
      ctx.body = { data: await columns().update(drive, input) };
    },
  };
};

export default adminLibraryColumnsController;
