/**
 * Settings > External Drives: read and change the integration (the secret is write-only), test the
 * connection, and find SharePoint sites and libraries for platform drives.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID, UID } from '../constants';
import { externalDrivesError, toExternalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import type { SettingsService, SettingsUpdate } from '../services/settings';
import { validateSettingsUpdate } from './validation/drives';

interface GraphSite {
  id: string;
  displayName?: string;
  name?: string;
  webUrl?: string;
}

const publicSite = (site: GraphSite) => ({
  id: site.id,
  name: site.displayName ?? site.name ?? site.id,
  webUrl: site.webUrl ?? null,
});

/** `https://contoso.sharepoint.com/sites/Marketing` -> `/sites/contoso.sharepoint.com:/sites/Marketing` */
const siteByUrlPath = (raw: string) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw externalDrivesError('invalidRequest', { message: 'The site URL is not a valid URL' });
  }
  if (url.protocol !== 'https:') {
    throw externalDrivesError('invalidRequest', {
      message: 'The site URL must start with https://',
    });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return path ? `/sites/${url.hostname}:${path}` : `/sites/${url.hostname}`;
};

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
        ctx.body = { data: { ok: true, site: site ? publicSite(site) : null } };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },

    async searchSites(ctx: Context) {
      const text = String(ctx.query.search ?? '').trim() || '*';
      try {
        const result = await (await appClient()).api('/sites').query({ search: text }).get();
        ctx.body = { data: (result.value as GraphSite[]).map(publicSite) };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },

    async siteByUrl(ctx: Context) {
      const path = siteByUrlPath(String(ctx.query.url ?? ''));
      try {
        ctx.body = { data: publicSite(await (await appClient()).api(path).get()) };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },

    async siteLibraries(ctx: Context) {
      try {
        const result = await (
          await appClient()
        )
          .api(`/sites/${encodeURIComponent(ctx.params.siteId)}/drives`)
          .get();
        ctx.body = {
          data: (result.value as Array<{ id: string; name: string; webUrl?: string }>).map(
            (drive) => ({ id: drive.id, name: drive.name, webUrl: drive.webUrl ?? null })
          ),
        };
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
    },
  };
};

export default adminSettingsController;
