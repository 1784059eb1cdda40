import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import type { AppRegistration } from '../store/model';
import { invalidClientSecret, missingParameter, unknownClient } from './aad-errors';
import { decodeAssertion, JWT_BEARER, verifyClientAssertion } from './client-assertion';

/**
 * The audiences a client assertion may name: this tenant's token endpoint, by tenant id or domain,
 * v2.0 as Microsoft documents (the v1 endpoint is accepted by Entra ID too).
 */
function tokenEndpoints(emulator: EmulatorContext): string[] {
  const { id, domain } = emulator.store.tenant;
  return [id, domain].flatMap((tenant) => [
    `${emulator.apiOrigin}/${tenant}/oauth2/v2.0/token`,
    `${emulator.apiOrigin}/${tenant}/oauth2/token`,
  ]);
}

/**
 * Client authentication: client_secret_post, client_secret_basic, or private_key_jwt (a client
 * assertion signed with one of the app's certificates), as for every grant of a confidential client.
 */
export function authenticateClient(
  emulator: EmulatorContext,
  ctx: Context,
  form: URLSearchParams
): AppRegistration {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (.+)$/i.exec(ctx.get('authorization'));
  if (basic) {
    const [id, password] = Buffer.from(basic[1], 'base64').toString().split(':');
    clientId = decodeURIComponent(id);
    secret = decodeURIComponent(password ?? '');
  }
  const assertion =
    form.get('client_assertion_type') === JWT_BEARER ? form.get('client_assertion') : null;
  const decoded = assertion ? decodeAssertion(assertion) : undefined;
  // RFC 7523: with an assertion, client_id may be left out (the assertion's subject names it).
  if (!clientId && typeof decoded?.claims.sub === 'string') clientId = decoded.claims.sub;
  if (!clientId) throw missingParameter('client_id');
  const app = emulator.store.apps.get(clientId);
  if (!app) throw unknownClient(clientId, emulator.store.tenant.id);
  if (decoded) {
    const now = new Date(Date.now() + emulator.store.clientClockSkewSeconds * 1000);
    verifyClientAssertion(app, decoded, tokenEndpoints(emulator), now);
    return app;
  }
  if (!secret) throw missingParameter("client_assertion' or 'client_secret");
  if (secret !== app.secret) throw invalidClientSecret(clientId);
  return app;
}
