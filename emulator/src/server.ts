import Router from '@koa/router';
import Koa from 'koa';
import type { EmulatorContext } from './context';
import { downloadHandler } from './content/download-route';
import type { HostKind } from './control/request-stats';
import { controlRouter } from './control/routes';
import { GraphError, graphErrorMiddleware } from './errors';
import { contentFaultMiddleware, identityFaultMiddleware } from './faults/host-fault-middleware';
import { graphMiddleware } from './graph/router';
import { aadErrorMiddleware, identityRouter } from './identity/routes';
import { registerUploadRoutes } from './upload/upload-routes';
import { thumbnailContentHandler } from './thumbnails/thumbnail-routes';

export const CONTENT_HOST = '127.0.0.1';

function hostKindOf(ctx: Koa.Context): HostKind {
  if (ctx.hostname === CONTENT_HOST) return 'content';
  if (ctx.path.startsWith('/_control')) return 'control';
  if (ctx.path.startsWith('/v1.0/') || ctx.path === '/v1.0') return 'graph';
  return 'identity';
}

/** A 429/503 with Retry-After starts a wait its client must honour (see RetryAfterLedger). */
function rememberRetryAfter(emulator: EmulatorContext, ctx: Koa.Context): void {
  const client = ctx.state.retryAfterClient as string | undefined;
  const seconds = Number(ctx.response.get('Retry-After'));
  if (client && (ctx.status === 429 || ctx.status === 503) && Number.isFinite(seconds))
    emulator.retryAfter.sent(client, seconds);
}

/**
 * One HTTPS port, two host names: the API, Entra ID and the control API on `localhost`;
 * pre-authenticated download and upload URLs on `127.0.0.1` (routed by the Host header), so
 * clients never send their Bearer token to content URLs.
 */
export function createApp(
  emulator: EmulatorContext,
  tls: { caFile: string; caPem: string },
  port: () => number
): Koa {
  const app = new Koa();
  // A client that hangs up in the middle of its request (a cancelled upload fragment) is no fault
  // of the emulator's: only other errors are worth printing.
  app.on('error', (error: Error & { code?: string }) => {
    const hungUp = ['HPE_INVALID_EOF_STATE', 'ECONNRESET', 'EPIPE'].includes(error.code ?? '');
    if (!hungUp && error.message !== 'aborted') console.error('[emulator]', error);
  });
  const content = new Router();
  content.use(contentFaultMiddleware(emulator));
  content.get('/download/:token', downloadHandler(emulator));
  content.head('/download/:token', downloadHandler(emulator));
  content.get('/thumbnails/:token', thumbnailContentHandler(emulator));
  registerUploadRoutes(content, emulator);
  const control = controlRouter(emulator, tls, port);
  const identity = identityRouter(emulator);
  const graph = graphMiddleware(emulator);
  const identityFaults = identityFaultMiddleware(emulator);

  app.use(async (ctx, next) => {
    const kind = hostKindOf(ctx);
    try {
      await next();
    } finally {
      emulator.stats.record(kind, `${ctx.method} ${ctx._matchedRoute ?? 'unmatched'}`);
      rememberRetryAfter(emulator, ctx);
    }
  });
  app.use(graphErrorMiddleware);
  app.use(async (ctx, next) => {
    switch (hostKindOf(ctx)) {
      case 'content':
        return content.routes()(ctx as never, next);
      case 'control':
        return control.routes()(ctx as never, next);
      case 'graph':
        return graph(ctx as never, next);
      default:
        return aadErrorMiddleware(ctx, () =>
          identityFaults(ctx, () => identity.routes()(ctx as never, next))
        );
    }
  });
  // Nothing matched: Graph answers 400 "Resource not found for the segment", other hosts 404.
  app.use((ctx) => {
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const segment = ctx.path.split('/').filter(Boolean).pop() ?? '';
    if (hostKindOf(ctx) === 'graph') {
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }
    throw new GraphError(404, 'itemNotFound', `No route for ${ctx.method} ${ctx.path}.`);
  });
  return app;
}
