/**
 * The folder picker: one level of a library's folders, for connecting a drive to one folder. Platform
 * drives browse with the app's access (drive managers only, by route); personal ones with the
 * user's own account, within the sites the admin allows (checked by the connections service).
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { AdminUser } from '../files/access';
import { listLibraryFolders } from '../graph/folders';
import { libraryOfSite, siteById } from '../graph/sites';
import { getService } from '../services';
import { validateFolderQuery } from './validation/drives';

const adminFoldersController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async platform(ctx: Context) {
    const { parentId } = (await validateFolderQuery(ctx.query)) as { parentId?: string };
    await getService(strapi, 'settings').assertAvailable();
    const client = await getService(strapi, 'graph').appClient();
    // The library is checked against the site's own list, as when the drive is connected.
    const site = await siteById(client, String(ctx.params.siteId));
    const library = await libraryOfSite(client, site, String(ctx.params.driveId));
    ctx.body = { data: await listLibraryFolders(client, library.id, parentId) };
  },

  async personal(ctx: Context) {
    const { parentId } = (await validateFolderQuery(ctx.query)) as { parentId?: string };
    ctx.body = {
      data: await getService(strapi, 'connections').libraryFolders(
        (ctx.state as { user: AdminUser }).user,
        Number(ctx.params.accountId),
        String(ctx.params.siteId),
        String(ctx.params.driveId),
        parentId
      ),
    };
  },
});

export default adminFoldersController;
