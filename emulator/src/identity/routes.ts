import Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { readFormBody } from '../http-body';
import {
  answersClaimsChallenge,
  GRAPH_RESOURCE,
  issueAccessToken,
  requestedCapabilities,
} from './access-tokens';
import {
  AadError,
  invalidScope,
  missingParameter,
  unknownTenant,
  unsupportedGrant,
} from './aad-errors';
import { authenticateClient } from './client-auth';
import {
  handleAuthorizationCodeGrant,
  handleRefreshTokenGrant,
  registerAuthorizePage,
} from './delegated';

export function authorityUrl(emulator: EmulatorContext): string {
  return `${emulator.apiOrigin}/${emulator.store.tenant.id}`;
}

export function openIdConfiguration(emulator: EmulatorContext): Record<string, unknown> {
  const authority = authorityUrl(emulator);
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${emulator.apiOrigin}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'name',
      'tid',
      'oid',
      'preferred_username',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  };
}

function requireTenant(emulator: EmulatorContext, ctx: Context): void {
  const tenant = emulator.store.tenant;
  const given = String(ctx.params.tenant).toLowerCase();
  if (given !== tenant.id && given !== tenant.domain) throw unknownTenant(ctx.params.tenant);
}

async function clientCredentialsGrant(
  emulator: EmulatorContext,
  ctx: Context,
  form: URLSearchParams
): Promise<Record<string, unknown>> {
  const app = authenticateClient(emulator, ctx, form);
  const scope = form.get('scope') ?? '';
  const requested = scope
    .split(' ')
    .filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  if (requested.length !== 1 || requested[0] !== `${GRAPH_RESOURCE}/.default`)
    throw invalidScope(scope);
  const lifetime = emulator.store.tokenLifetimeSeconds;
  const issued = await issueAccessToken(
    emulator.keys,
    {
      kind: 'app',
      tenantId: emulator.store.tenant.id,
      clientId: app.clientId,
      roles: [...app.permissions],
      capabilities: requestedCapabilities(form.get('claims')),
    },
    lifetime
  );
  emulator.revocations.recordIssued({ kind: 'app', clientId: app.clientId }, issued.tokenId);
  return {
    token_type: 'Bearer',
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: issued.token,
  };
}

/** Entra ID: discovery, keys and the token endpoint under https://host/{tenant}. */
export function identityRouter(emulator: EmulatorContext): Router {
  const router = new Router();
  router.get('/:tenant/v2.0/.well-known/openid-configuration', (ctx) => {
    requireTenant(emulator, ctx);
    ctx.body = openIdConfiguration(emulator);
  });
  router.get('/:tenant/discovery/v2.0/keys', (ctx) => {
    requireTenant(emulator, ctx);
    ctx.body = { keys: [emulator.keys.publicJwk] };
  });
  router.post('/:tenant/oauth2/v2.0/token', async (ctx) => {
    requireTenant(emulator, ctx);
    const form = await readFormBody(ctx);
    const grantType = form.get('grant_type');
    if (!grantType) throw missingParameter('grant_type');
    if (answersClaimsChallenge(form.get('claims'))) emulator.stats.count('challengeClaimsAnswered');
    if (grantType === 'client_credentials')
      ctx.body = await clientCredentialsGrant(emulator, ctx, form);
    else if (grantType === 'authorization_code')
      ctx.body = await handleAuthorizationCodeGrant(emulator, ctx, form);
    else if (grantType === 'refresh_token')
      ctx.body = await handleRefreshTokenGrant(emulator, ctx, form);
    else throw unsupportedGrant(grantType);
    ctx.set('Cache-Control', 'no-store, no-cache');
  });
  registerAuthorizePage(router, emulator, requireTenant);
  return router;
}

/** Turns AadErrors into Entra ID's JSON error answers. */
export async function aadErrorMiddleware(ctx: Context, next: () => Promise<unknown>) {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof AadError)) throw error;
    ctx.status = error.status;
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
    ctx.body = error.body();
  }
}
