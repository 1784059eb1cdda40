/**
 * Settings > External Drives: read and change the integration (the secret is write-only), test the
 * connection, and find SharePoint sites and libraries for platform drives.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID, UID } from '../constants';
import { toExternalDrivesError } from '../graph/errors';
import { searchSites, siteByUrl, siteLibraries } from '../graph/sites';
import type { GraphService } from '../graph/service';
import type { SettingsService, SettingsUpdate } from '../services/settings';
import type { ConnectionTestResult } from '../../../shared/contracts/settings';
import { validateSettingsUpdate } from './validation/drives';

const adminSettingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => strapi.plugin(PLUGIN_ID).service('settings') as SettingsService;
  const graph = () => strapi.plugin(PLUGIN_ID).service('graph') as GraphService;

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
      try {
        await graph().verifyAppCredentials();
        const client = await graph().appClient();
        const drives = (await strapi.db
          .query(UID.drive as never)
          .findMany({ where: { scope: 'platform' }, select: ['siteId'], limit: 1 })) as Array<{
          siteId: string;
        }>;
        const site = drives[0]?.siteId
          ? await client.api(`/sites/${encodeURIComponent(drives[0].siteId)}`).get()
          : await client
              .api('/sites/root')
              .get()
              .catch(async (error: { statusCode?: number }) => {
                // Sites.Selected cannot read the root site: searching may still prove the token works.
                if (error.statusCode !== 403 && error.statusCode !== 404) throw error;
                return null;
              });
        const answer: ConnectionTestResult = {
          ok: true,
          site: site
            ? { id: site.id, name: site.displayName ?? site.name, webUrl: site.webUrl ?? null }
            : null,
        };
        ctx.body = { data: answer };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
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
