/**
 * Personal connections of the signed-in admin user: start a Microsoft sign-in, list their
 * connected accounts, pick SharePoint libraries with an account's own access, sign an account out.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type {
  AddLibraryRequest,
  PersonalConnectionsMeta,
  SignInStart,
  StartConnectionRequest,
} from '../../../shared/contracts/connections';
import { PLUGIN_ID } from '../constants';
import { getService } from '../services';
import type { AdminUser } from '../files/access';
import { assertSignInOrigin } from '../connections/sign-in-origin';
import { SIGN_IN_LIFETIME_MS } from '../connections/sign-in-states';
import {
  validateAddLibrary,
  validateSiteQuery,
  validateStartConnection,
} from './validation/connections';

/** The cookie binding a pending sign-in to this browser; only the callback route receives it. */
export const BROWSER_KEY_COOKIE = 'external_drives_sign_in';
export const callbackCookiePath = (strapi: Core.Strapi) =>
  `${String(strapi.config.get('api.rest.prefix') ?? '/api')}/${PLUGIN_ID}/oauth`;

const userOf = (ctx: Context) => (ctx.state as { user: AdminUser }).user;
const accountIdOf = (ctx: Context) => Number(ctx.params.accountId);

const adminConnectionController = ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => getService(strapi, 'connections');
  const settings = () => getService(strapi, 'settings');

  return {
    async start(ctx: Context) {
      const { kind } = (await validateStartConnection(ctx.request.body)) as StartConnectionRequest;
      assertSignInOrigin(
        ctx.get('origin'),
        await settings().redirectUri(),
        String(strapi.config.get('admin.path') ?? '/admin')
      );
      const { authorizationUrl, expiresAt, browserKey } = await connections().start(
        userOf(ctx),
        kind
      );
      ctx.cookies.set(BROWSER_KEY_COOKIE, browserKey, {
        httpOnly: true,
        // Lax: the cookie rides along when Microsoft's page sends the browser back (a top-level GET).
        sameSite: 'lax',
        secure: ctx.request.secure,
        path: callbackCookiePath(strapi),
        maxAge: SIGN_IN_LIFETIME_MS,
        overwrite: true,
      });
      ctx.status = 201;
      const answer: SignInStart = { authorizationUrl, expiresAt };
      ctx.body = { data: answer };
    },

    async list(ctx: Context) {
      const meta: PersonalConnectionsMeta = { allowed: await connections().signInAllowed() };
      ctx.body = { data: await connections().listAccounts(userOf(ctx)), meta };
    },

    async sites(ctx: Context) {
      const query = (await validateSiteQuery(ctx.query)) as { search?: string; url?: string };
      ctx.body = { data: await connections().findSites(userOf(ctx), accountIdOf(ctx), query) };
    },

    async libraries(ctx: Context) {
      ctx.body = {
        data: await connections().siteLibraries(
          userOf(ctx),
          accountIdOf(ctx),
          String(ctx.params.siteId)
        ),
      };
    },

    async addLibrary(ctx: Context) {
      const input = (await validateAddLibrary(ctx.request.body)) as AddLibraryRequest;
      ctx.status = 201;
      ctx.body = { data: await connections().addLibrary(userOf(ctx), accountIdOf(ctx), input) };
    },

    async remove(ctx: Context) {
      await connections().removeAccount(userOf(ctx), accountIdOf(ctx));
      ctx.body = { data: { id: accountIdOf(ctx) } };
    },
  };
};

export default adminConnectionController;
