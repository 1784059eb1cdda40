import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';

/** An error answered in Microsoft Graph's body shape. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new GraphError(400, 'invalidRequest', message);
export const unauthenticated = (message: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', message);
export const accessDenied = (message = 'Access denied') =>
  new GraphError(403, 'accessDenied', message);
export const itemNotFound = (message = 'The resource could not be found.') =>
  new GraphError(404, 'itemNotFound', message);
export const nameAlreadyExists = (name: string) =>
  new GraphError(409, 'nameAlreadyExists', `The specified item name '${name}' already exists.`);

/** Every Graph response carries request-id / client-request-id, echoed in error bodies. */
export function stampRequestIds(ctx: Context): { requestId: string; clientRequestId: string } {
  const requestId = randomUUID();
  const clientRequestId = ctx.get('client-request-id') || requestId;
  ctx.set('request-id', requestId);
  ctx.set('client-request-id', clientRequestId);
  ctx.state.requestIds = { requestId, clientRequestId };
  return { requestId, clientRequestId };
}

export function graphErrorBody(ctx: Context, error: GraphError): Record<string, unknown> {
  const ids = ctx.state.requestIds ?? stampRequestIds(ctx);
  const innerError: Record<string, unknown> = {
    date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
  };
  if (error.innerCode) innerError.code = error.innerCode;
  return { error: { code: error.code, message: error.message, innerError } };
}

/** Koa middleware turning thrown GraphErrors (and unexpected ones) into Microsoft-shaped answers. */
export async function graphErrorMiddleware(ctx: Context, next: () => Promise<unknown>) {
  stampRequestIds(ctx);
  try {
    await next();
  } catch (thrown) {
    const error =
      thrown instanceof GraphError
        ? thrown
        : new GraphError(500, 'generalException', (thrown as Error).message ?? 'error');
    // A client that gave up (a timeout) leaves its body unread: nobody is waiting for the answer.
    const clientGone = ctx.req.destroyed && !ctx.res.headersSent;
    if (!(thrown instanceof GraphError) && !clientGone) console.error('[emulator]', thrown);
    ctx.status = error.status;
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
    ctx.body = graphErrorBody(ctx, error);
  }
}
