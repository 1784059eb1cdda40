import { setTimeout as delay } from 'node:timers/promises';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { GraphError, itemNotFound, unauthenticated } from '../errors';
import {
  consentRequired,
  expiredClientSecret,
  invalidClientSecret,
  revokedGrant,
  temporarilyUnavailable,
  tokenServiceError,
  unknownClient,
  type AadError,
} from '../identity/aad-errors';
import { verifyAccessToken } from '../identity/access-tokens';
import { assertNotRevoked } from '../graph/continuous-access';
import type { FaultTarget, TokenErrorKind } from './fault-rules';

const SERVER_ERRORS = {
  500: ['generalException', 'An unspecified error has occurred.'],
  502: ['badGateway', 'The server, while acting as a proxy, received a bad response.'],
  504: [
    'gatewayTimeout',
    'The server, while acting as a proxy, did not receive a timely response.',
  ],
} as const;

export const throttledError = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new GraphError(
    429,
    'activityLimitReached',
    'The request has been throttled',
    'throttledRequest',
    { ...headers, 'Retry-After': String(retryAfterSeconds) }
  );

/** What the request handler should still do after a fault that lets the request go on. */
export type FaultOutcome = 'proceed' | 'handled' | 'partialFragment';

/**
 * Picks the fault (if any) for this request and carries it out: throws the Graph error, destroys the
 * socket, waits, or tells the caller to proceed (with a flag for faults the handler itself applies).
 */
export async function injectFault(
  emulator: EmulatorContext,
  ctx: Context,
  target: FaultTarget
): Promise<FaultOutcome> {
  const rule = emulator.faults.pick(target);
  if (!rule) return 'proceed';
  emulator.stats.recordFault(rule.kind);
  const retryAfter =
    rule.retryAfterMs !== undefined ? rule.retryAfterMs / 1000 : (rule.retryAfterSeconds ?? 1);
  // Entra ID answers in its own error shape, not Graph's.
  if (target.host === 'identity') {
    if (rule.kind === 'unavailable') throw temporarilyUnavailable(retryAfter);
    if (rule.kind === 'serverError') throw tokenServiceError(rule.status ?? 500);
  }
  switch (rule.kind) {
    case 'tokenError':
      throw tokenError(emulator, rule.tokenError!, retryAfter, target.clientId ?? '');
    case 'throttle':
      throw throttledError(retryAfter);
    case 'unavailable':
      throw new GraphError(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Please retry later.',
        undefined,
        { 'Retry-After': String(retryAfter) }
      );
    case 'serverError': {
      const status = rule.status ?? 500;
      const [code, message] = SERVER_ERRORS[status];
      throw new GraphError(status, code, message);
    }
    case 'reset':
      ctx.req.socket.destroy();
      ctx.respond = false;
      return 'handled';
    case 'slow':
      await delay(rule.delayMs ?? 30_000);
      return 'proceed';
    case 'expiredToken': {
      const token = bearerOf(ctx);
      if (token) emulator.faults.expireToken(token);
      throw expiredTokenError();
    }
    case 'revokeTokens': {
      const token = await verifyAccessToken(emulator.keys, bearerOf(ctx) ?? '');
      emulator.revocations.revoke(
        token.kind === 'app'
          ? { kind: 'app', clientId: token.clientId }
          : { kind: 'user', userId: token.userId }
      );
      assertNotRevoked(emulator, token);
      return 'proceed';
    }
    case 'resync':
      // Invalidating the drive's tokens makes the delta route answer 410 (and keep doing so for
      // the same token), exactly as a real resync.
      if (target.driveId) emulator.store.requireDrive(target.driveId).tokenGeneration++;
      return 'proceed';
    case 'uploadSessionExpired': {
      const session = emulator.uploads.find(ctx.path.split('/').pop() ?? '');
      if (session) emulator.uploads.remove(session);
      return 'proceed';
    }
    case 'partialFragment':
      return 'partialFragment';
    case 'notFound':
      throw itemNotFound();
  }
}

function tokenError(
  emulator: EmulatorContext,
  kind: TokenErrorKind,
  retryAfterSeconds: number,
  clientId: string
): AadError {
  switch (kind) {
    case 'temporarilyUnavailable':
      return temporarilyUnavailable(retryAfterSeconds);
    case 'invalidSecret':
      return invalidClientSecret(clientId);
    case 'expiredSecret':
      return expiredClientSecret(clientId);
    case 'unknownApplication':
      return unknownClient(clientId, emulator.store.tenant.id);
    case 'consentRequired':
      return consentRequired(clientId);
    case 'revokedGrant':
      return revokedGrant();
  }
}

export function bearerOf(ctx: Context): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1];
}

export const expiredTokenError = () =>
  unauthenticated('Lifetime validation failed, the token is expired.');
