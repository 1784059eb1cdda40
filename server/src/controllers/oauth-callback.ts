/**
 * Where Microsoft sends the browser after a personal sign-in (the redirect URI). A public route:
 * the admin session is not in a redirect, so the request is trusted only through the single-use
 * state and the browser-key cookie set when the signed-in admin user started the sign-in.
 * It always answers by sending the browser back to My Files, with the outcome in the query.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID } from '../constants';
import { getService } from '../services';
import { isExternalDrivesError } from '../graph/errors';
import { BROWSER_KEY_COOKIE, callbackCookiePath } from './admin-connection';

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

const oauthCallbackController = ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => getService(strapi, 'connections');
  const myFiles = (params: Record<string, string>) => {
    const adminUrl = String(strapi.config.get('admin.absoluteUrl') ?? '/admin').replace(/\/+$/, '');
    return `${adminUrl}/plugins/${PLUGIN_ID}?${new URLSearchParams(params)}`;
  };

  return {
    async callback(ctx: Context) {
      const browserKey = ctx.cookies.get(BROWSER_KEY_COOKIE);
      // Used or not, the key has done its job.
      ctx.cookies.set(BROWSER_KEY_COOKIE, null, { path: callbackCookiePath(strapi) });
      try {
        const result = await connections().complete({
          state: text(ctx.query.state),
          code: text(ctx.query.code),
          error: text(ctx.query.error),
          errorDescription: text(ctx.query.error_description),
          browserKey,
        });
        ctx.redirect(
          myFiles(
            result.driveId !== undefined
              ? { connected: String(result.driveId) }
              : { account: String(result.accountId) }
          )
        );
      } catch (error) {
        if (!isExternalDrivesError(error)) {
          strapi.log.error(`[external-drives] sign-in callback failed: ${(error as Error).stack}`);
        }
        const code = isExternalDrivesError(error) ? error.code : 'unexpected';
        const reason = isExternalDrivesError(error)
          ? String((error.details as { reason?: unknown })?.reason ?? '')
          : '';
        ctx.redirect(myFiles(reason ? { error: code, reason } : { error: code }));
      }
    },
  };
};

export default oauthCallbackController;
