import type { Context, Next } from 'koa';
import type { EmulatorContext } from '../context';
import { readFormBody } from '../http-body';
import { injectFault } from './apply-fault';

/** Counts a request that broke a still-running Retry-After of its client. */
export function observeRetryAfter(emulator: EmulatorContext, ctx: Context, client: string): void {
  ctx.state.retryAfterClient = client;
  if (emulator.retryAfter.observe(client)) emulator.stats.count('retryAfterViolations');
}

/**
 * Faults for the content host (downloads and upload sessions). Each upload session and each
 * downloaded item is its own Retry-After client: no app identity reaches these URLs.
 */
export function contentFaultMiddleware(emulator: EmulatorContext) {
  return async (ctx: Context, next: Next) => {
    const upload = /^\/upload\/([^/]+)$/.exec(ctx.path);
    const download = /^\/download\/([^/]+)$/.exec(ctx.path);
    let driveId: string | undefined;
    if (upload) {
      driveId = emulator.uploads.find(upload[1])?.driveId;
      observeRetryAfter(emulator, ctx, `upload:${upload[1]}`);
    } else if (download) {
      const claim = emulator.downloads.verify(download[1]);
      driveId = claim?.driveId;
      if (claim) observeRetryAfter(emulator, ctx, `download:${claim.driveId}/${claim.itemId}`);
    }
    const outcome = await injectFault(emulator, ctx, {
      host: 'content',
      method: ctx.method,
      path: ctx.path,
      driveId,
      uploadFragment: Boolean(upload) && ctx.method === 'PUT',
    });
    if (outcome === 'handled') return;
    if (outcome === 'partialFragment') ctx.state.partialFragment = true;
    await next();
  };
}

/** Faults for Entra ID (token, authorize, metadata): no Retry-After tracking there. */
export function identityFaultMiddleware(emulator: EmulatorContext) {
  return async (ctx: Context, next: Next) => {
    const tokenRequest = ctx.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(ctx.path);
    const outcome = await injectFault(emulator, ctx, {
      host: 'identity',
      method: ctx.method,
      path: ctx.path,
      tokenRequest,
      // A token error names the app that asked (the form is kept for the token route).
      clientId: tokenRequest
        ? ((await readFormBody(ctx)).get('client_id') ?? undefined)
        : undefined,
    });
    if (outcome === 'handled') return;
    await next();
  };
}
