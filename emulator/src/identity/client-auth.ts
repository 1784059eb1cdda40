import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import type { AppRegistration } from '../store/model';
import { invalidClientSecret, missingParameter, unknownClient } from './aad-errors';

/** Client authentication: client_secret_post or client_secret_basic. */
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
  if (!clientId) throw missingParameter('client_id');
  const app = emulator.store.apps.get(clientId);
  if (!app) throw unknownClient(clientId, emulator.store.tenant.id);
  if (!secret) throw missingParameter("client_assertion' or 'client_secret");
  if (secret !== app.secret) throw invalidClientSecret(clientId);
  return app;
}
