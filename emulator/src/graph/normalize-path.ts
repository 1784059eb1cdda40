import type { EmulatorContext } from '../context';
import { badRequest, itemNotFound } from '../errors';
import type { Principal } from './principal';

/**
 * Graph addresses one resource many ways (/me/drive, /users/{id}/drive, /sites/{id}/drive,
 * /sites/{host}:/{path}, root:/a/b:, delta(token='...')). This rewrites them all to a few canonical
 * paths so one set of routes serves them:
 *   /drives/{d}/items/{id|root}[/path/{encoded relative path}][/children|/content|/delta|...]
 * Returns the canonical path and any parameters lifted out of the path (the delta token).
 */
export function normalizeGraphPath(
  emulator: EmulatorContext,
  principal: Principal,
  rawPath: string
): { path: string; token?: string } {
  let path = rawPath;
  let token: string | undefined;

  const deltaFunction = /\/delta\((?:token=)?(?:'([^']*)'|([^)]*))\)/i.exec(path);
  if (deltaFunction) {
    token = decodeURIComponent(deltaFunction[1] ?? deltaFunction[2] ?? '') || undefined;
    path = path.replace(deltaFunction[0], '/delta');
  }

  if (/^\/me\/drive(\/|$)/i.test(path)) {
    if (principal.kind !== 'user')
      throw badRequest('/me request is only valid with delegated authentication flow.');
    path = path.replace(/^\/me\/drive/i, `/drives/${principal.user.driveId}`);
  }

  const userDrive = /^\/users\/([^/]+)\/drive(\/|$)/i.exec(path);
  if (userDrive) {
    const key = decodeURIComponent(userDrive[1]).toLowerCase();
    const user = [...emulator.store.users.values()].find(
      (u) => u.id === key || u.userPrincipalName.toLowerCase() === key
    );
    if (!user) throw itemNotFound(`User '${key}' not found.`);
    path = `/drives/${user.driveId}${path.slice(userDrive[0].length - userDrive[2].length)}`;
  }

  // A site by URL: /sites/{hostname}:/{server-relative-path}[:/rest]
  const siteByPath = /^\/sites\/([^/:]+):(\/[^:]*)(?::(.*))?$/.exec(path);
  if (siteByPath) {
    const [, hostname, relative, rest = ''] = siteByPath;
    const wanted = decodeURIComponent(relative).replace(/\/+$/, '').toLowerCase();
    const site = [...emulator.store.sites.values()].find(
      (s) =>
        hostname.toLowerCase() === emulator.store.tenant.sharepointHost &&
        s.serverRelativePath.toLowerCase() === wanted
    );
    if (!site) throw itemNotFound('Requested site could not be found');
    path = `/sites/${site.id}${rest}`;
  }

  const siteDrive = /^\/sites\/([^/]+)\/drive(\/|$)/i.exec(path);
  if (siteDrive) {
    const site = emulator.store.requireSite(decodeURIComponent(siteDrive[1]));
    if (!site.driveIds.length) throw itemNotFound('The site has no document library.');
    path = `/drives/${site.driveIds[0]}${path.slice(siteDrive[0].length - siteDrive[2].length)}`;
  }

  // Item by path: /drives/{d}/root:/a/b[:/rest] or /drives/{d}/items/{id}:/a/b[:/rest]
  const itemByPath = /^(\/drives\/[^/]+)\/(root|items\/[^/:]+):(\/[^:]*)(?::(.*))?$/i.exec(path);
  if (itemByPath) {
    const [, drivePrefix, base, relative, rest = ''] = itemByPath;
    const baseId = base.toLowerCase() === 'root' ? 'root' : base.slice('items/'.length);
    const relativePath = decodeURIComponent(relative).replace(/^\/+|\/+$/g, '');
    path = relativePath
      ? `${drivePrefix}/items/${baseId}/path/${encodeURIComponent(relativePath)}${rest}`
      : `${drivePrefix}/items/${baseId}${rest}`;
  }

  path = path.replace(/^(\/drives\/[^/]+)\/root(\/|$)/i, '$1/items/root$2');
  return { path, token };
}
