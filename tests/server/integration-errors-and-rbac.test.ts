/**
 * The walking skeleton's guarantees through the admin API: the three user-facing errors, settings
 * that never return the secret, and RBAC on every route.
 */
import { ControlClient } from '../../emulator/src';
import { adminRoutes } from '../../server/src/routes/admin';
import { adminRequest, createAdmin, createRole } from '../../testkit/admin';
import { sealUnderLostKey } from '../../testkit/lost-key';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { TOKEN_FAILURES } from '../../shared/errors';

const BASE = '/external-drives';

describe('admin API: errors, settings and RBAC', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let superToken: string;
  let plainToken: string;

  const api = (token = superToken) => adminRequest(app.http, token);
  const site = () => emulator.info.sites[0];

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    // No deploy-time credentials: the admin enters them in Settings, as in a fresh install.
    app = await startTestStrapi({ emulator: emulator.info, integration: false });
    superToken = (
      await createAdmin(app.strapi, { email: 'errors-super@example.com', roles: 'super' })
    ).token;
    const editorRole = await createRole(app.strapi, { name: 'no plugin access', actions: [] });
    plainToken = (
      await createAdmin(app.strapi, { email: 'errors-plain@example.com', roles: [editorRole] })
    ).token;
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('says "Integration not available" before the integration is configured', async () => {
    const answer = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: site().id, driveId: site().drives[0].id });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({
      message: 'Integration not available',
      details: {
        code: 'integrationNotAvailable',
        nextStep: expect.stringMatching(/administrator/),
      },
    });
    expect((await api().post(`${BASE}/settings/test-connection`)).body.error.details.code).toBe(
      'integrationNotAvailable'
    );
  });

  it('keeps the secret write-only and refuses bad values without changing anything', async () => {
    const saved = await api().put(`${BASE}/settings`).send({
      tenantId: emulator.info.tenantId,
      clientId: emulator.info.clientId,
      clientSecret: 'a-wrong-secret',
      clientSecretExpiresAt: '2027-06-30',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({
      clientSecretSet: true,
      tenantId: emulator.info.tenantId,
    });
    expect(JSON.stringify(saved.body)).not.toContain('a-wrong-secret');
    const read = await api().get(`${BASE}/settings`);
    expect(JSON.stringify(read.body)).not.toContain('a-wrong-secret');
    // Sealed at rest: the plugin store holds no plain copy.
    const stored = await app.strapi.db.connection('strapi_core_store_settings').select('value');
    expect(JSON.stringify(stored)).not.toContain('a-wrong-secret');

    for (const bad of [
      { syncIntervalMinutes: 0 },
      { syncIntervalMinutes: 'often' },
      { unknown: 1 },
    ]) {
      const refused = await api().put(`${BASE}/settings`).send(bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBeTruthy();
    }
    expect((await api().get(`${BASE}/settings`)).body.data.syncIntervalMinutes).toBe(15);
  });

  it('says "Authentication failed" for a wrong client secret, and never answers 401', async () => {
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(424);
    // The cause Entra ID gave (AADSTS7000215), and the setting that fixes it.
    expect(tested.body.error).toMatchObject({
      message: TOKEN_FAILURES.invalidClientSecret.message,
      details: {
        code: 'authenticationFailed',
        reason: 'invalidClientSecret',
        nextStep: TOKEN_FAILURES.invalidClientSecret.nextStep,
      },
    });
    const connect = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: site().id, driveId: site().drives[0].id });
    expect(connect.status).toBe(424);
    expect(connect.body.error.message).toBe(TOKEN_FAILURES.invalidClientSecret.message);
  });

  it('connects once the secret is right, and says "Unable to connect" for a site out of reach', async () => {
    await api().put(`${BASE}/settings`).send({ clientSecret: emulator.info.clientSecret });
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(200);
    expect(tested.body.data.ok).toBe(true);

    const restricted = await control.createSite(`Restricted ${Date.now()}`);
    const refused = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: restricted.id, driveId: restricted.driveIds[0] });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({
      message: 'Unable to connect',
      details: { code: 'unableToConnect', nextStep: expect.stringMatching(/access/) },
    });
    expect((await api().get(`${BASE}/drives`)).body.data).toHaveLength(0);

    const created = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: site().id, driveId: site().drives[0].id, name: 'Marketing docs' });
    expect(created.status).toBe(201);
    expect(created.body.data).not.toHaveProperty('syncCursor');
  });

  it('adds a library only with the site it belongs to (labels cannot be borrowed)', async () => {
    const [marketing, engineering] = emulator.info.sites;
    const subsite = await control.createSite(`Events ${Date.now()}`, {
      libraries: ['Programmes'],
      parentSiteId: marketing.id,
    });
    await control.grantSite(emulator.info.clientId, subsite.id, 'read');
    const driveCount = async () => (await api().get(`${BASE}/drives`)).body.data.length;
    const before = await driveCount();
    const mismatched: Array<[typeof marketing | typeof subsite, string]> = [
      [marketing, engineering.drives[1].id], // another site's library
      [marketing, subsite.driveIds[0]], // a subsite's library under its parent
      [subsite, marketing.drives[0].id], // the parent's library under its subsite
      [marketing, emulator.info.users[0].driveId], // a OneDrive
    ];
    for (const [claimed, driveId] of mismatched) {
      const refused = await api().post(`${BASE}/drives`).send({ siteId: claimed.id, driveId });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        message: `This library is not a document library of the site ${claimed.name}`,
        details: { code: 'invalidRequest', nextStep: expect.stringMatching(/list/) },
      });
    }
    expect(await driveCount()).toBe(before);

    const ownSite = await api()
      .post(`${BASE}/drives`)
      .send({ siteId: subsite.id, driveId: subsite.driveIds[0] });
    expect(ownSite.status).toBe(201);
    expect(ownSite.body.data).toMatchObject({
      siteId: subsite.id,
      siteName: subsite.name,
      name: `${subsite.name} – Programmes`,
    });
  });

  it('refuses every admin route to a user without the plugin permissions', async () => {
    const [drive] = (await api().get(`${BASE}/drives`)).body.data;
    for (const route of adminRoutes) {
      const path = `${BASE}${route.path.replace(':id', String(drive.id)).replace(':siteId', site().id)}`;
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const answer = await api(plainToken)[method](path).send({});
      expect([route.method, route.path, answer.status]).toEqual([route.method, route.path, 403]);
      const anonymous = await app.http[method](path).send({});
      expect(anonymous.status).toBe(401);
    }
  });

  it('says the secret must be entered again when the encryption key it was sealed with is gone', async () => {
    // As after ENCRYPTION_KEY changed without the old key listed in previousEncryptionKeys.
    await sealUnderLostKey(app.strapi, 'sealedClientSecret', emulator.info.clientSecret);

    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(503);
    expect(tested.body.error).toMatchObject({
      message: 'Integration not available: the stored client secret can no longer be read',
      details: { code: 'integrationNotAvailable', nextStep: expect.stringMatching(/again/) },
    });
    expect((await api().get(`${BASE}/settings`)).body.data).toMatchObject({
      clientSecretSet: false,
      clientSecretUnreadable: true,
    });

    // Entering it again is all it takes.
    await api().put(`${BASE}/settings`).send({ clientSecret: emulator.info.clientSecret });
    expect((await api().post(`${BASE}/settings/test-connection`)).status).toBe(200);
    expect((await api().get(`${BASE}/settings`)).body.data.clientSecretUnreadable).toBe(false);
  });

  it('answers 404 for unknown or malformed drive ids', async () => {
    for (const id of ['999999', 'abc', '-1']) {
      const answer = await api().get(`${BASE}/drives/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.details.code).toBe('notFound');
    }
  });
});
