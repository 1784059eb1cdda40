/**
 * `POST /drives/{d}/items/{i}/createLink`, as Microsoft documents it ("Create a sharing link for a
 * DriveItem", learn.microsoft.com/graph/api/driveitem-createlink):
 * - the body's `type` is `view`, `edit` or `embed` (embed: OneDrive personal only, so refused
 *   here: the emulator is a work tenant); `scope` is `anonymous`, `organization` or `users`, and
 *   without one the organization's default link type is created (`organization` here);
 * - a new link answers 201; when a link of that type (and scope) already exists for the calling
 *   application, that link is returned with 200;
 * - the answer is a permission resource: `id`, `roles`, `link { type, scope, webUrl, application }`;
 * - the call needs write permission (Files.ReadWrite for delegated tokens, Files.ReadWrite.All or
 *   Sites.ReadWrite.All for application tokens).
 * Links live beside the item (a WeakMap: a deleted or reseeded item takes them with it). Who
 * created each is kept for the control API, so tests can see whose token made a link.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { badRequest, GraphError } from '../errors';
import { readJsonBody } from '../http-body';
import { deterministicGuid } from '../ids';
import type { Drive, DriveItem } from '../store/model';
import type { Principal } from './principal';
import { resolveItem } from './resolve';

export const LINK_TYPES = ['view', 'edit', 'embed'] as const;
export const LINK_SCOPES = ['anonymous', 'organization', 'users'] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export type LinkScope = (typeof LINK_SCOPES)[number];

/** The scope created when the request names none ("the default link type for the organization"). */
const DEFAULT_SCOPE: LinkScope = 'organization';

export interface SharingLink {
  id: string;
  type: LinkType;
  scope: LinkScope;
  webUrl: string;
  application: { id: string; displayName: string };
  /** Whose token created it: the app alone, or a signed-in user through the app. */
  createdBy: { kind: 'app' } | { kind: 'user'; userId: string };
  createdDateTime: string;
}

const linksByItem = new WeakMap<DriveItem, SharingLink[]>();

/** The links an item has (the control API's view; Graph answers one at a time). */
export const sharingLinksOf = (item: DriveItem): SharingLink[] => linksByItem.get(item) ?? [];

const ROUTES = [
  '/v1.0/drives/:driveId/items/:itemId/createLink',
  '/v1.0/drives/:driveId/items/:itemId/path/:relativePath/createLink',
];

interface CreateLinkBody {
  type?: unknown;
  scope?: unknown;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** SharePoint's short link form: `/:{kind}:/g/{token}` on the drive's host (`f` for a folder). */
function linkUrl(drive: Drive, item: DriveItem, key: string): string {
  const token = createHash('sha256').update(key).digest('base64url').slice(0, 22);
  const host = new URL(drive.webUrl).host;
  return `https://${host}/:${item.isFolder ? 'f' : 'u'}:/g/E${token}`;
}

/** The permission resource Graph answers with. */
export const permissionOf = (link: SharingLink) => ({
  id: link.id,
  roles: [link.type === 'edit' ? 'write' : 'read'],
  link: {
    type: link.type,
    scope: link.scope,
    webUrl: link.webUrl,
    application: link.application,
  },
  hasPassword: false,
});

export function registerSharingLinkRoutes(router: Router, emulator: EmulatorContext): void {
  const createLink = async (ctx: Context) => {
    // Write access, as the documented permissions require (a read-only grant cannot share).
    const { drive, item } = resolveItem(emulator, ctx, true);
    const body = await readJsonBody<CreateLinkBody>(ctx);
    if (!oneOf(LINK_TYPES, body.type)) {
      throw badRequest("The link type must be one of 'view', 'edit' or 'embed'.");
    }
    if (body.type === 'embed') {
      throw new GraphError(
        400,
        'invalidRequest',
        'Embed links are only supported for OneDrive personal.'
      );
    }
    if (body.scope !== undefined && !oneOf(LINK_SCOPES, body.scope)) {
      throw badRequest("The link scope must be one of 'anonymous', 'organization' or 'users'.");
    }
    const type = body.type;
    const scope = (body.scope as LinkScope | undefined) ?? DEFAULT_SCOPE;
    const principal = ctx.state.principal as Principal;
    const links = linksByItem.get(item) ?? [];
    const existing = links.find(
      (link) =>
        link.type === type && link.scope === scope && link.application.id === principal.app.clientId
    );
    if (existing) {
      ctx.status = 200;
      ctx.body = permissionOf(existing);
      return;
    }
    const key = `${drive.id}:${item.id}:${type}:${scope}:${principal.app.clientId}`;
    const link: SharingLink = {
      id: deterministicGuid(`link:${key}`),
      type,
      scope,
      webUrl: linkUrl(drive, item, key),
      application: { id: principal.app.clientId, displayName: principal.app.displayName },
      createdBy:
        principal.kind === 'user' ? { kind: 'user', userId: principal.user.id } : { kind: 'app' },
      createdDateTime: new Date().toISOString(),
    };
    linksByItem.set(item, [...links, link]);
    ctx.status = 201;
    ctx.body = permissionOf(link);
  };
  for (const route of ROUTES) router.post(route, createLink);
}

/**
 * Control API (no Graph auth): `GET /_control/drives/{d}/items/{i}/sharing-links`, every link the
 * item has with whose token created it.
 */
export function registerSharingLinkControlRoutes(router: Router, emulator: EmulatorContext): void {
  router.get('/drives/:driveId/items/:itemId/sharing-links', (ctx) => {
    const drive = emulator.store.requireDrive(ctx.params.driveId);
    const item = emulator.store.requireItem(drive, ctx.params.itemId);
    ctx.body = sharingLinksOf(item);
  });
}
