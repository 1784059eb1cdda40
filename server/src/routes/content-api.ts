/**
 * Content-API routes (Strapi prefixes them with /api/external-drives).
 *
 * The file download is governed by Users & Permissions: a role must be given it ("External-drives >
 * content-file > download"); nothing is open until a role is.
 *
 * Two routes are public by necessity, Microsoft's calls carrying no Strapi session: the OAuth
 * callback, trusted only through the single-use state and the browser-key cookie, and the change
 * notifications, each entry proving itself with its subscription's clientState. No role may be
 * granted or refused them, so Users & Permissions must not list them: it lists the controller
 * actions that routes name as "controller.action", so these two name their handler as a function.
 */
import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';
import { route } from './route';

const publicHandler = (controller: string, action: string) => {
  const handle = (ctx: Context, next: Next) =>
    strapi.plugin(PLUGIN_ID).controller(controller)[action](ctx, next);
  return Object.defineProperty(handle, 'name', { value: `${controller}.${action}` });
};

export const contentApiRoutes = [
  route('GET', '/files/:driveId/:itemId', 'content-file.download', 'granted'),
  route('GET', '/oauth/callback', publicHandler('oauth-callback', 'callback'), 'public'),
  route('POST', '/notifications', publicHandler('notification-webhook', 'receive'), 'public'),
];
