/**
 * SharePoint lists behind document libraries: `GET /drives/{drive}/list`, a site's list by id or
 * title, its columns, its items (with `$expand=fields`), the list-items delta, and the hidden
 * User Information List where person columns point. Read-only: reading needs what reading the
 * site needs.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { badRequest, itemNotFound } from '../errors';
import { deterministicGuid } from '../ids';
import { BUILT_IN_COLUMNS, serializeColumn } from '../store/list-columns';
import type { Drive, Site } from '../store/model';
import { listDeltaPage } from './list-delta';
import {
  USER_INFORMATION_LIST,
  parseFieldsExpand,
  serializeListItem,
  serializeUserInformation,
} from './list-items';
import { assertCanAccessSite, type Principal } from './principal';
import { resolveDrive } from './resolve';

const LIST = '/v1.0/sites/:siteId/lists/:listId';

type ResolvedList = { kind: 'library'; site: Site; drive: Drive } | { kind: 'users'; site: Site };

const userInformationListId = (site: Site) => deterministicGuid(`${site.id}:user-information`);

function resolveList(emulator: EmulatorContext, ctx: Context): ResolvedList {
  const site = emulator.store.requireSite(ctx.params.siteId);
  assertCanAccessSite(ctx.state.principal as Principal, site);
  const wanted = String(ctx.params.listId).toLowerCase();
  if (wanted === USER_INFORMATION_LIST.toLowerCase() || wanted === userInformationListId(site))
    return { kind: 'users', site };
  for (const driveId of site.driveIds) {
    const drive = emulator.store.requireDrive(driveId);
    if (drive.list.id === wanted || drive.name.toLowerCase() === wanted)
      return { kind: 'library', site, drive };
  }
  throw itemNotFound(
    `List '${ctx.params.listId}' does not exist at site with URL '${site.webUrl}'.`
  );
}

function serializeList(emulator: EmulatorContext, drive: Drive): Record<string, unknown> {
  return {
    createdDateTime: drive.createdDateTime,
    description: '',
    displayName: drive.name,
    id: drive.list.id,
    lastModifiedDateTime: drive.createdDateTime,
    name: drive.name.replace(/\s+/g, ''),
    webUrl: drive.webUrl,
    list: { contentTypesEnabled: false, hidden: false, template: 'documentLibrary' },
    parentReference: drive.siteId ? { siteId: drive.siteId } : {},
  };
}

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw badRequest(`Invalid value for ${name}.`);
  return parsed;
}

export function registerListRoutes(router: Router, emulator: EmulatorContext): void {
  router.get('/v1.0/drives/:driveId/list', (ctx) => {
    ctx.body = serializeList(emulator, resolveDrive(emulator, ctx));
  });

  router.get(LIST, (ctx) => {
    const list = resolveList(emulator, ctx);
    ctx.body =
      list.kind === 'library'
        ? serializeList(emulator, list.drive)
        : {
            id: userInformationListId(list.site),
            displayName: USER_INFORMATION_LIST,
            name: 'users',
            list: { contentTypesEnabled: true, hidden: true, template: 'genericList' },
            parentReference: { siteId: list.site.id },
          };
  });

  router.get(`${LIST}/columns`, (ctx) => {
    const list = resolveList(emulator, ctx);
    if (list.kind !== 'library') throw badRequest('This list has no columns of a library.');
    ctx.body = {
      value: [...BUILT_IN_COLUMNS, ...list.drive.list.columns].map(serializeColumn),
    };
  });

  router.get(`${LIST}/items/delta`, (ctx) => {
    const list = resolveList(emulator, ctx);
    if (list.kind !== 'library') throw badRequest('Delta is not supported on this list.');
    const expand = ctx.query.$expand === undefined ? undefined : String(ctx.query.$expand);
    parseFieldsExpand(expand); // A bad $expand is refused before anything is paged.
    ctx.body = listDeltaPage(emulator, list.drive, list.site.id, {
      token:
        (ctx.state.deltaToken as string | undefined) ?? (ctx.query.token as string | undefined),
      top: positiveInteger(ctx.query.$top, '$top'),
      expand,
      parseExpand: parseFieldsExpand,
    });
  });

  router.get(`${LIST}/items/:itemId`, (ctx) => {
    const list = resolveList(emulator, ctx);
    const expand = parseFieldsExpand(ctx.query.$expand);
    const id = Number(ctx.params.itemId);
    if (!Number.isInteger(id) || id < 1) throw badRequest('Invalid list item id.');
    if (list.kind === 'users') {
      const entry = [...(list.site.userInfoIds ?? new Map<string, number>())].find(
        ([, lookupId]) => lookupId === id
      );
      const user = entry ? emulator.store.users.get(entry[0]) : undefined;
      if (!user)
        throw itemNotFound('Item does not exist. It may have been deleted by another user.');
      ctx.body = serializeUserInformation(user, id, expand);
      return;
    }
    const item = [...list.drive.items.values()].find(
      (candidate) => candidate.listItemId === id && !candidate.deleted
    );
    if (!item) throw itemNotFound('Item does not exist. It may have been deleted by another user.');
    ctx.body = serializeListItem(emulator, list.drive, item, expand);
  });
}
