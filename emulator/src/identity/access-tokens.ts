import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { randomUUID } from 'node:crypto';
import { unauthenticated } from '../errors';
import type { SigningKeys } from './signing-keys';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

interface CommonTokenClaims {
  tenantId: string;
  clientId: string;
  /**
   * Client capabilities the client declared (`xms_cc`): 'CP1' means it can handle claims
   * challenges, so continuous access evaluation may answer it with one.
   */
  capabilities?: string[];
}

export interface AppTokenClaims extends CommonTokenClaims {
  kind: 'app';
  roles: string[];
}

export interface UserTokenClaims extends CommonTokenClaims {
  kind: 'user';
  userId: string;
  scopes: string[];
}

export type AccessTokenClaims = AppTokenClaims | UserTokenClaims;

/** What Graph reads off a verified token: its claims, its id (`uti`) and when it was issued. */
export type VerifiedAccessToken = AccessTokenClaims & { tokenId: string; issuedAt: number };

export interface IssuedAccessToken {
  token: string;
  tokenId: string;
}

/**
 * The client capabilities a token request declares: msal sends them inside the `claims`
 * parameter as {"access_token":{"xms_cc":{"values":["CP1"]}}} (merged with a claims challenge's
 * own claims when it answers one).
 */
export function requestedCapabilities(claimsParameter: string | null): string[] {
  const values = accessTokenClaims(claimsParameter)?.xms_cc?.values;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether the token request answers a claims challenge (asks for a token not before `nbf`). */
export const answersClaimsChallenge = (claimsParameter: string | null) =>
  accessTokenClaims(claimsParameter)?.nbf !== undefined;

function accessTokenClaims(
  claimsParameter: string | null
): { xms_cc?: { values?: unknown }; nbf?: unknown } | undefined {
  if (!claimsParameter) return undefined;
  try {
    return (JSON.parse(claimsParameter) as { access_token?: Record<string, never> }).access_token;
  } catch {
    return undefined;
  }
}

/** Graph access tokens are v1-style JWTs with tid, appid, roles (app) or scp + oid (delegated). */
export async function issueAccessToken(
  keys: SigningKeys,
  claims: AccessTokenClaims,
  lifetimeSeconds: number
): Promise<IssuedAccessToken> {
  const now = Math.floor(Date.now() / 1000);
  const tokenId = randomUUID();
  const payload: Record<string, unknown> = {
    tid: claims.tenantId,
    appid: claims.clientId,
    idtyp: claims.kind,
    uti: tokenId,
    ver: '1.0',
  };
  if (claims.capabilities?.length) payload.xms_cc = claims.capabilities;
  if (claims.kind === 'app') payload.roles = claims.roles;
  else {
    payload.scp = claims.scopes.join(' ');
    payload.oid = claims.userId;
  }
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
    .setIssuer(`https://sts.windows.net/${claims.tenantId}/`)
    .setAudience(GRAPH_RESOURCE)
    .setSubject(claims.kind === 'app' ? claims.clientId : claims.userId)
    .setIssuedAt(now)
    .setNotBefore(now - 300)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(keys.privateKey);
  return { token, tokenId };
}

/** Verifies signature, audience and expiry; anything wrong is a 401 InvalidAuthenticationToken. */
export async function verifyAccessToken(
  keys: SigningKeys,
  token: string
): Promise<VerifiedAccessToken> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      audience: GRAPH_RESOURCE,
      algorithms: ['RS256'],
      clockTolerance: 0,
    });
    const common = {
      tenantId: String(payload.tid),
      clientId: String(payload.appid),
      tokenId: String(payload.uti),
      issuedAt: Number(payload.iat),
      capabilities: Array.isArray(payload.xms_cc) ? (payload.xms_cc as string[]) : [],
    };
    if (payload.idtyp === 'user') {
      return {
        kind: 'user',
        ...common,
        userId: String(payload.oid),
        scopes: String(payload.scp ?? '')
          .split(' ')
          .filter(Boolean),
      };
    }
    return { kind: 'app', ...common, roles: (payload.roles as string[]) ?? [] };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw unauthenticated('Lifetime validation failed, the token is expired.');
    }
    throw unauthenticated('IDX14100: JWT is not well formed or its signature is invalid.');
  }
}
