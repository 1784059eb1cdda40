/**
 * The change-notification endpoint Graph posts to (public: Graph carries no Strapi session; each
 * entry proves itself with its subscription's clientState).
 *
 * - Validation handshake: `?validationToken=...` is echoed as text/plain with 200, at once.
 * - Notifications: answered 202 before any work, as Microsoft asks, then verified and turned
 *   into de-duplicated delta syncs.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { PLUGIN_ID } from '../constants';
import type { NotificationsService } from '../notifications/service';

const MAX_ENTRIES = 1000;

const notificationWebhookController = ({ strapi }: { strapi: Core.Strapi }) => {
  const notifications = () =>
    strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService;

  return {
    async receive(ctx: Context) {
      const validationToken = ctx.query.validationToken;
      if (typeof validationToken === 'string') {
        ctx.status = 200;
        ctx.type = 'text/plain';
        // Plain text only, never rendered: a reflected token cannot become markup.
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.body = validationToken;
        return;
      }
      const value = (ctx.request.body as { value?: unknown } | undefined)?.value;
      // Explicit and bodiless: Koa would turn an empty body into 204.
      ctx.status = 202;
      if (!Array.isArray(value)) return;
      const entries = value.slice(0, MAX_ENTRIES);
      setImmediate(() => {
        notifications()
          .receive(entries)
          .catch((error: Error) =>
            strapi.log.error(`[external-drives] change notification failed: ${error.message}`)
          );
      });
    },
  };
};

export default notificationWebhookController;
