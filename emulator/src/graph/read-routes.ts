import { eTagOf } from '../store/tags';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { badRequest } from '../errors';
import { deltaPage } from './delta';
import {
  assertCanAccessSite,
  assertCanSearchSites,
  canAccessSite,
  canSearchSites,
  type Principal,
} from './principal';
import { resolveDrive, resolveItem } from './resolve';
import {
  applySelect,
  parseSelect,
  selectsProperty,
  serializeDrive,
  serializeItem,
  serializeSite,
  serializeUser,
} from './serialize';

const DEFAULT_CHILDREN_PAGE = 200;
const ITEM = '/v1.0/drives/:driveId/items/:itemId';
const ITEM_BY_PATH = '/v1.0/drives/:driveId/items/:itemId/path/:relativePath';

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw badRequest(`Invalid value for ${name}.`);
  return parsed;
}

/** GET routes: sites, drives, items, children, delta, content. */
export function registerReadRoutes(router: Router, emulator: EmulatorContext): void {
  const principalOf = (ctx: Context) => ctx.state.principal as Principal;

  router.get('/v1.0/me', (ctx) => {
    const principal = principalOf(ctx);
    if (principal.kind !== 'user')
      throw badRequest('/me request is only valid with delegated authentication flow.');
    ctx.body = serializeUser(principal.user);
  });

  router.get('/v1.0/sites', (ctx) => {
    const principal = principalOf(ctx);
    // An app without tenant-wide site read (Sites.Selected): 403, or, as some tenants answer,
    // an empty list (the control API picks which).
    if (
      principal.kind === 'app' &&
      !canSearchSites(principal) &&
      emulator.store.siteSearchRefusal === 'emptyList'
    ) {
      ctx.body = { value: [] };
      return;
    }
    assertCanSearchSites(principal);
    const search = String(ctx.query.search ?? '')
      .trim()
      .toLowerCase();
    if (!search) throw badRequest('The search query parameter is required.');
    const sites = [...emulator.store.sites.values()].filter(
      (site) =>
        canAccessSite(principal, site) &&
        (search === '*' ||
          site.displayName.toLowerCase().includes(search) ||
          site.name.toLowerCase().includes(search))
    );
    ctx.body = { value: sites.map((site) => serializeSite(emulator, site)) };
  });

  router.get('/v1.0/sites/:siteId', (ctx) => {
    const site = emulator.store.requireSite(ctx.params.siteId);
    assertCanAccessSite(principalOf(ctx), site);
    ctx.body = serializeSite(emulator, site);
  });

  router.get('/v1.0/sites/:siteId/drives', (ctx) => {
    const site = emulator.store.requireSite(ctx.params.siteId);
    assertCanAccessSite(principalOf(ctx), site);
    ctx.body = {
      value: site.driveIds.map((id) => serializeDrive(emulator, emulator.store.requireDrive(id))),
    };
  });

  /** "List subsites for a site": the direct subsites, those the caller can reach. */
  router.get('/v1.0/sites/:siteId/sites', (ctx) => {
    const principal = principalOf(ctx);
    const site = emulator.store.requireSite(ctx.params.siteId);
    assertCanAccessSite(principal, site);
    const subsites = [...emulator.store.sites.values()].filter(
      (candidate) => candidate.parentSiteId === site.id && canAccessSite(principal, candidate)
    );
    ctx.body = { value: subsites.map((subsite) => serializeSite(emulator, subsite)) };
  });

  router.get('/v1.0/drives/:driveId', (ctx) => {
    ctx.body = serializeDrive(emulator, resolveDrive(emulator, ctx));
  });

  const getItem = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx);
    const select = parseSelect(ctx.query.$select);
    const sharepointIds = selectsProperty(select, 'sharepointIds');
    ctx.body = applySelect(
      serializeItem(emulator, drive, item, 'item', { downloadUrl: true, sharepointIds }),
      select
    );
  };
  router.get(ITEM, getItem);
  router.get(ITEM_BY_PATH, getItem);

  const listChildren = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx);
    if (!item.isFolder) throw badRequest('The item is not a folder.');
    const select = parseSelect(ctx.query.$select);
    const top = positiveInteger(ctx.query.$top, '$top') ?? DEFAULT_CHILDREN_PAGE;
    const skip = ctx.query.$skiptoken
      ? Number(Buffer.from(String(ctx.query.$skiptoken), 'base64url').toString())
      : 0;
    if (!Number.isInteger(skip) || skip < 0) throw badRequest('Invalid $skiptoken.');
    const children = [...item.children!.values()];
    const page = children.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      value: page.map((child) =>
        applySelect(serializeItem(emulator, drive, child, 'item', { downloadUrl: true }), select)
      ),
    };
    if (skip + top < children.length) {
      const next = new URLSearchParams({
        $skiptoken: Buffer.from(String(skip + top)).toString('base64url'),
        $top: String(top),
      });
      if (ctx.query.$select) next.set('$select', String(ctx.query.$select));
      body['@odata.nextLink'] =
        `${emulator.apiOrigin}/v1.0/drives/${drive.id}/items/${item.id}/children?${next}`;
    }
    ctx.body = body;
  };
  router.get(`${ITEM}/children`, listChildren);
  router.get(`${ITEM_BY_PATH}/children`, listChildren);

  const delta = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx);
    if (item.parentId !== null) throw badRequest('Delta is only supported on the root of a drive.');
    const token =
      (ctx.state.deltaToken as string | undefined) ?? (ctx.query.token as string | undefined);
    ctx.body = deltaPage(emulator, drive, {
      token,
      select: parseSelect(ctx.query.$select),
      top: positiveInteger(ctx.query.$top, '$top'),
      // Other delta preferences (deltashowremovedasdeleted, deltatraversepermissiongaps,
      // deltashowsharingchanges, hierarchicalsharing) are accepted and change nothing here.
      excludeParents:
        /(^|[\s,;])deltaExcludeParent\b/i.test(ctx.get('prefer')) ||
        ctx.get('deltaExcludeParent') !== '',
    });
  };
  router.get(`${ITEM}/delta`, delta);

  const content = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx);
    if (item.isFolder) throw badRequest('Folders have no content.');
    const eTag = eTagOf(item);
    const ifNoneMatch = ctx.get('if-none-match');
    // eTags contain commas ("{GUID},3"), so split the header on its quoted strings, not on commas.
    const tags: string[] = ifNoneMatch.match(/"[^"]*"|\*/g) ?? [];
    if (tags.includes(eTag) || tags.includes('*')) {
      ctx.status = 304;
      return;
    }
    ctx.status = 302;
    ctx.set('Location', emulator.downloads.url(drive.id, item.id, item.version));
  };
  router.get(`${ITEM}/content`, content);
  router.get(`${ITEM_BY_PATH}/content`, content);
}
