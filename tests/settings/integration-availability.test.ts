/**
 * `GET /integration`: what My Files users learn of the integration before they act (issue 17).
 * Any user with the plugin's read permission may ask, without the settings permission; a user
 * without it is refused; the answer follows the settings (the name rule's switch too, which the
 * panel checks names with) and carries no secret and no tenant.
 */
import { PERMISSIONS } from '../../shared/permissions';
import { adminRequest, createAdmin, createRole } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('GET /integration', () => {
  let emulator: RunningEmulator;
  let app: TestStrapi;
  let superToken: string;
  let readerToken: string;
  let plainToken: string;

  const api = (token: string) => adminRequest(app.http, token);
  const integration = async (token = readerToken) => {
    const answer = await api(token).get(`${BASE}/integration`);
    expect(answer.status).toBe(200);
    return answer.body.data as Record<string, unknown>;
  };
  const settle = async (update: Record<string, unknown>) =>
    expect((await api(superToken).put(`${BASE}/settings`).send(update)).status).toBe(200);

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    // No deploy-time credentials: the admin enters them in Settings, as in a fresh install.
    app = await startTestStrapi({ emulator: emulator.info, integration: false });
    superToken = (
      await createAdmin(app.strapi, { email: 'avail-super@example.com', roles: 'super' })
    ).token;
    const readers = await createRole(app.strapi, {
      name: 'availability readers',
      actions: [PERMISSIONS.read],
    });
    readerToken = (
      await createAdmin(app.strapi, { email: 'avail-reader@example.com', roles: [readers] })
    ).token;
    const nobody = await createRole(app.strapi, { name: 'availability nobody', actions: [] });
    plainToken = (
      await createAdmin(app.strapi, { email: 'avail-plain@example.com', roles: [nobody] })
    ).token;
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('is refused without the read permission, and without a session', async () => {
    expect((await api(plainToken).get(`${BASE}/integration`)).status).toBe(403);
    expect((await app.http.get(`${BASE}/integration`)).status).toBe(401);
    // The reader may not read the settings themselves: this route is what they have instead.
    expect((await api(readerToken).get(`${BASE}/settings`)).status).toBe(403);
  });

  it('says unavailable until the integration is configured', async () => {
    expect(await integration()).toEqual({
      available: false,
      personalConnectionsAllowed: true,
      downloadsEnabled: true,
      // Sharing links follow Downloads while their switch is unset.
      sharingLinksOn: true,
      rejectDiscouragedCharacters: true,
    });
  });

  it('follows the settings, and never carries the secret or the tenant', async () => {
    await settle({
      tenantId: emulator.info.tenantId,
      clientId: emulator.info.clientId,
      clientSecret: emulator.info.clientSecret,
    });
    const configured = await integration();
    expect(configured).toEqual({
      available: true,
      personalConnectionsAllowed: true,
      downloadsEnabled: true,
      // Sharing links follow Downloads while their switch is unset.
      sharingLinksOn: true,
      rejectDiscouragedCharacters: true,
    });
    const raw = JSON.stringify(configured);
    for (const secretish of [
      emulator.info.clientSecret,
      emulator.info.tenantId,
      emulator.info.clientId,
    ])
      expect(raw).not.toContain(secretish);

    await settle({
      personalConnectionsAllowed: false,
      downloadsEnabled: false,
      rejectDiscouragedCharacters: false,
    });
    expect(await integration()).toEqual({
      available: true,
      personalConnectionsAllowed: false,
      downloadsEnabled: false,
      // Sharing links follow Downloads while their switch is unset.
      sharingLinksOn: false,
      rejectDiscouragedCharacters: false,
    });

    // Switched off by the admin: unavailable, though every credential is still there.
    await settle({ enabled: false });
    expect((await integration()).available).toBe(false);
    await settle({
      enabled: true,
      personalConnectionsAllowed: true,
      downloadsEnabled: true,
      rejectDiscouragedCharacters: true,
    });
    expect(await integration(superToken)).toEqual({
      available: true,
      personalConnectionsAllowed: true,
      downloadsEnabled: true,
      // Sharing links follow Downloads while their switch is unset.
      sharingLinksOn: true,
      rejectDiscouragedCharacters: true,
    });
  });
});
