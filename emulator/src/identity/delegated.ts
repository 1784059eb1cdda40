import type Router from '@koa/router';
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { SignJWT } from 'jose';
import type { EmulatorContext } from '../context';
import { readFormBody } from '../http-body';
import type { AppRegistration, User } from '../store/model';
import { issueAccessToken, requestedCapabilities } from './access-tokens';
import {
  AadError,
  invalidGrant,
  missingParameter,
  revokedGrant,
  unknownClient,
} from './aad-errors';
import { authenticateClient } from './client-auth';
import { signInPage } from './sign-in-page';

const GRAPH_PREFIX = 'https://graph.microsoft.com/';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const DELEGATED_SCOPES = [
  'User.Read',
  'Files.Read',
  'Files.ReadWrite',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
];
/** What "/.default" stands for: the delegated permissions the demo app is configured with. */
const DEFAULT_DELEGATED = ['User.Read', 'Files.ReadWrite.All', 'Sites.ReadWrite.All'];

interface ScopeRequest {
  resource: string[];
  oidc: string[];
}

function parseScopes(scope: string): ScopeRequest {
  const resource = new Set<string>();
  const oidc: string[] = [];
  for (const raw of scope.split(' ').filter(Boolean)) {
    const name = raw.startsWith(GRAPH_PREFIX) ? raw.slice(GRAPH_PREFIX.length) : raw;
    if (OIDC_SCOPES.has(name)) oidc.push(name);
    else if (name === '.default') DEFAULT_DELEGATED.forEach((s) => resource.add(s));
    else {
      const known = DELEGATED_SCOPES.find((s) => s.toLowerCase() === name.toLowerCase());
      if (!known) {
        throw new AadError(
          400,
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope '${raw}' does not exist.`
        );
      }
      resource.add(known);
    }
  }
  if (resource.size === 0) resource.add('User.Read');
  return { resource: [...resource], oidc };
}

/** Registered redirect URIs match exactly; http loopback URIs match on any port, as in Entra ID. */
function redirectUriAllowed(app: AppRegistration, redirectUri: string): boolean {
  if (app.redirectUris.has(redirectUri)) return true;
  const given = safeUrl(redirectUri);
  if (!given || !['localhost', '127.0.0.1'].includes(given.hostname)) return false;
  return [...app.redirectUris].some((registered) => {
    const url = safeUrl(registered);
    return (
      url !== undefined &&
      url.protocol === given.protocol &&
      url.hostname === given.hostname &&
      url.pathname === given.pathname
    );
  });
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function errorPage(ctx: Context, error: AadError): void {
  ctx.status = 400;
  ctx.type = 'html';
  ctx.body = `<!doctype html><html><body><h1>Sign in</h1><p id="error">${error.error}: AADSTS${error.aadsts}: ${error.description.replace(/</g, '&lt;')}</p></body></html>`;
}

function authorizeRequest(emulator: EmulatorContext, params: URLSearchParams) {
  const clientId = params.get('client_id');
  if (!clientId) throw missingParameter('client_id');
  const app = emulator.store.apps.get(clientId);
  if (!app) throw unknownClient(clientId, emulator.store.tenant.id);
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!redirectUriAllowed(app, redirectUri)) {
    throw new AadError(
      400,
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`
    );
  }
  if (params.get('response_type') !== 'code') {
    throw new AadError(
      400,
      'unsupported_response_type',
      900144,
      "The 'response_type' must be 'code'."
    );
  }
  const method =
    params.get('code_challenge_method') ?? (params.get('code_challenge') ? 'plain' : undefined);
  if (method && method !== 'S256' && method !== 'plain') {
    throw new AadError(
      400,
      'invalid_request',
      501491,
      `Invalid code_challenge_method '${method}'.`
    );
  }
  return { app, redirectUri, scopes: parseScopes(params.get('scope') ?? ''), method };
}

function redirectWith(
  ctx: Context,
  redirectUri: string,
  values: Record<string, string | undefined>
) {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) url.searchParams.set(name, value);
  ctx.redirect(url.toString());
}

/** GET shows the sign-in + consent page; POST (the form) redirects back with a code or an error. */
export function registerAuthorizePage(
  router: Router,
  emulator: EmulatorContext,
  requireTenant: (emulator: EmulatorContext, ctx: Context) => void
): void {
  router.get('/:tenant/oauth2/v2.0/authorize', (ctx) => {
    requireTenant(emulator, ctx);
    const params = new URLSearchParams(ctx.querystring);
    try {
      const request = authorizeRequest(emulator, params);
      ctx.type = 'html';
      ctx.body = signInPage({
        appName: request.app.displayName,
        tenantName: emulator.store.tenant.displayName,
        scopes: request.scopes.resource,
        users: [...emulator.store.users.values()],
        params,
        loginHint: params.get('login_hint') ?? undefined,
      });
    } catch (error) {
      if (error instanceof AadError) return errorPage(ctx, error);
      throw error;
    }
  });

  router.post('/:tenant/oauth2/v2.0/authorize', async (ctx) => {
    requireTenant(emulator, ctx);
    const form = await readFormBody(ctx);
    let request: ReturnType<typeof authorizeRequest>;
    try {
      request = authorizeRequest(emulator, form);
    } catch (error) {
      if (error instanceof AadError) return errorPage(ctx, error);
      throw error;
    }
    const state = form.get('state') ?? undefined;
    if (form.get('action') !== 'accept') {
      return redirectWith(ctx, request.redirectUri, {
        error: 'access_denied',
        error_description: 'AADSTS65004: User declined to consent to access the app.',
        state,
      });
    }
    const user = emulator.store.users.get(form.get('user_id') ?? '');
    if (!user)
      return errorPage(
        ctx,
        new AadError(
          400,
          'invalid_request',
          50034,
          'The user account does not exist in the directory.'
        )
      );
    const code = emulator.grants.issueCode({
      clientId: request.app.clientId,
      redirectUri: request.redirectUri,
      userId: user.id,
      scopes: [...request.scopes.resource, ...request.scopes.oidc],
      codeChallenge: form.get('code_challenge') ?? undefined,
      codeChallengeMethod: request.method,
      nonce: form.get('nonce') ?? undefined,
    });
    redirectWith(ctx, request.redirectUri, {
      code,
      state,
      client_info: clientInfo(emulator, user),
      session_state: user.id,
    });
  });
}

function clientInfo(emulator: EmulatorContext, user: User): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: emulator.store.tenant.id })).toString(
    'base64url'
  );
}

async function idToken(
  emulator: EmulatorContext,
  clientId: string,
  user: User,
  nonce?: string
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const tenantId = emulator.store.tenant.id;
  const claims: Record<string, unknown> = {
    ver: '2.0',
    tid: tenantId,
    oid: user.id,
    name: user.displayName,
    preferred_username: user.userPrincipalName,
    email: user.mail,
  };
  if (nonce) claims.nonce = nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: emulator.keys.kid })
    .setIssuer(`${emulator.apiOrigin}/${tenantId}/v2.0`)
    .setAudience(clientId)
    .setSubject(createHash('sha256').update(`${clientId}:${user.id}`).digest('base64url'))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign(emulator.keys.privateKey);
}

async function tokenResponse(
  emulator: EmulatorContext,
  app: AppRegistration,
  user: User,
  scopes: string[],
  form: URLSearchParams,
  nonce?: string
): Promise<Record<string, unknown>> {
  const resource = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
  const lifetime = emulator.store.tokenLifetimeSeconds;
  const issued = await issueAccessToken(
    emulator.keys,
    {
      kind: 'user',
      tenantId: emulator.store.tenant.id,
      clientId: app.clientId,
      userId: user.id,
      scopes: resource,
      capabilities: requestedCapabilities(form.get('claims')),
    },
    lifetime
  );
  emulator.revocations.recordIssued({ kind: 'user', userId: user.id }, issued.tokenId);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: resource.join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: issued.token,
    client_info: clientInfo(emulator, user),
  };
  if (scopes.includes('openid')) body.id_token = await idToken(emulator, app.clientId, user, nonce);
  if (scopes.includes('offline_access')) {
    body.refresh_token = emulator.grants.issueRefreshToken(app.clientId, user.id, scopes);
  }
  return body;
}

function verifierMatches(verifier: string, challenge: string, method: string | undefined): boolean {
  if (method === 'S256')
    return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}

/** grant_type=authorization_code: single-use code, same client and redirect_uri, PKCE checked. */
export async function handleAuthorizationCodeGrant(
  emulator: EmulatorContext,
  ctx: Context,
  form: URLSearchParams
): Promise<Record<string, unknown>> {
  const app = authenticateClient(emulator, ctx, form);
  const code = form.get('code');
  if (!code) throw missingParameter('code');
  const pending = emulator.grants.findCode(code);
  if (!pending || pending.clientId !== app.clientId) {
    throw invalidGrant(
      9002313,
      'Invalid request. Request is malformed or invalid. The authorization code is not valid.'
    );
  }
  if (pending.redeemed)
    throw invalidGrant(
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'
    );
  if (pending.expiresAt < Date.now())
    throw invalidGrant(
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'
    );
  if (form.get('redirect_uri') !== pending.redirectUri) {
    throw invalidGrant(
      50148,
      "The redirect_uri doesn't match the one used in the authorization request."
    );
  }
  if (pending.codeChallenge) {
    const verifier = form.get('code_verifier');
    if (!verifier)
      throw invalidGrant(
        50148,
        'The code_verifier is missing: the authorization request used PKCE.'
      );
    if (!verifierMatches(verifier, pending.codeChallenge, pending.codeChallengeMethod)) {
      throw invalidGrant(
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.'
      );
    }
  }
  pending.redeemed = true;
  const user = emulator.store.users.get(pending.userId);
  if (!user) throw invalidGrant(50034, 'The user account does not exist in the directory.');
  return tokenResponse(emulator, app, user, pending.scopes, form, pending.nonce);
}

/** grant_type=refresh_token: a new access token and a new refresh token (the old one stays valid). */
export async function handleRefreshTokenGrant(
  emulator: EmulatorContext,
  ctx: Context,
  form: URLSearchParams
): Promise<Record<string, unknown>> {
  const app = authenticateClient(emulator, ctx, form);
  const token = form.get('refresh_token');
  if (!token) throw missingParameter('refresh_token');
  const grant = emulator.grants.findRefreshToken(token);
  if (!grant || grant.clientId !== app.clientId) {
    throw invalidGrant(
      9002313,
      'Invalid request. Request is malformed or invalid. The refresh token is not valid.'
    );
  }
  if (grant.revoked) throw revokedGrant();
  if (grant.expiresAt < Date.now())
    throw invalidGrant(
      700082,
      'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90.00:00:00.'
    );
  const user = emulator.store.users.get(grant.userId);
  if (!user) throw invalidGrant(50034, 'The user account does not exist in the directory.');
  const requested = form.get('scope');
  const scopes = requested
    ? (() => {
        const parsed = parseScopes(requested);
        return [
          ...parsed.resource,
          ...parsed.oidc,
          ...(grant.scopes.includes('offline_access') ? ['offline_access'] : []),
        ];
      })()
    : grant.scopes;
  return tokenResponse(emulator, app, user, [...new Set(scopes)], form);
}
