import Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { badRequest, itemNotFound } from '../errors';
import { readJsonBody } from '../http-body';
import { buildInfo } from '../info';
import { applySeed, type SeedName } from '../seed/apply';
import { addFleet, assertFleetSpec, type FleetSpec } from '../seed/fleet';
import type { DeltaOrder, DriveItem, SiteRole } from '../store/model';
import type { SiteSearchRefusal } from '../store/tenant-store';
import { applyBulkMutation, driveTree, type BulkMutation } from './mutations';
import { registerListControlRoutes } from './list-routes';
import { registerResilienceControlRoutes } from './resilience-routes';
import { registerSharingLinkControlRoutes } from '../graph/sharing-links';
import { hexThumbprint, registerAppCertificate } from '../identity/app-certificates';
import type { AppCertificate } from '../store/model';

/** A registered certificate as the control API answers it. */
export interface ControlAppCertificate {
  thumbprintSha256: string;
  thumbprint: string;
  notAfter: string;
}

const certificateSummary = (certificate: AppCertificate): ControlAppCertificate => ({
  thumbprintSha256: hexThumbprint(certificate.thumbprintSha256),
  thumbprint: hexThumbprint(certificate.thumbprintSha1),
  notAfter: certificate.notAfter.toISOString(),
});

function itemSummary(emulator: EmulatorContext, driveId: string, item: DriveItem) {
  const drive = emulator.store.requireDrive(driveId);
  return {
    id: item.id,
    parentId: item.parentId,
    name: item.name,
    path: emulator.store.pathOf(drive, item),
    isFolder: item.isFolder,
    size: item.size,
    quickXorHash: emulator.store.quickXorHashOf(item),
  };
}

/**
 * The control API (no Graph auth, not under /v1.0): seeding, directory changes, drive mutations,
 * the true tree of a drive, request counters, delta token invalidation, token lifetime.
 */
export function controlRouter(
  emulator: EmulatorContext,
  tls: { caFile: string; caPem: string },
  port: () => number
): Router {
  const router = new Router({ prefix: '/_control' });
  const store = () => emulator.store;
  const info = () => buildInfo(emulator, tls, port());
  const driveOf = (ctx: Context) => store().requireDrive(ctx.params.driveId);

  router.get('/info', (ctx) => {
    ctx.body = info();
  });
  router.post('/seed', async (ctx) => {
    const body = await readJsonBody<{ seed?: SeedName; items?: number }>(ctx);
    applySeed(emulator, body.seed ?? 'demo', body.items);
    ctx.body = info();
  });

  /** Many users with a OneDrive and many libraries in one call (the fleet benchmark's tenant). */
  router.post('/fleet', async (ctx) => {
    const body = await readJsonBody<Partial<FleetSpec>>(ctx);
    const spec = { clientId: emulator.seedInfo.clientId, ...body };
    try {
      assertFleetSpec(spec);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    ctx.body = addFleet(store(), spec);
  });

  router.post('/sites', async (ctx) => {
    const body = await readJsonBody<{
      displayName?: string;
      libraries?: string[];
      memberUserIds?: string[];
      parentSiteId?: string;
    }>(ctx);
    if (!body.displayName) throw badRequest('displayName is required');
    const site = store().createSite(body.displayName, undefined, body.parentSiteId);
    for (const name of body.libraries ?? ['Documents']) store().createLibrary(site.id, name);
    for (const id of body.memberUserIds ?? []) site.memberUserIds.add(id);
    ctx.body = {
      id: site.id,
      name: site.displayName,
      webUrl: site.webUrl,
      driveIds: site.driveIds,
    };
  });
  router.post('/sites/:siteId/drives', async (ctx) => {
    const body = await readJsonBody<{ name?: string }>(ctx);
    if (!body.name) throw badRequest('name is required');
    const drive = store().createLibrary(ctx.params.siteId, body.name);
    ctx.body = { id: drive.id, name: drive.name };
  });
  router.post('/sites/:siteId/members', async (ctx) => {
    const body = await readJsonBody<{ userId?: string }>(ctx);
    if (!body.userId || !store().users.has(body.userId)) throw itemNotFound('unknown user');
    store().requireSite(ctx.params.siteId).memberUserIds.add(body.userId);
    ctx.status = 204;
  });
  router.post('/users', async (ctx) => {
    const body = await readJsonBody<{ displayName?: string }>(ctx);
    if (!body.displayName) throw badRequest('displayName is required');
    const user = store().createUser(body.displayName);
    ctx.body = {
      id: user.id,
      displayName: user.displayName,
      mail: user.mail,
      driveId: user.driveId,
    };
  });

  router.post('/apps', async (ctx) => {
    const body = await readJsonBody<{
      displayName?: string;
      permissions?: string[];
      secret?: string;
      redirectUris?: string[];
    }>(ctx);
    const app = store().createApp({
      displayName: body.displayName ?? `App ${store().apps.size + 1}`,
      permissions: body.permissions ?? [],
      secret: body.secret,
    });
    for (const uri of body.redirectUris ?? []) app.redirectUris.add(uri);
    ctx.body = {
      clientId: app.clientId,
      clientSecret: app.secret,
      permissions: [...app.permissions],
    };
  });
  router.put('/apps/:clientId/secret', async (ctx) => {
    const body = await readJsonBody<{ secret?: string }>(ctx);
    if (!body.secret) throw badRequest('secret is required');
    store().requireApp(ctx.params.clientId).secret = body.secret;
    ctx.status = 204;
  });
  /**
   * Certificates & secrets > Certificates: uploads a certificate (PEM) whose key may sign the app's
   * client assertions. Answers its thumbprints as the portal shows them (upper-case hex).
   */
  router.post('/apps/:clientId/certificates', async (ctx) => {
    const body = await readJsonBody<{ certificatePem?: string }>(ctx);
    if (!body.certificatePem) throw badRequest('certificatePem is required');
    const certificate = registerAppCertificate(
      store().requireApp(ctx.params.clientId),
      body.certificatePem
    );
    ctx.body = certificateSummary(certificate);
  });
  router.get('/apps/:clientId/certificates', (ctx) => {
    ctx.body = store().requireApp(ctx.params.clientId).certificates.map(certificateSummary);
  });
  router.delete('/apps/:clientId/certificates', (ctx) => {
    store().requireApp(ctx.params.clientId).certificates = [];
    ctx.status = 204;
  });
  router.put('/apps/:clientId/permissions', async (ctx) => {
    const body = await readJsonBody<{ permissions?: string[] }>(ctx);
    store().requireApp(ctx.params.clientId).permissions = new Set(body.permissions ?? []);
    ctx.status = 204;
  });
  /**
   * The app's whole access in one call: its application permissions (the `roles` of the tokens it
   * gets from now on) and, for Sites.Selected, the sites granted to it (the others are revoked).
   */
  router.put('/apps/:clientId/access', async (ctx) => {
    const body = await readJsonBody<{
      permissions?: string[];
      sites?: Array<{ siteId?: string; role?: SiteRole }>;
    }>(ctx);
    const app = store().requireApp(ctx.params.clientId);
    const sites = body.sites ?? [];
    for (const { siteId } of sites) {
      if (!siteId) throw badRequest('each site needs a siteId');
      store().requireSite(siteId);
    }
    app.permissions = new Set(body.permissions ?? []);
    app.siteGrants = new Map(
      sites.map(({ siteId, role }) => [siteId!, role === 'read' ? 'read' : 'write'] as const)
    );
    ctx.status = 204;
  });
  /** How site search answers an app without tenant-wide site read (Sites.Selected). */
  router.put('/site-search-refusal', async (ctx) => {
    const body = await readJsonBody<{ refusal?: SiteSearchRefusal }>(ctx);
    if (body.refusal !== 'accessDenied' && body.refusal !== 'emptyList')
      throw badRequest('refusal must be accessDenied or emptyList');
    store().siteSearchRefusal = body.refusal;
    ctx.status = 204;
  });
  router.put('/apps/:clientId/redirect-uris', async (ctx) => {
    const body = await readJsonBody<{ redirectUris?: string[] }>(ctx);
    store().requireApp(ctx.params.clientId).redirectUris = new Set(body.redirectUris ?? []);
    ctx.status = 204;
  });
  router.put('/apps/:clientId/grants/:siteId', async (ctx) => {
    const body = await readJsonBody<{ role?: SiteRole }>(ctx);
    store().grant(ctx.params.clientId, ctx.params.siteId, body.role === 'read' ? 'read' : 'write');
    ctx.status = 204;
  });
  router.delete('/apps/:clientId/grants/:siteId', (ctx) => {
    store().requireApp(ctx.params.clientId).siteGrants.delete(ctx.params.siteId);
    ctx.status = 204;
  });

  router.post('/drives/:driveId/items', async (ctx) => {
    const drive = driveOf(ctx);
    const body = await readJsonBody<{
      parentId?: string;
      name?: string;
      folder?: boolean;
      size?: number;
      seed?: string;
    }>(ctx);
    if (!body.name) throw badRequest('name is required');
    const parent = store().requireItem(drive, body.parentId ?? 'root');
    const item = store().createItem(drive, parent, {
      name: body.name,
      folder: body.folder,
      content: body.folder
        ? undefined
        : {
            kind: 'generated',
            seed: body.seed ?? `${drive.id}/${body.name}/${drive.changes.current}`,
            size: body.size ?? 1024,
          },
    });
    ctx.body = itemSummary(emulator, drive.id, item);
  });
  router.patch('/drives/:driveId/items/:itemId', async (ctx) => {
    const drive = driveOf(ctx);
    const item = store().requireItem(drive, ctx.params.itemId);
    const body = await readJsonBody<{
      name?: string;
      parentId?: string;
      content?: { size?: number; seed?: string };
    }>(ctx);
    if (body.content) {
      store().replaceContent(drive, item, {
        kind: 'generated',
        seed: body.content.seed ?? `${item.id}/${drive.changes.current}`,
        size: body.content.size ?? item.size,
      });
    }
    if (body.parentId)
      store().move(drive, item, store().requireItem(drive, body.parentId), body.name ?? item.name);
    else if (body.name) store().rename(drive, item, body.name);
    ctx.body = itemSummary(emulator, drive.id, item);
  });
  router.delete('/drives/:driveId/items/:itemId', (ctx) => {
    const drive = driveOf(ctx);
    store().delete(drive, store().requireItem(drive, ctx.params.itemId));
    ctx.status = 204;
  });
  router.put('/drives/:driveId/items/:itemId/lock', async (ctx) => {
    const drive = driveOf(ctx);
    const body = await readJsonBody<{ locked?: boolean }>(ctx);
    store().requireItem(drive, ctx.params.itemId).locked = body.locked !== false;
    ctx.status = 204;
  });
  router.post('/drives/:driveId/bulk', async (ctx) => {
    const drive = driveOf(ctx);
    ctx.body = applyBulkMutation(store(), drive, await readJsonBody<BulkMutation>(ctx));
  });
  router.get('/drives/:driveId/tree', (ctx) => {
    ctx.body = driveTree(store(), driveOf(ctx));
  });
  router.post('/drives/:driveId/invalidate-delta', (ctx) => {
    driveOf(ctx).tokenGeneration++;
    ctx.status = 204;
  });
  router.put('/drives/:driveId/delta-order', async (ctx) => {
    const body = await readJsonBody<{ order?: DeltaOrder }>(ctx);
    if (!body.order || !['sequence', 'reverse', 'shuffle'].includes(body.order))
      throw badRequest('order must be sequence, reverse or shuffle');
    driveOf(ctx).deltaOrder = body.order;
    ctx.status = 204;
  });
  router.put('/drives/:driveId/delta-parents', async (ctx) => {
    const body = await readJsonBody<{ include?: boolean }>(ctx);
    driveOf(ctx).deltaIncludesParents = body.include === true;
    ctx.status = 204;
  });
  router.put('/drives/:driveId/delta-deleted-descendants', async (ctx) => {
    const body = await readJsonBody<{ include?: boolean }>(ctx);
    if (typeof body.include !== 'boolean') throw badRequest('include must be true or false');
    driveOf(ctx).deltaListsDeletedDescendants = body.include;
    ctx.status = 204;
  });
  router.delete('/drives/:driveId', (ctx) => {
    store().removeLibrary(ctx.params.driveId);
    ctx.status = 204;
  });
  router.put('/drives/:driveId/delta-page-size', async (ctx) => {
    const body = await readJsonBody<{ size?: number | null }>(ctx);
    const size = body.size ?? null;
    if (size !== null && (!Number.isInteger(size) || size < 1))
      throw badRequest('size must be a positive integer or null');
    driveOf(ctx).deltaPageSize = size ?? undefined;
    ctx.status = 204;
  });
  router.put('/drives/:driveId/delta-history', async (ctx) => {
    const body = await readJsonBody<{ include?: boolean }>(ctx);
    driveOf(ctx).changes.keepHistory = body.include === true;
    ctx.status = 204;
  });
  router.put('/drives/:driveId/quota', async (ctx) => {
    const body = await readJsonBody<{ total?: number }>(ctx);
    if (typeof body.total !== 'number' || body.total < 0) throw badRequest('total is required');
    driveOf(ctx).quotaTotal = body.total;
    ctx.status = 204;
  });

  // Revokes the access tokens issued so far, and nothing else (secret, refresh tokens, grants):
  // Graph refuses them from now on, with a claims challenge for clients that declared CP1.
  router.post('/apps/:clientId/revoke-tokens', (ctx) => {
    if (!emulator.store.apps.has(ctx.params.clientId)) throw itemNotFound('unknown application');
    ctx.body = {
      revoked: emulator.revocations.revoke({ kind: 'app', clientId: ctx.params.clientId }),
    };
  });
  router.post('/users/:userId/revoke-tokens', (ctx) => {
    if (!emulator.store.users.has(ctx.params.userId)) throw itemNotFound('unknown user');
    ctx.body = {
      revoked: emulator.revocations.revoke({ kind: 'user', userId: ctx.params.userId }),
    };
  });
  router.post('/users/:userId/revoke-sessions', (ctx) => {
    ctx.body = { revoked: emulator.grants.revokeUser(ctx.params.userId) };
  });
  router.put('/refresh-token-lifetime', async (ctx) => {
    const body = await readJsonBody<{ seconds?: number }>(ctx);
    if (typeof body.seconds !== 'number' || body.seconds < 0)
      throw badRequest('seconds must be >= 0');
    emulator.grants.refreshTokenLifetimeSeconds = body.seconds;
    ctx.status = 204;
  });
  router.put('/upload-session-lifetime', async (ctx) => {
    const body = await readJsonBody<{ seconds?: number }>(ctx);
    if (typeof body.seconds !== 'number' || body.seconds < 0)
      throw badRequest('seconds must be >= 0');
    emulator.uploads.lifetimeSeconds = body.seconds;
    ctx.status = 204;
  });
  /**
   * Upload sessions still open (not finished, cancelled or expired): what a client left behind.
   * Graph keeps such a session (and its bytes) until it expires; tests count them as orphans.
   */
  router.get('/upload-sessions', (ctx) => {
    ctx.body = emulator.uploads.list().map((session) => ({
      id: session.id,
      driveId: session.driveId,
      parentId: session.parentId,
      name: session.name,
      size: session.total ?? null,
      received: session.received,
      expirationDateTime: new Date(session.expiresAt).toISOString(),
    }));
  });
  router.put('/client-clock-skew', async (ctx) => {
    const body = await readJsonBody<{ seconds?: number }>(ctx);
    if (typeof body.seconds !== 'number') throw badRequest('seconds must be a number');
    store().clientClockSkewSeconds = body.seconds;
    ctx.status = 204;
  });
  router.put('/token-lifetime', async (ctx) => {
    const body = await readJsonBody<{ seconds?: number }>(ctx);
    if (typeof body.seconds !== 'number' || body.seconds < 1)
      throw badRequest('seconds must be >= 1');
    store().tokenLifetimeSeconds = body.seconds;
    ctx.status = 204;
  });
  registerResilienceControlRoutes(router, emulator);
  registerSharingLinkControlRoutes(router, emulator);
  registerListControlRoutes(router, emulator);
  router.post('/marks', (ctx) => {
    ctx.body = { id: emulator.stats.mark() };
  });
  router.get('/stats', (ctx) => {
    try {
      ctx.body = emulator.stats.since(ctx.query.since ? String(ctx.query.since) : undefined);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  });
  return router;
}
