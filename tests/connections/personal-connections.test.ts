/**
 * Personal connections (Method 2) end to end: an admin user signs in with Microsoft on the
 * emulator's sign-in page (authorization code + PKCE through msal-node), the callback creates their
 * OneDrive or lets them pick a SharePoint library, tokens are sealed at rest and refreshed, forged
 * callbacks are refused, and disconnecting deletes nothing in Microsoft 365.
 */
import fs from 'node:fs';
import { ControlClient } from '../../emulator/src';
import { sealedNames } from '../../server/src/auth/sealed-names';
import { TOKEN_FAILURES } from '../../shared/errors';
import { PLUGIN_ID, UID } from '../../server/src/constants';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';
const READ = PERMISSIONS.read;

interface Started {
  authorizationUrl: string;
  cookie: string;
}

describe('personal connections: Microsoft sign-in, tokens, disconnect', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let alice: CreatedAdmin;
  let bob: CreatedAdmin;
  let admin: CreatedAdmin;

  const api = (who: CreatedAdmin) => adminRequest(app.http, who.token);
  const adele = () => emulator.info.users.find((user) => user.displayName === 'Adele Vance')!;
  const alex = () => emulator.info.users.find((user) => user.displayName === 'Alex Wilber')!;
  const accounts = () => app.strapi.db.query(UID.account);
  const drives = () => app.strapi.db.query(UID.drive);

  /** "Connect": the sign-in URL and the browser-key cookie the callback will need. */
  async function start(who: CreatedAdmin, kind: 'onedrive' | 'sharepoint'): Promise<Started> {
    const answer = await api(who).post(`${BASE}/connections`).send({ kind });
    expect(answer.status).toBe(201);
    const cookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
    const cookie = cookies.find((line) => line.startsWith('external_drives_sign_in='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    return { authorizationUrl: answer.body.data.authorizationUrl, cookie: cookie.split(';')[0] };
  }

  /** The browser following Microsoft's redirect to the plugin's callback. */
  async function callback(redirect: URL, cookie?: string) {
    const request = app.http.get(`${redirect.pathname}${redirect.search}`);
    if (cookie) request.set('Cookie', cookie);
    const answer = await request;
    expect(answer.status).toBe(302);
    return new URL(answer.headers.location, 'http://localhost:1337');
  }

  async function connect(who: CreatedAdmin, kind: 'onedrive' | 'sharepoint', userId: string) {
    const started = await start(who, kind);
    const redirect = await signInAtMicrosoft(emulator.info, started.authorizationUrl, userId);
    return callback(redirect, started.cookie);
  }

  /**
   * Alice's OneDrive (Adele's in Microsoft 365) with three files named `prefix-N.txt` added, its
   * delta served one item per page (until the test sets the page size back).
   */
  async function alicesDriveOnePerPage(prefix: string) {
    const [drive] = (await drives().findMany({ where: { ownerId: alice.user.id } })) as Array<{
      id: number;
    }>;
    for (const n of [1, 2, 3]) {
      await control.createItem(adele().driveId, { name: `${prefix}-${n}.txt`, size: 10 });
    }
    await control.setDeltaPageSize(adele().driveId, 1);
    return drive;
  }

  const waitForSync = async (who: CreatedAdmin, driveId: number) => {
    const run = await api(who).post(`${BASE}/drives/${driveId}/sync?wait=true`);
    return run;
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      // Deployed behind a TLS-terminating proxy that the host app trusts (`server.proxy.koa`).
      env: { EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI, IS_PROXIED: 'true' },
    });
    const readers = await createRole(app.strapi, {
      name: 'Readers',
      actions: [READ, 'plugin::upload.read', 'plugin::upload.assets.create'],
    });
    alice = await createAdmin(app.strapi, { email: 'alice@example.com', roles: [readers] });
    bob = await createAdmin(app.strapi, { email: 'bob@example.com', roles: [readers] });
    admin = await createAdmin(app.strapi, { email: 'root@example.com', roles: 'super' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  afterEach(async () => {
    await control.clearFaults();
  });

  it('shows the redirect URI to copy into Entra ID', async () => {
    const settings = await api(admin).get(`${BASE}/settings`);
    expect(settings.body.data.redirectUri).toBe(REDIRECT_URI);
  });

  it('sends the sign-in cookie Secure when the admin is reached over https through the proxy', async () => {
    const signInCookie = async (forwardedProto?: string) => {
      const request = api(alice).post(`${BASE}/connections`);
      if (forwardedProto) request.set('X-Forwarded-Proto', forwardedProto);
      const answer = await request.send({ kind: 'onedrive' });
      expect(answer.status).toBe(201);
      return ([] as string[])
        .concat(answer.headers['set-cookie'] ?? [])
        .find((line) => line.startsWith('external_drives_sign_in='))!;
    };
    expect(await signInCookie('https')).toMatch(/;\s*secure/i);
    // Plain http (a developer's machine): a Secure cookie would never come back, so it is not one.
    expect(await signInCookie()).not.toMatch(/;\s*secure/i);
  });

  it('connects a OneDrive through sign-in with PKCE; only its owner sees it, and it syncs exact', async () => {
    const started = await start(alice, 'onedrive');
    const authorize = new URL(started.authorizationUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const state = authorize.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);

    const redirect = await signInAtMicrosoft(emulator.info, started.authorizationUrl, adele().id);
    expect(redirect.searchParams.get('state')).toBe(state);
    const back = await callback(redirect, started.cookie);
    expect(back.pathname).toBe('/admin/plugins/external-drives');
    const driveId = Number(back.searchParams.get('connected'));
    expect(driveId).toBeGreaterThan(0);

    const mine = await api(alice).get(`${BASE}/drives`);
    expect(mine.body.data).toEqual([
      expect.objectContaining({ id: driveId, kind: 'onedrive', scope: 'personal' }),
    ]);
    expect(JSON.stringify(mine.body)).not.toMatch(/sealed|accountId|syncCursor/);
    const run = await waitForSync(alice, driveId);
    expect(run.body.data.status).toBe('succeeded');
    expect(await syncedTree(app.strapi, driveId)).toEqual(
      comparableTree(await control.tree(adele().driveId))
    );
    // The user's delegated requests spent the app's budget in the tenant: one pacer, the app's,
    // not one per signed-in account (Microsoft budgets the application).
    const pacing = await app.strapi.plugin(PLUGIN_ID).service('graph').pacingUsage();
    expect(pacing.tenants.map((tenant: { key: string }) => tenant.key)).toEqual([
      `${emulator.info.tenantId}:${emulator.info.clientId}`,
    ]);
    expect(pacing.tenants[0].requests).toBeGreaterThan(0);

    // Others, super admins included, do not see it.
    for (const other of [bob, admin]) {
      expect((await api(other).get(`${BASE}/drives`)).body.data).not.toContainEqual(
        expect.objectContaining({ id: driveId })
      );
      expect((await api(other).get(`${BASE}/drives/${driveId}`)).status).toBe(404);
    }
    const listed = await api(alice).get(`${BASE}/connections`);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ username: adele().mail, status: 'connected', driveCount: 1 }),
    ]);
    expect((await api(bob).get(`${BASE}/connections`)).body.data).toEqual([]);
  });

  it('never copies a personal drive file to the Media Library, even for its owner', async () => {
    const drive = (await drives().findOne({
      where: { ownerId: alice.user.id, kind: 'onedrive' },
    })) as { id: number };
    const file = (await app.strapi.db.query(UID.driveItem).findOne({
      where: { driveId: drive.id, isFolder: false, deleted: false },
    })) as { remoteId: string };
    const mediaBefore = await app.strapi.db.query('plugin::upload.file').count();
    const copy = await api(alice)
      .post(
        `${BASE}/drives/${drive.id}/items/${encodeURIComponent(file.remoteId)}/copy-to-media-library`
      )
      .send({});
    expect(copy.status).toBe(403);
    expect(copy.body.error).toMatchObject({
      message: 'Files of personal drives cannot be copied to the Media Library',
      details: { code: 'forbidden' },
    });
    expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(mediaBefore);
  });

  it('keeps the token cache sealed: the refresh token appears nowhere in the database', async () => {
    const [account] = (await accounts().findMany({ where: { ownerId: alice.user.id } })) as Array<{
      sealedCache: string;
      homeAccountId: string;
    }>;
    const box = app.strapi.plugin(PLUGIN_ID).service('settings').secretBox();
    const sealedName = sealedNames.tokenCache(alice.user.id, account.homeAccountId);
    const cache = JSON.parse(box.open(account.sealedCache, sealedName)) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const refreshTokens = Object.values(cache.RefreshToken).map((token) => token.secret);
    expect(refreshTokens.length).toBe(1);
    expect(account.sealedCache).not.toContain(refreshTokens[0]);

    const filename = app.strapi.db.config.connection.connection as { filename?: string };
    if (filename.filename) {
      // Every byte SQLite wrote, the write-ahead log included.
      for (const file of [filename.filename, `${filename.filename}-wal`]) {
        if (!fs.existsSync(file)) continue;
        expect(fs.readFileSync(file).includes(refreshTokens[0])).toBe(false);
      }
    } else {
      const found = await app.strapi.db.connection.raw(
        "select count(*) as n from external_drives_accounts where sealed_cache like '%' || ? || '%'",
        [refreshTokens[0]]
      );
      expect(Number((found.rows ?? found)[0].n)).toBe(0);
    }
  });

  it('refreshes an expired access token silently with the sealed refresh token', async () => {
    const [drive] = (await drives().findMany({ where: { ownerId: alice.user.id } })) as Array<{
      id: number;
    }>;
    await control.setTokenLifetime(1);
    try {
      await waitForSync(alice, drive.id); // holds a one-second token from here
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const mark = await control.mark();
      const sealedBefore = (
        (await accounts().findOne({ where: { ownerId: alice.user.id } })) as { sealedCache: string }
      ).sealedCache;
      const run = await waitForSync(alice, drive.id);
      expect(run.body.data.status).toBe('succeeded');
      const stats = await control.stats(mark);
      expect(stats.byHost.identity).toBeGreaterThanOrEqual(1);
      // The rotated refresh token was written back, sealed anew.
      const sealedAfter = (
        (await accounts().findOne({ where: { ownerId: alice.user.id } })) as { sealedCache: string }
      ).sealedCache;
      expect(sealedAfter).not.toBe(sealedBefore);
    } finally {
      await control.setTokenLifetime(3600);
    }
  });

  it("unseals the account's token cache once per sync, not once per Graph request", async () => {
    const drive = await alicesDriveOnePerPage('paged');
    const knex = app.strapi.db.connection;
    let unsealed = 0;
    const countReads = (query: { sql: string }) => {
      if (/^select\b[^]*sealed_cache/i.test(query.sql)) unsealed += 1;
    };
    knex.on('query', countReads);
    try {
      // A full enumeration, page by page: one Graph request per item.
      await drives().update({ where: { id: drive.id }, data: { syncCursor: null } });
      const mark = await control.mark();
      const run = await waitForSync(alice, drive.id);
      expect(run.body.data.status).toBe('succeeded');
      const { graphRequests } = await control.stats(mark);
      expect(graphRequests).toBeGreaterThanOrEqual(10);
      // msal was asked for a token once (its account, then its tokens: three reads of the sealed
      // cache), and that token served every later request; it used to be asked for each.
      expect(unsealed).toBeLessThanOrEqual(3);
      expect(unsealed).toBeLessThan(graphRequests);
    } finally {
      knex.off('query', countReads);
      await control.setDeltaPageSize(adele().driveId, null);
    }
  });

  it("recovers on its own when the user's access tokens are revoked between delta pages", async () => {
    const drive = await alicesDriveOnePerPage('revoked');
    // The second delta request revokes every token Adele was issued, the one it carries included.
    await control.addFaults([
      { kind: 'revokeTokens', method: 'GET', path: '/delta$', nth: 2, times: 1 },
    ]);
    try {
      const mark = await control.mark();
      const run = await waitForSync(alice, drive.id);
      expect(run.body.data.status).toBe('succeeded');
      const stats = await control.stats(mark);
      expect(stats.faultsByKind.revokeTokens).toBe(1);
      // The plugin declares CP1: Graph challenged it, and it asked for a token with those claims.
      expect(stats.claimsChallenges).toBe(1);
      expect(stats.challengeClaimsAnswered).toBe(1);
      expect(await syncedTree(app.strapi, drive.id)).toEqual(
        comparableTree(await control.tree(adele().driveId))
      );
      expect((await api(alice).get(`${BASE}/drives/${drive.id}`)).body.data.status).toBe('ok');
      expect((await api(alice).get(`${BASE}/connections`)).body.data[0].status).toBe('connected');
    } finally {
      await control.setDeltaPageSize(adele().driveId, null);
    }
  });

  it('marks the drive "Authentication failed" when the refresh token is revoked; reconnecting keeps its data', async () => {
    const [drive] = (await drives().findMany({ where: { ownerId: alice.user.id } })) as Array<{
      id: number;
    }>;
    const itemsBefore = (await syncedTree(app.strapi, drive.id)).length;
    await control.setTokenLifetime(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await control.revokeUserSessions(adele().id);
    const failed = await waitForSync(alice, drive.id);
    await control.setTokenLifetime(3600);
    expect(failed.status).toBe(424);
    // invalid_grant (AADSTS50173): the user signs in again; nothing for the admin to fix.
    expect(failed.body.error).toMatchObject({
      message: TOKEN_FAILURES.signInRevoked.message,
      details: {
        code: 'authenticationFailed',
        reason: 'signInRevoked',
        nextStep: TOKEN_FAILURES.signInRevoked.nextStep,
      },
    });
    const shown = await api(alice).get(`${BASE}/drives/${drive.id}`);
    expect(shown.body.data.status).toBe('auth_required');
    expect((await api(alice).get(`${BASE}/connections`)).body.data[0].status).toBe('auth_required');
    expect((await syncedTree(app.strapi, drive.id)).length).toBe(itemsBefore);

    // Signing in again with the same Microsoft account brings the same drive back.
    const back = await connect(alice, 'onedrive', adele().id);
    expect(Number(back.searchParams.get('connected'))).toBe(drive.id);
    const run = await waitForSync(alice, drive.id);
    expect(run.body.data.status).toBe('succeeded');
    expect((await api(alice).get(`${BASE}/drives/${drive.id}`)).body.data.status).toBe('ok');
    expect(await accounts().count({ where: { ownerId: alice.user.id } })).toBe(1);
  });

  it('connects a SharePoint library with the user own access, within the allowed sites', async () => {
    const back = await connect(bob, 'sharepoint', alex().id);
    const accountId = Number(back.searchParams.get('account'));
    expect(accountId).toBeGreaterThan(0);
    expect(back.searchParams.get('connected')).toBeNull();

    const sites = await api(bob).get(`${BASE}/connections/${accountId}/sites?search=Engineering`);
    expect(sites.status).toBe(200);
    const engineering = (sites.body.data as Array<{ id: string; name: string }>).find(
      (site) => site.name === 'Engineering'
    )!;
    expect(engineering).toBeDefined();
    const libraries = await api(bob).get(
      `${BASE}/connections/${accountId}/sites/${encodeURIComponent(engineering.id)}/drives`
    );
    expect(libraries.body.data.map((library: { name: string }) => library.name)).toContain(
      'Specifications'
    );
    const specifications = libraries.body.data.find(
      (library: { name: string }) => library.name === 'Specifications'
    );

    // Alice cannot use Bob's account, even knowing its id.
    expect((await api(alice).get(`${BASE}/connections/${accountId}/sites`)).status).toBe(404);
    expect(
      (
        await api(alice)
          .post(`${BASE}/connections/${accountId}/drives`)
          .send({ siteId: engineering.id, driveId: specifications.id })
      ).status
    ).toBe(404);

    // The admin limits personal connections to Marketing: Engineering is refused.
    const marketing = emulator.info.sites.find((site) => site.name === 'Marketing')!;
    await api(admin)
      .put(`${BASE}/settings`)
      .send({ allowedSiteIds: [marketing.id] });
    const refused = await api(bob)
      .post(`${BASE}/connections/${accountId}/drives`)
      .send({ siteId: engineering.id, driveId: specifications.id });
    expect(refused.status).toBe(403);
    expect(await drives().count({ where: { ownerId: bob.user.id } })).toBe(0);
    await api(admin).put(`${BASE}/settings`).send({ allowedSiteIds: [] });

    const added = await api(bob)
      .post(`${BASE}/connections/${accountId}/drives`)
      .send({ siteId: engineering.id, driveId: specifications.id });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ kind: 'sharepoint', scope: 'personal' });
    const run = await waitForSync(bob, added.body.data.id);
    expect(run.body.data.status).toBe('succeeded');
    expect(await syncedTree(app.strapi, added.body.data.id)).toEqual(
      comparableTree(await control.tree(specifications.id))
    );
  });

  it('keeps personal libraries within the allowed sites: a library counts only with its own site', async () => {
    const back = await connect(bob, 'sharepoint', alex().id);
    const accountId = Number(back.searchParams.get('account'));
    const engineering = emulator.info.sites.find((site) => site.name === 'Engineering')!;
    // Alex can reach all of these; only Engineering is allowed.
    const finance = await control.createSite(`Finance ${Date.now()}`, {
      libraries: ['Budgets'],
      memberUserIds: [alex().id],
    });
    const labs = await control.createSite(`Labs ${Date.now()}`, {
      libraries: ['Prototypes'],
      memberUserIds: [alex().id],
      parentSiteId: engineering.id,
    });
    await api(admin)
      .put(`${BASE}/settings`)
      .send({ allowedSiteIds: [engineering.id] });
    const add = (siteId: string, driveId: string) =>
      api(bob).post(`${BASE}/connections/${accountId}/drives`).send({ siteId, driveId });
    const bobsDrives = () => drives().count({ where: { ownerId: bob.user.id } });
    const before = await bobsDrives();
    try {
      // An allowed site sent with the library of a site that is not allowed, a subsite's library
      // or the user's OneDrive: refused, whatever the library.
      for (const driveId of [finance.driveIds[0], labs.driveIds[0], alex().driveId]) {
        const refused = await add(engineering.id, driveId);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({
          message: 'This library is not a document library of the site Engineering',
          details: { code: 'invalidRequest' },
        });
      }
      // Subsites are listed separately: allowing Engineering does not allow Labs.
      expect((await add(labs.id, labs.driveIds[0])).status).toBe(403);
      expect(await bobsDrives()).toBe(before);

      await api(admin)
        .put(`${BASE}/settings`)
        .send({ allowedSiteIds: [engineering.id, labs.id] });
      const added = await add(labs.id, labs.driveIds[0]);
      expect(added.status).toBe(201);
      expect(added.body.data).toMatchObject({ siteId: labs.id, siteName: labs.name });
      // Its first sync ends here, not during a later test that counts Graph requests.
      await waitForSync(bob, added.body.data.id);
    } finally {
      await api(admin).put(`${BASE}/settings`).send({ allowedSiteIds: [] });
    }
  });

  it('refuses forged and broken callbacks with a specific reason, storing nothing', async () => {
    const accountsBefore = await accounts().count();
    const drivesBefore = await drives().count();
    const reasonOf = (back: URL) => [
      back.searchParams.get('error'),
      back.searchParams.get('reason'),
    ];

    // A state Strapi never issued.
    expect(
      reasonOf(await callback(new URL(`${REDIRECT_URI}?code=abc&state=forged`), 'x=y'))
    ).toEqual(['authenticationFailed', 'unknown_state']);
    // No state at all.
    expect(reasonOf(await callback(new URL(`${REDIRECT_URI}?code=abc`)))).toEqual([
      'authenticationFailed',
      'missing_state',
    ]);

    // Another browser (no cookie, or someone else's) cannot finish Alice's sign-in.
    const stolen = await start(alice, 'onedrive');
    const stolenRedirect = await signInAtMicrosoft(
      emulator.info,
      stolen.authorizationUrl,
      alex().id
    );
    expect(reasonOf(await callback(stolenRedirect))).toEqual([
      'authenticationFailed',
      'other_browser',
    ]);
    // ...and the state is spent: the right browser cannot replay it either.
    expect(reasonOf(await callback(stolenRedirect, stolen.cookie))).toEqual([
      'authenticationFailed',
      'unknown_state',
    ]);

    // A sign-in older than 10 minutes.
    const late = await start(alice, 'onedrive');
    const lateRedirect = await signInAtMicrosoft(emulator.info, late.authorizationUrl, adele().id);
    await app.strapi.db
      .query(UID.oauthState)
      .updateMany({ where: {}, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(reasonOf(await callback(lateRedirect, late.cookie))).toEqual([
      'authenticationFailed',
      'expired_state',
    ]);

    // Microsoft answered with an error (the user pressed Cancel).
    const cancelled = await start(alice, 'onedrive');
    const cancelledRedirect = await signInAtMicrosoft(
      emulator.info,
      cancelled.authorizationUrl,
      adele().id,
      'cancel'
    );
    expect(reasonOf(await callback(cancelledRedirect, cancelled.cookie))).toEqual([
      'authenticationFailed',
      'access_denied',
    ]);

    // A valid state with its code missing.
    const noCode = await start(alice, 'onedrive');
    const noCodeState = new URL(noCode.authorizationUrl).searchParams.get('state')!;
    expect(
      reasonOf(await callback(new URL(`${REDIRECT_URI}?state=${noCodeState}`), noCode.cookie))
    ).toEqual(['authenticationFailed', 'missing_code']);

    // A code issued for another sign-in (Bob's), brought back with Alice's state: PKCE refuses it.
    const bobs = await start(bob, 'onedrive');
    const bobsRedirect = await signInAtMicrosoft(emulator.info, bobs.authorizationUrl, alex().id);
    const alices = await start(alice, 'onedrive');
    const alicesState = new URL(alices.authorizationUrl).searchParams.get('state')!;
    const mixed = new URL(bobsRedirect);
    mixed.searchParams.set('state', alicesState);
    const refused = await callback(mixed, alices.cookie);
    expect(refused.searchParams.get('error')).toBe('authenticationFailed');

    expect(await accounts().count()).toBe(accountsBefore);
    expect(await drives().count()).toBe(drivesBefore);
  });

  it('refuses a sign-in started from another origin than the redirect URI, naming the URL to use', async () => {
    // The callback comes back to localhost:1337 and its cookie would be missing on 127.0.0.1.
    const states = () => app.strapi.db.query(UID.oauthState).count();
    const before = await states();
    const elsewhere = await api(alice)
      .post(`${BASE}/connections`)
      .set('Origin', 'http://127.0.0.1:1337')
      .send({ kind: 'onedrive' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.message).toBe(
      'Sign-in with Microsoft must start from http://localhost:1337/admin'
    );
    expect(elsewhere.body.error.details).toMatchObject({
      code: 'invalidRequest',
      signInFrom: 'http://localhost:1337/admin',
    });
    expect(elsewhere.body.error.details.nextStep).toContain('http://127.0.0.1:1337');
    expect(elsewhere.headers['set-cookie']).toBeUndefined();
    expect(await states()).toBe(before);

    // The redirect URI's own origin starts as before.
    const here = await api(alice)
      .post(`${BASE}/connections`)
      .set('Origin', 'http://localhost:1337')
      .send({ kind: 'onedrive' });
    expect(here.status).toBe(201);
  });

  it('refuses to start when personal connections are off ("Integration not available")', async () => {
    const offered = async () => (await api(alice).get(`${BASE}/connections`)).body.meta.allowed;
    expect(await offered()).toBe(true);
    await api(admin).put(`${BASE}/settings`).send({ personalConnectionsAllowed: false });
    try {
      // The panel is told not to offer it; the server refuses anyway.
      expect(await offered()).toBe(false);
      const refused = await api(alice).post(`${BASE}/connections`).send({ kind: 'onedrive' });
      expect(refused.status).toBe(503);
      expect(refused.body.error.details.code).toBe('integrationNotAvailable');
      const bad = await api(alice).post(`${BASE}/connections`).send({ kind: 'dropbox' });
      expect(bad.status).toBe(400);
    } finally {
      await api(admin).put(`${BASE}/settings`).send({ personalConnectionsAllowed: true });
    }
  });

  it('disconnects by the owner only, deletes nothing in Microsoft 365, and drops unused tokens', async () => {
    const [drive] = (await drives().findMany({ where: { ownerId: alice.user.id } })) as Array<{
      id: number;
    }>;
    const remoteBefore = await control.tree(adele().driveId);
    expect((await api(bob).delete(`${BASE}/drives/${drive.id}`)).status).toBe(404);
    expect((await api(admin).delete(`${BASE}/drives/${drive.id}`)).status).toBe(404);

    const mark = await control.mark();
    const removed = await api(alice).delete(`${BASE}/drives/${drive.id}`);
    expect(removed.status).toBe(200);
    const stats = await control.stats(mark);
    expect(stats.graphRequests).toBe(0);
    expect(await control.tree(adele().driveId)).toEqual(remoteBefore);
    expect(await drives().count({ where: { id: drive.id } })).toBe(0);
    expect(await app.strapi.db.query(UID.driveItem).count({ where: { driveId: drive.id } })).toBe(
      0
    );
    // Alice's only drive is gone, so are her Microsoft tokens.
    expect(await accounts().count({ where: { ownerId: alice.user.id } })).toBe(0);
  });

  it('removes the personal drives and tokens of a deleted or deactivated admin user', async () => {
    const carol = await createAdmin(app.strapi, { email: 'carol@example.com', roles: 'super' });
    const back = await connect(carol, 'onedrive', adele().id);
    const driveId = Number(back.searchParams.get('connected'));
    await waitForSync(carol, driveId);
    await app.strapi.service('admin::user').updateById(carol.user.id, { isActive: false });
    expect(await drives().count({ where: { id: driveId } })).toBe(0);
    expect(await accounts().count({ where: { ownerId: carol.user.id } })).toBe(0);

    const dave = await createAdmin(app.strapi, { email: 'dave@example.com', roles: 'super' });
    const daveBack = await connect(dave, 'onedrive', alex().id);
    const daveDrive = Number(daveBack.searchParams.get('connected'));
    await app.strapi.service('admin::user').deleteById(dave.user.id);
    expect(await drives().count({ where: { id: daveDrive } })).toBe(0);
    expect(await accounts().count({ where: { ownerId: dave.user.id } })).toBe(0);
    // Microsoft 365 still has everything.
    expect((await control.tree(alex().driveId)).length).toBeGreaterThan(0);
  });
});
