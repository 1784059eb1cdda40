/**
 * What an app-only token says the app may do: its `roles` claim (the application permissions),
 * read from the token itself, and whether they allow Microsoft's site search.
 */
import {
  applicationPermissionsOf,
  permissionsAllowSiteSearch,
} from '../../../server/src/auth/app-tokens';

const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .concat('signature')
    .join('.');

describe('the application permissions of an app-only token', () => {
  it('reads the roles claim', () => {
    expect(applicationPermissionsOf(jwt({ roles: ['Sites.Selected'] }))).toEqual([
      'Sites.Selected',
    ]);
    expect(applicationPermissionsOf(jwt({ appid: 'x' }))).toEqual([]);
  });

  it('says null when the token is no JWT it can read (Microsoft may change its format)', () => {
    expect(applicationPermissionsOf('opaque-token')).toBeNull();
    expect(applicationPermissionsOf('a.%%%.c')).toBeNull();
    expect(applicationPermissionsOf(jwt({ roles: 'Sites.Selected' }))).toBeNull();
  });

  it('allows site search with tenant-wide site read only, and when unknown', () => {
    expect(permissionsAllowSiteSearch(['Sites.Selected'])).toBe(false);
    expect(permissionsAllowSiteSearch(['Sites.Selected', 'Files.Read.All'])).toBe(false);
    expect(permissionsAllowSiteSearch([])).toBe(false);
    expect(permissionsAllowSiteSearch(['Sites.Read.All'])).toBe(true);
    expect(permissionsAllowSiteSearch(['Sites.Selected', 'Sites.ReadWrite.All'])).toBe(true);
    expect(permissionsAllowSiteSearch(null)).toBe(true);
  });
});
