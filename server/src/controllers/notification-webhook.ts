/**
 * The change-notification endpoint Graph posts to (public: Graph carries no Strapi session; each
 * entry proves itself with its subscription's clientState).
 *
 * - Validation handshake: `?validationToken=...` is echoed as text/plain with 200, at once.
 * - Notifications: checked in memory and answered at once, as Microsoft asks: 202, or 429 for a
 *   source whose recent POSTs matched no subscription and whose POST carries no entry that does.
 * - A body over MAX_BODY_BYTES is refused with 413. Strapi's body parser refuses JSON over its
 *   `jsonLimit` (1 MB unless the host app changes it) before this; the check here keeps the limit
 *   when the host app raises that. Graph's largest batches (1,000 entries without resource data)
 *   stay well under it.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';

export const MAX_BODY_BYTES = 1024 * 1024;

const notificationWebhookController = ({ strapi }: { strapi: Core.Strapi }) => {
  const notifications = () => getService(strapi, 'notifications');

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
      if ((ctx.request.length ?? 0) > MAX_BODY_BYTES) {
        ctx.status = 413;
        return;
      }
      const value = (ctx.request.body as { value?: unknown } | undefined)?.value;
      const outcome = await notifications().receive(value, ctx.request.ip);
      // Explicit and bodiless: Koa would turn an empty body into 204.
      ctx.status = outcome.status;
      if (outcome.status === 429) ctx.set('Retry-After', String(outcome.retryAfterSeconds));
    },
  };
};

export default notificationWebhookController;
