/**
 * Settings > External Drives: read and change the integration (the secret is write-only), test the
 * connection, and find SharePoint sites and libraries for platform drives.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { searchSites, siteByUrl, siteLibraries } from '../graph/sites';
import { getService } from '../services';
import type { SettingsUpdate } from '../settings/service';
import { validateSettingsUpdate } from './validation/drives';

const adminSettingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const graph = () => getService(strapi, 'graph');

  const appClient = async () => {
    await settings().assertAvailable();
    return graph().appClient();
  };

  return {
    async get(ctx: Context) {
      ctx.body = { data: await settings().getPublic() };
    },

    async update(ctx: Context) {
      const input = (await validateSettingsUpdate(ctx.request.body)) as SettingsUpdate;
      ctx.body = { data: await settings().update(input) };
    },

    /** Acquires an app-only token and reads a site: the tenant root, or a granted site. */
    async testConnection(ctx: Context) {
      await settings().assertAvailable();
      ctx.body = { data: await graph().testConnection() };
    },

    async searchSites(ctx: Context) {
      ctx.body = { data: await searchSites(await appClient(), String(ctx.query.search ?? '')) };
    },

    async siteByUrl(ctx: Context) {
      ctx.body = { data: await siteByUrl(await appClient(), String(ctx.query.url ?? '')) };
    },

    async siteLibraries(ctx: Context) {
      ctx.body = { data: await siteLibraries(await appClient(), String(ctx.params.siteId)) };
    },
  };
};

export default adminSettingsController;
