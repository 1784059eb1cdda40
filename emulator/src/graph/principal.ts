import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { accessDenied, unauthenticated } from '../errors';
import { verifyAccessToken } from '../identity/access-tokens';
import type { AppRegistration, Drive, Site, User } from '../store/model';
import { assertNotRevoked } from './continuous-access';

export type Principal =
  | { kind: 'app'; app: AppRegistration; roles: Set<string> }
  | { kind: 'user'; app: AppRegistration; user: User; scopes: Set<string> };

const READ_ALL_SITES = [
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Sites.Manage.All',
  'Sites.FullControl.All',
];
const WRITE_ALL_SITES = ['Sites.ReadWrite.All', 'Sites.Manage.All', 'Sites.FullControl.All'];
const READ_ALL_FILES = ['Files.Read.All', 'Files.ReadWrite.All', ...READ_ALL_SITES];
const WRITE_ALL_FILES = ['Files.ReadWrite.All', ...WRITE_ALL_SITES];

/** Validates the Bearer token and resolves who is calling. */
export async function authenticate(emulator: EmulatorContext, ctx: Context): Promise<Principal> {
  const match = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'));
  if (!match) throw unauthenticated('Access token is empty.');
  const claims = await verifyAccessToken(emulator.keys, match[1]);
  if (claims.tenantId !== emulator.store.tenant.id)
    throw unauthenticated('Invalid tenant in token.');
  assertNotRevoked(emulator, claims);
  const app = emulator.store.apps.get(claims.clientId);
  if (!app) throw unauthenticated('The application of this token no longer exists.');
  if (claims.kind === 'app') return { kind: 'app', app, roles: new Set(claims.roles) };
  const user = emulator.store.users.get(claims.userId);
  if (!user) throw unauthenticated('The user of this token no longer exists.');
  return { kind: 'user', app, user, scopes: new Set(claims.scopes) };
}

const hasAny = (granted: Set<string>, wanted: string[]) => wanted.some((p) => granted.has(p));

/**
 * Site search needs tenant-wide site read: Microsoft's "Search for sites" lists Sites.Read.All and
 * Sites.ReadWrite.All, and "does not support the Sites.Selected application permission".
 */
export function canSearchSites(principal: Principal): boolean {
  return hasAny(principal.kind === 'app' ? principal.roles : principal.scopes, READ_ALL_SITES);
}

export function assertCanSearchSites(principal: Principal): void {
  if (!canSearchSites(principal))
    throw accessDenied('Either scp or roles claim need to be present in the token.');
}

export function canAccessSite(principal: Principal, site: Site, write = false): boolean {
  if (principal.kind === 'app') {
    if (hasAny(principal.roles, write ? WRITE_ALL_SITES : READ_ALL_SITES)) return true;
    if (hasAny(principal.roles, write ? WRITE_ALL_FILES : READ_ALL_FILES)) return true;
    if (!principal.roles.has('Sites.Selected')) return false;
    const role = principal.app.siteGrants.get(site.id);
    return write ? role === 'write' : role !== undefined;
  }
  // Delegated: the user's own membership, within what the app was consented for.
  if (!site.memberUserIds.has(principal.user.id)) return false;
  return hasAny(principal.scopes, write ? WRITE_ALL_FILES : READ_ALL_FILES);
}

export function assertCanAccessSite(principal: Principal, site: Site, write = false): void {
  if (!canAccessSite(principal, site, write)) throw accessDenied('Access denied');
}

export function assertCanAccessDrive(
  emulator: EmulatorContext,
  principal: Principal,
  drive: Drive,
  write = false
): void {
  if (drive.siteId) {
    assertCanAccessSite(principal, emulator.store.requireSite(drive.siteId), write);
    return;
  }
  // A OneDrive: its owner (delegated), or an app with tenant-wide file access.
  if (principal.kind === 'user') {
    const ownScopes = write
      ? ['Files.ReadWrite', ...WRITE_ALL_FILES]
      : ['Files.Read', 'Files.ReadWrite', ...READ_ALL_FILES];
    if (drive.ownerUserId === principal.user.id && hasAny(principal.scopes, ownScopes)) return;
    throw accessDenied('Access denied');
  }
  if (!hasAny(principal.roles, write ? WRITE_ALL_FILES : READ_ALL_FILES))
    throw accessDenied('Access denied');
}
