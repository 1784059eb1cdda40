import Router, { type RouterContext } from '@koa/router';
import type { Next } from 'koa';
import type { EmulatorContext } from '../context';
import { normalizeGraphPath } from './normalize-path';
import { authenticate } from './principal';
import { registerReadRoutes } from './read-routes';
import { registerWriteRoutes } from './write-routes';

/** Authenticates, canonicalises the path, then dispatches Graph v1.0 routes. */
export function graphMiddleware(emulator: EmulatorContext) {
  const router = new Router();
  registerReadRoutes(router, emulator);
  registerWriteRoutes(router, emulator);
  const routes = router.routes();
  const allowed = router.allowedMethods();
  return async (ctx: RouterContext, next: Next) => {
    const principal = await authenticate(emulator, ctx);
    ctx.state.principal = principal;
    const { path, token } = normalizeGraphPath(emulator, principal, ctx.path.slice('/v1.0'.length));
    if (token) ctx.state.deltaToken = token;
    ctx.path = `/v1.0${path}`;
    await routes(ctx, async () => {
      await allowed(ctx, next);
    });
  };
}
