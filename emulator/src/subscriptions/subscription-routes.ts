import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { GraphError } from '../errors';
import { readJsonBody } from '../http-body';
import { normalizeGraphPath } from '../graph/normalize-path';
import { assertCanAccessDrive, type Principal } from '../graph/principal';
import type { Subscription } from './subscription-store';

/** Graph's limit for driveItem subscriptions. */
export const MAX_SUBSCRIPTION_MINUTES = 42_300;
const MAX_CLIENT_STATE = 128;

const invalidRequest = (message: string) => new GraphError(400, 'InvalidRequest', message);
const notFound = (id: string) =>
  new GraphError(404, 'ResourceNotFound', `The object '${id}' was not found.`);

interface SubscriptionBody {
  changeType?: string;
  notificationUrl?: string;
  resource?: string;
  expirationDateTime?: string;
  clientState?: string;
  [other: string]: unknown;
}

function parseExpiration(value: unknown): number {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw invalidRequest('expirationDateTime is required (ISO 8601).');
  if (at <= Date.now()) throw invalidRequest('Subscription expiration must be in the future.');
  if (at > Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000)
    throw invalidRequest(
      `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`
    );
  return at;
}

function assertHttps(url: unknown): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw invalidRequest('notificationUrl must be an absolute URL.');
  }
  if (parsed.protocol !== 'https:') throw invalidRequest('The Notification Url must be HTTPS.');
  return parsed.toString();
}

async function assertValidates(emulator: EmulatorContext, notificationUrl: string): Promise<void> {
  const problem = await emulator.notifier.validate(notificationUrl);
  if (problem) {
    emulator.stats.count('validationsFailed');
    throw invalidRequest(
      `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (${problem}).`
    );
  }
}

function serializeSubscription(emulator: EmulatorContext, subscription: Subscription) {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.applicationId,
    changeType: subscription.changeType,
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: null,
    expirationDateTime: new Date(subscription.expiresAt).toISOString(),
    creatorId: subscription.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

const creatorOf = (principal: Principal) =>
  principal.kind === 'user' ? principal.user.id : principal.app.clientId;

/** POST/GET/PATCH/DELETE /subscriptions on drive roots only, changeType "updated" only. */
export function registerSubscriptionRoutes(router: Router, emulator: EmulatorContext): void {
  const principalOf = (ctx: Context) => ctx.state.principal as Principal;
  const context = `${emulator.apiOrigin}/v1.0/$metadata#subscriptions`;
  /** Only the app (and, delegated, the user) that created a subscription sees it. */
  const owned = (ctx: Context, subscription: Subscription) => {
    const principal = principalOf(ctx);
    return (
      subscription.applicationId === principal.app.clientId &&
      (principal.kind === 'app' || subscription.creatorId === principal.user.id)
    );
  };
  const requireOwned = (ctx: Context): Subscription => {
    const subscription = emulator.subscriptions.get(ctx.params.subscriptionId);
    if (!subscription || !owned(ctx, subscription)) throw notFound(ctx.params.subscriptionId);
    return subscription;
  };

  router.post('/v1.0/subscriptions', async (ctx) => {
    const principal = principalOf(ctx);
    const body = await readJsonBody<SubscriptionBody>(ctx);
    if (body.changeType !== 'updated')
      throw invalidRequest("changeType must be 'updated': drive roots only notify updates.");
    const notificationUrl = assertHttps(body.notificationUrl);
    const expiresAt = parseExpiration(body.expirationDateTime);
    if (body.clientState !== undefined && body.clientState !== null) {
      if (typeof body.clientState !== 'string' || body.clientState.length > MAX_CLIENT_STATE)
        throw invalidRequest(
          `clientState must be a string of at most ${MAX_CLIENT_STATE} characters.`
        );
    }
    if (typeof body.resource !== 'string' || !body.resource)
      throw invalidRequest('resource is required.');
    const canonical = normalizeGraphPath(
      emulator,
      principal,
      `/${body.resource.replace(/^\/+/, '')}`
    ).path;
    const driveRoot = /^\/drives\/([^/]+)\/items\/root$/.exec(canonical);
    if (!driveRoot)
      throw invalidRequest(
        `Resource '${body.resource}' is not supported: subscribe to the root of a drive (/drives/{id}/root or me/drive/root).`
      );
    const drive = emulator.store.requireDrive(decodeURIComponent(driveRoot[1]));
    assertCanAccessDrive(emulator, principal, drive);
    await assertValidates(emulator, notificationUrl);
    const subscription = emulator.subscriptions.add({
      resource: body.resource,
      driveId: drive.id,
      changeType: 'updated',
      notificationUrl,
      clientState: body.clientState ?? null,
      expiresAt,
      applicationId: principal.app.clientId,
      creatorId: creatorOf(principal),
      tenantId: emulator.store.tenant.id,
    });
    ctx.status = 201;
    ctx.body = {
      '@odata.context': `${context}/$entity`,
      ...serializeSubscription(emulator, subscription),
    };
  });

  router.get('/v1.0/subscriptions', (ctx) => {
    ctx.body = {
      '@odata.context': context,
      value: emulator.subscriptions
        .all()
        .filter((subscription) => owned(ctx, subscription))
        .map((subscription) => serializeSubscription(emulator, subscription)),
    };
  });

  router.get('/v1.0/subscriptions/:subscriptionId', (ctx) => {
    ctx.body = {
      '@odata.context': `${context}/$entity`,
      ...serializeSubscription(emulator, requireOwned(ctx)),
    };
  });

  router.patch('/v1.0/subscriptions/:subscriptionId', async (ctx) => {
    const subscription = requireOwned(ctx);
    const body = await readJsonBody<SubscriptionBody>(ctx);
    const unsupported = Object.keys(body).filter(
      (key) => key !== 'expirationDateTime' && key !== 'notificationUrl'
    );
    if (unsupported.length)
      throw invalidRequest(
        `Only expirationDateTime and notificationUrl can be updated, not ${unsupported.join(', ')}.`
      );
    const expiresAt =
      body.expirationDateTime === undefined ? undefined : parseExpiration(body.expirationDateTime);
    if (body.notificationUrl !== undefined) {
      const notificationUrl = assertHttps(body.notificationUrl);
      // A new endpoint must pass the handshake again; a plain renewal does not.
      if (notificationUrl !== subscription.notificationUrl) {
        await assertValidates(emulator, notificationUrl);
        subscription.notificationUrl = notificationUrl;
      }
    }
    if (expiresAt !== undefined) subscription.expiresAt = expiresAt;
    ctx.body = {
      '@odata.context': `${context}/$entity`,
      ...serializeSubscription(emulator, subscription),
    };
  });

  router.delete('/v1.0/subscriptions/:subscriptionId', (ctx) => {
    emulator.subscriptions.remove(requireOwned(ctx).id);
    ctx.status = 204;
  });
}

export { serializeSubscription };
