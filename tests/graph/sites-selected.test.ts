/**
 * Adding a platform drive with an app granted chosen sites only (Sites.Selected), through the admin
 * API: the plugin reads the app's permissions from its token's `roles` claim, says why a site
 * search is refused and what to paste instead (not "Unable to connect"), finds a granted site by
 * its URL, and says a site not granted is not granted, with the grant that fixes it.
 */
import { ControlClient } from '../../emulator/src';
import { PLUGIN_ID } from '../../server/src/constants';
import type { GraphService } from '../../server/src/graph/service';
import { ERROR_DESCRIPTIONS } from '../../shared/errors';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('platform drives with a Sites.Selected app', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let api: ReturnType<typeof adminRequest>;
  let payroll: { id: string; webUrl: string };
  const marketing = () => emulator.info.sites.find((site) => site.name === 'Marketing')!;
  // The demo tenant's app holds Sites.Selected, with both demo sites granted.
  const demoGrants = () => emulator.info.sites.map((site) => ({ siteId: site.id }));
  /** msal keeps the app's token: a changed permission shows in the next one Entra ID issues. */
  const forgetAppTokens = () =>
    (app.strapi.plugin(PLUGIN_ID).service('graph') as GraphService).invalidate();

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    payroll = await control.createSite('Payroll');
    app = await startTestStrapi({ emulator: emulator.info });
    const { token } = await createAdmin(app.strapi, {
      email: 'sites-selected@example.com',
      roles: 'super',
    });
    api = adminRequest(app.http, token);
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it("reads the app's permissions from its token: Sites.Selected cannot search", async () => {
    const answer = await api.get(`${BASE}/sites/access`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ permissions: ['Sites.Selected'], canSearchSites: false });
  });

  it.each(['accessDenied', 'emptyList'] as const)(
    'answers a site search refused by Microsoft (%s) with why, and the URL to paste',
    async (refusal) => {
      await control.setSiteSearchRefusal(refusal);
      try {
        const answer = await api.get(`${BASE}/sites`).query({ search: 'market' });
        expect(answer.status).toBe(403);
        expect(answer.body.error).toMatchObject({
          message: ERROR_DESCRIPTIONS.siteSearchNotAllowed.message,
          details: {
            code: 'siteSearchNotAllowed',
            nextStep: expect.stringContaining('https://contoso.sharepoint.com/sites/Intranet'),
          },
        });
        expect(answer.body.error.message).toMatch(/Sites\.Selected/);
      } finally {
        await control.setSiteSearchRefusal('accessDenied');
      }
    }
  );

  it('finds a granted site by its URL, and lists its libraries', async () => {
    const found = await api.get(`${BASE}/sites/by-url`).query({ url: marketing().webUrl });
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ id: marketing().id, name: 'Marketing' });
    const libraries = await api.get(`${BASE}/sites/${encodeURIComponent(marketing().id)}/drives`);
    expect(libraries.body.data.map((library: { name: string }) => library.name)).toEqual([
      'Documents',
      'Campaigns',
    ]);
  });

  it('says a site not granted to the app is not granted, and how to grant it', async () => {
    const refused = await api.get(`${BASE}/sites/by-url`).query({ url: payroll.webUrl });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      message: 'This site is not granted to the app (Sites.Selected)',
      details: { code: 'siteNotGranted', nextStep: expect.stringMatching(/permissions/) },
    });
    // Once granted, the same URL works.
    await control.grantSite(emulator.info.clientId, payroll.id, 'read');
    const found = await api.get(`${BASE}/sites/by-url`).query({ url: payroll.webUrl });
    expect(found.body.data).toMatchObject({ id: payroll.id, name: 'Payroll' });
  });

  it('searches again once the app holds Sites.Read.All', async () => {
    await control.setAppAccess(emulator.info.clientId, {
      permissions: ['Sites.Read.All'],
      sites: demoGrants(),
    });
    forgetAppTokens();
    try {
      expect((await api.get(`${BASE}/sites/access`)).body.data).toEqual({
        permissions: ['Sites.Read.All'],
        canSearchSites: true,
      });
      const found = await api.get(`${BASE}/sites`).query({ search: 'market' });
      expect(found.status).toBe(200);
      expect(found.body.data.map((site: { id: string }) => site.id)).toEqual([marketing().id]);
      // Nothing found is then just nothing found.
      const none = await api.get(`${BASE}/sites`).query({ search: 'no such site' });
      expect([none.status, none.body.data]).toEqual([200, []]);
    } finally {
      await control.setAppAccess(emulator.info.clientId, {
        permissions: ['Sites.Selected'],
        sites: demoGrants(),
      });
      forgetAppTokens();
    }
  });
});
