/**
 * Settings > External Drives: read and change the integration (the secret is write-only), test the
 * connection, find SharePoint sites and libraries for platform drives (and name the allowed sites
 * of personal connections), and list the roles a drive may be granted to.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { listRoles } from '../drives/roles';
import { searchSitesAsApp, siteById, siteByUrlAsApp, siteLibraries } from '../graph/sites';
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

    /** For every My Files user (the read permission): no secret and no tenant, only switches. */
    async integration(ctx: Context) {
      ctx.body = { data: await settings().availability() };
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

    /** What the app may do with sites (its token's permissions): search, or paste a URL. */
    async siteAccess(ctx: Context) {
      await settings().assertAvailable();
      ctx.body = { data: await graph().appSiteAccess() };
    },

    async searchSites(ctx: Context) {
      const client = await appClient();
      const { canSearchSites } = await graph().appSiteAccess();
      ctx.body = {
        data: await searchSitesAsApp(client, String(ctx.query.search ?? ''), canSearchSites),
      };
    },

    async siteByUrl(ctx: Context) {
      const client = await appClient();
      const { canSearchSites } = await graph().appSiteAccess();
      ctx.body = {
        data: await siteByUrlAsApp(client, String(ctx.query.url ?? ''), canSearchSites),
      };
    },

    /** One site by id: the Settings page names the allowed sites it stores only the ids of. */
    async site(ctx: Context) {
      ctx.body = { data: await siteById(await appClient(), String(ctx.params.siteId)) };
    },

    async roles(ctx: Context) {
      ctx.body = { data: await listRoles(strapi) };
    },

    async siteLibraries(ctx: Context) {
      ctx.body = { data: await siteLibraries(await appClient(), String(ctx.params.siteId)) };
    },
  };
};

export default adminSettingsController;
