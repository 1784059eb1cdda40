import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { randomUUID } from 'node:crypto';
import { unauthenticated } from '../errors';
import type { SigningKeys } from './signing-keys';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface AppTokenClaims {
  kind: 'app';
  tenantId: string;
  clientId: string;
  roles: string[];
}

export interface UserTokenClaims {
  kind: 'user';
  tenantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
}

export type AccessTokenClaims = AppTokenClaims | UserTokenClaims;

/** Graph access tokens are v1-style JWTs with tid, appid, roles (app) or scp + oid (delegated). */
export async function issueAccessToken(
  keys: SigningKeys,
  claims: AccessTokenClaims,
  lifetimeSeconds: number
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    tid: claims.tenantId,
    appid: claims.clientId,
    idtyp: claims.kind,
    uti: randomUUID(),
    ver: '1.0',
  };
  if (claims.kind === 'app') payload.roles = claims.roles;
  else {
    payload.scp = claims.scopes.join(' ');
    payload.oid = claims.userId;
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
    .setIssuer(`https://sts.windows.net/${claims.tenantId}/`)
    .setAudience(GRAPH_RESOURCE)
    .setSubject(claims.kind === 'app' ? claims.clientId : claims.userId)
    .setIssuedAt(now)
    .setNotBefore(now - 300)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(keys.privateKey);
}

/** Verifies signature, audience and expiry; anything wrong is a 401 InvalidAuthenticationToken. */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      audience: GRAPH_RESOURCE,
      algorithms: ['RS256'],
      clockTolerance: 0,
    });
    const tenantId = String(payload.tid);
    const clientId = String(payload.appid);
    if (payload.idtyp === 'user') {
      return {
        kind: 'user',
        tenantId,
        clientId,
        userId: String(payload.oid),
        scopes: String(payload.scp ?? '')
          .split(' ')
          .filter(Boolean),
      };
    }
    return { kind: 'app', tenantId, clientId, roles: (payload.roles as string[]) ?? [] };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw unauthenticated('Lifetime validation failed, the token is expired.');
    }
    throw unauthenticated('IDX14100: JWT is not well formed or its signature is invalid.');
  }
}
