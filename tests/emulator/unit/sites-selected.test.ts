/**
 * An app granted Sites.Selected only, as Microsoft documents it: its token's `roles` claim names
 * its application permissions, site search is not for it ("does not support the Sites.Selected
 * application permission": 403 accessDenied, or an empty list on some tenants), and it reaches a
 * site, by id or by URL, only once the site is granted to it.
 */
import { decodeJwt } from 'jose';
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Graph: an app with Sites.Selected', () => {
  let emulator: HttpEmulator;
  let app: { clientId: string; clientSecret: string };
  let granted: { id: string; webUrl: string };
  let other: { id: string; webUrl: string };

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    app = await emulator.control.createApp({ permissions: ['Sites.Read.All'] });
    granted = await emulator.control.createSite('Intranet');
    other = await emulator.control.createSite('Payroll');
  });
  afterAll(async () => {
    await emulator.close();
  });

  const get = (path: string, token: string) =>
    http(emulator, 'GET', `${emulator.info.graphUrl}${path}`, { token });
  const tokenOfApp = () => appToken(emulator, app.clientId, app.clientSecret);
  const byUrl = (site: { webUrl: string }) => {
    const url = new URL(site.webUrl);
    return `/sites/${url.hostname}:${url.pathname}`;
  };

  it('puts the permissions set through the control API in the roles claim of the next token', async () => {
    expect(decodeJwt(await tokenOfApp()).roles).toEqual(['Sites.Read.All']);
    await emulator.control.setAppAccess(app.clientId, {
      permissions: ['Sites.Selected'],
      sites: [{ siteId: granted.id, role: 'read' }],
    });
    expect(decodeJwt(await tokenOfApp()).roles).toEqual(['Sites.Selected']);
  });

  it('refuses site search with 403 accessDenied, or answers an empty list when told to', async () => {
    const token = await tokenOfApp();
    const denied = await get('/sites?search=intranet', token);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('accessDenied');

    await emulator.control.setSiteSearchRefusal('emptyList');
    try {
      const empty = await get('/sites?search=intranet', token);
      expect(empty.status).toBe(200);
      expect(empty.body.value).toEqual([]);
      // An app with Sites.Read.All still finds the site either way.
      const reader = await appToken(
        emulator,
        emulator.info.readerClientId,
        emulator.info.readerClientSecret
      );
      const found = await get('/sites?search=intranet', reader);
      expect(found.body.value.map((site: { id: string }) => site.id)).toEqual([granted.id]);
    } finally {
      await emulator.control.setSiteSearchRefusal('accessDenied');
    }
  });

  it('reaches a granted site by URL and by id; a site not granted is 403, an unknown one 404', async () => {
    const token = await tokenOfApp();
    const site = await get(byUrl(granted), token);
    expect(site.status).toBe(200);
    expect(site.body).toMatchObject({ id: granted.id, displayName: 'Intranet' });
    expect((await get(`/sites/${granted.id}/drives`, token)).status).toBe(200);

    const refused = await get(byUrl(other), token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('accessDenied');
    expect((await get(`/sites/${other.id}`, token)).status).toBe(403);
    expect((await get('/sites/contoso.sharepoint.com:/sites/Nowhere', token)).status).toBe(404);
  });

  it('replaces the grants as a whole: a site left out is revoked', async () => {
    await emulator.control.setAppAccess(app.clientId, {
      permissions: ['Sites.Selected'],
      sites: [{ siteId: other.id }],
    });
    const token = await tokenOfApp();
    expect((await get(byUrl(other), token)).status).toBe(200);
    expect((await get(byUrl(granted), token)).status).toBe(403);
    // Site search stays out of reach whatever is granted.
    expect((await get('/sites?search=payroll', token)).status).toBe(403);
  });
});
