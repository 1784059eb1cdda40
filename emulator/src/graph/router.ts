import Router, { type RouterContext } from '@koa/router';
import type { Next } from 'koa';
import type { EmulatorContext } from '../context';
import { bearerOf, expiredTokenError, injectFault, throttledError } from '../faults/apply-fault';
import { observeRetryAfter } from '../faults/host-fault-middleware';
import { registerSubscriptionRoutes } from '../subscriptions/subscription-routes';
import { registerThumbnailRoutes } from '../thumbnails/thumbnail-routes';
import { resourceUnitCost } from '../throttling/resource-units';
import { normalizeGraphPath } from './normalize-path';
import { registerSharesRoutes } from './shares-routes';
import { authenticate, type Principal } from './principal';
import { registerListRoutes } from './list-routes';
import { registerReadRoutes } from './read-routes';
import { registerVersionRoutes } from './version-routes';
import { registerSharingLinkRoutes } from './sharing-links';
import { registerWriteRoutes } from './write-routes';

/**
 * Authenticates, canonicalises the path, applies Retry-After accounting, injected faults and the
 * resource-unit budget, then dispatches Graph v1.0 routes.
 */
export function graphMiddleware(emulator: EmulatorContext) {
  const router = new Router();
  registerSharesRoutes(router, emulator);
  registerReadRoutes(router, emulator);
  registerListRoutes(router, emulator);
  registerWriteRoutes(router, emulator);
  registerVersionRoutes(router, emulator);
  registerSharingLinkRoutes(router, emulator);
  registerSubscriptionRoutes(router, emulator);
  registerThumbnailRoutes(router, emulator);
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
    chargeResourceUnits(emulator, ctx, principal, deltaWithToken);
    await routes(ctx, async () => {
      await allowed(ctx, next);
    });
  };
}

/**
 * Charges the request to its app's resource-unit budgets (application and delegated tokens of an
 * app share them) and answers 429 when it goes over one. From 80% of the minute budget the answer
 * carries RateLimit-Limit/Remaining/Reset, to application tokens only: Microsoft returns these
 * headers "only when using application permissions".
 */
function chargeResourceUnits(
  emulator: EmulatorContext,
  ctx: RouterContext,
  principal: Principal,
  deltaWithToken: boolean
): void {
  const expand = [ctx.query.$expand, ctx.query.expand].flat().filter(Boolean).join(',');
  const units = resourceUnitCost({ method: ctx.method, path: ctx.path, deltaWithToken, expand });
  emulator.stats.add('resourceUnits', units);
  const outcome = emulator.throttling.charge(
    emulator.store.tenant.id,
    principal.app.clientId,
    units
  );
  const headers: Record<string, string> = {};
  if (outcome.rateLimit && principal.kind === 'app') {
    headers['RateLimit-Limit'] = String(outcome.rateLimit.limit);
    headers['RateLimit-Remaining'] = String(outcome.rateLimit.remaining);
    headers['RateLimit-Reset'] = String(outcome.rateLimit.reset);
  }
  if (outcome.retryAfter !== undefined) {
    emulator.stats.count('throttledRequests');
    throw throttledError(outcome.retryAfter, headers);
  }
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
}
