import Router, { type RouterContext } from '@koa/router';
import type { Next } from 'koa';
import type { EmulatorContext } from '../context';
import { bearerOf, expiredTokenError, injectFault, throttledError } from '../faults/apply-fault';
import { observeRetryAfter } from '../faults/host-fault-middleware';
import { registerSubscriptionRoutes } from '../subscriptions/subscription-routes';
import { resourceUnitCost } from '../throttling/resource-units';
import { normalizeGraphPath } from './normalize-path';
import { authenticate } from './principal';
import { registerReadRoutes } from './read-routes';
import { registerWriteRoutes } from './write-routes';

/**
 * Authenticates, canonicalises the path, applies Retry-After accounting, injected faults and the
 * resource-unit budget, then dispatches Graph v1.0 routes.
 */
export function graphMiddleware(emulator: EmulatorContext) {
  const router = new Router();
  registerReadRoutes(router, emulator);
  registerWriteRoutes(router, emulator);
  registerSubscriptionRoutes(router, emulator);
  const routes = router.routes();
  const allowed = router.allowedMethods();
  return async (ctx: RouterContext, next: Next) => {
    const bearer = bearerOf(ctx);
    if (bearer && emulator.faults.isExpired(bearer)) throw expiredTokenError();
    const principal = await authenticate(emulator, ctx);
    ctx.state.principal = principal;
    const { path, token } = normalizeGraphPath(emulator, principal, ctx.path.slice('/v1.0'.length));
    if (token) ctx.state.deltaToken = token;
    ctx.path = `/v1.0${path}`;

    // Retry-After and the resource-unit budget apply per app per tenant, as in Microsoft Graph.
    const client = `${emulator.store.tenant.id}/${principal.app.clientId}`;
    observeRetryAfter(emulator, ctx, client);
    const deltaToken = token ?? (ctx.query.token as string | undefined);
    const deltaWithToken =
      /\/delta$/.test(ctx.path) && deltaToken !== undefined && deltaToken !== 'latest';
    const outcome = await injectFault(emulator, ctx, {
      host: 'graph',
      method: ctx.method,
      path: ctx.path,
      driveId: /^\/v1\.0\/drives\/([^/]+)/.exec(ctx.path)?.[1],
      clientId: principal.app.clientId,
      deltaWithToken,
      bearer: true,
    });
    if (outcome === 'handled') return;
    const cost = resourceUnitCost({ method: ctx.method, path: ctx.path, deltaWithToken });
    const retryAfter = emulator.throttling.spend(client, cost);
    if (retryAfter !== undefined) {
      emulator.stats.count('throttledRequests');
      throw throttledError(retryAfter);
    }
    await routes(ctx, async () => {
      await allowed(ctx, next);
    });
  };
}
