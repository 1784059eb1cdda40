/**
 * Certificate credentials end to end: an admin uploads a certificate and its private key in
 * Settings (no client secret anywhere), and the plugin authenticates with it to the emulator's
 * Entra ID for app-only requests and for a personal connection's sign-in and refresh. What the
 * admin is told when Entra ID refuses it, what bad uploads are refused with (nothing saved), that
 * the key is never returned nor kept in the clear, and who may change it.
 */
import { ControlClient } from '../../emulator/src';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../testkit/certificates';
import { sealUnderLostKey } from '../../testkit/lost-key';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { TOKEN_FAILURES } from '../../shared/errors';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';
const DAY = 24 * 3600 * 1000;

describe('settings: certificate credential', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let admin: CreatedAdmin;
  let settingsReader: CreatedAdmin;
  let registered: SelfSignedCertificate;
  let unregistered: SelfSignedCertificate;

  const api = (who: CreatedAdmin = admin) => adminRequest(app.http, who.token);
  const settings = async () => (await api().get(`${BASE}/settings`)).body.data;
  const useCertificate = (certificate: SelfSignedCertificate) =>
    api().put(`${BASE}/settings`).send({
      clientCredential: 'certificate',
      clientCertificate: certificate.certificatePem,
      clientPrivateKey: certificate.privateKeyPem,
    });

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    registered = selfSignedCertificate({
      commonName: 'External Drives',
      notAfter: new Date(Date.now() + 200 * DAY),
    });
    unregistered = selfSignedCertificate({ commonName: 'Not on the app' });
    await control.addAppCertificate(emulator.info.clientId, registered.certificatePem);
    app = await startTestStrapi({
      emulator: emulator.info,
      integration: false,
      env: { EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI },
    });
    admin = await createAdmin(app.strapi, { email: 'cert-super@example.com', roles: 'super' });
    const readers = await createRole(app.strapi, {
      name: 'Settings readers',
      actions: [PERMISSIONS.read, PERMISSIONS.readSettings],
    });
    settingsReader = await createAdmin(app.strapi, {
      email: 'cert-reader@example.com',
      roles: [readers],
    });
    await api().put(`${BASE}/settings`).send({
      tenantId: emulator.info.tenantId,
      clientId: emulator.info.clientId,
    });
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('refuses unusable certificates and keys with what is wrong, saving nothing', async () => {
    const expired = selfSignedCertificate({
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const before = await settings();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        {
          clientCertificate: registered.certificatePem,
          clientPrivateKey: unregistered.privateKeyPem,
        },
        /^The private key does not belong to this certificate$/,
      ],
      [
        { clientCertificate: 'garbage', clientPrivateKey: registered.privateKeyPem },
        /^The certificate is not a PEM certificate/,
      ],
      [
        {
          clientCertificate: registered.certificatePem,
          clientPrivateKey: '-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n',
        },
        /^The private key cannot be read$/,
      ],
      [
        { clientCertificate: expired.certificatePem, clientPrivateKey: expired.privateKeyPem },
        /^The certificate expired on \d{4}-\d{2}-\d{2}$/,
      ],
      [{ clientCertificate: registered.certificatePem }, /together/],
      [{ clientCredential: 'certificate' }, /before choosing Certificate/],
    ];
    for (const [update, message] of cases) {
      const refused = await api().put(`${BASE}/settings`).send(update);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await settings()).toEqual(before);
    expect(before).toMatchObject({ clientCredential: 'secret', clientCertificate: null });
  });

  it('authenticates app-only with an uploaded certificate, shows its expiry and never returns the key', async () => {
    const saved = await useCertificate(registered);
    expect(saved.status).toBe(200);
    const thumbprints = await control.appCertificates(emulator.info.clientId);
    expect(saved.body.data).toMatchObject({
      clientCredential: 'certificate',
      clientSecretSet: false,
      clientCertificate: {
        thumbprintSha256: thumbprints[0].thumbprintSha256,
        thumbprint: thumbprints[0].thumbprint,
        subject: 'CN=External Drives',
        notAfter: thumbprints[0].notAfter,
      },
    });
    const keyBody = registered.privateKeyPem.split('\n')[1];
    expect(JSON.stringify(saved.body)).not.toContain(keyBody);
    expect(JSON.stringify((await api().get(`${BASE}/settings`)).body)).not.toContain(keyBody);
    // Sealed at rest: the plugin store holds no plain copy of the key.
    const stored = await app.strapi.db.connection('strapi_core_store_settings').select('value');
    expect(JSON.stringify(stored)).not.toContain(keyBody);

    // No secret is set anywhere: the token can only have come from the certificate.
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(200);
    expect(tested.body.data.ok).toBe(true);
  });

  it('signs a personal connection in and refreshes its tokens with the certificate (delegated)', async () => {
    const started = await api().post(`${BASE}/connections`).send({ kind: 'onedrive' });
    expect(started.status).toBe(201);
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'] ?? [])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    const user = emulator.info.users[0];
    const redirect = await signInAtMicrosoft(
      emulator.info,
      started.body.data.authorizationUrl,
      user.id
    );
    const back = await app.http.get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
    expect(back.status).toBe(302);
    const driveId = Number(
      new URL(back.headers.location, 'http://x').searchParams.get('connected')
    );
    expect(driveId).toBeGreaterThan(0);
    // Access tokens expire at once: the sync must redeem the refresh token (with the certificate).
    await control.setTokenLifetime(1);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const run = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
      expect(run.body.data.status).toBe('succeeded');
    } finally {
      await control.setTokenLifetime(3600);
    }
  });

  it('tells the admin when Entra ID refuses the certificate: not registered, clock off', async () => {
    expect((await useCertificate(unregistered)).status).toBe(200);
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(424);
    expect(tested.body.error).toMatchObject({
      message: 'Authentication failed: the certificate is not registered for this app',
      details: {
        code: 'authenticationFailed',
        reason: 'certificateNotRegistered',
        nextStep: TOKEN_FAILURES.certificateNotRegistered.nextStep,
      },
    });

    // Entra ID's clock an hour ahead of the server's: the assertion msal signs is refused as old.
    // A certificate not used before, so msal holds no token for it yet.
    const renewed = selfSignedCertificate({ commonName: 'Renewed' });
    await control.addAppCertificate(emulator.info.clientId, renewed.certificatePem);
    expect((await useCertificate(renewed)).status).toBe(200);
    await control.setClientClockSkew(3600);
    try {
      const skewed = await api().post(`${BASE}/settings/test-connection`);
      expect(skewed.status).toBe(424);
      expect(skewed.body.error).toMatchObject({
        message: TOKEN_FAILURES.certificateAssertionExpired.message,
        details: { reason: 'certificateAssertionExpired' },
      });
    } finally {
      await control.setClientClockSkew(0);
    }
  });

  it('lets only a role with the settings update permission change the credential', async () => {
    const before = await settings();
    const refused = await api(settingsReader).put(`${BASE}/settings`).send({
      clientCredential: 'certificate',
      clientCertificate: unregistered.certificatePem,
      clientPrivateKey: unregistered.privateKeyPem,
    });
    expect(refused.status).toBe(403);
    const read = await api(settingsReader).get(`${BASE}/settings`);
    expect(read.status).toBe(200);
    expect(read.body.data.clientCertificate.thumbprintSha256).toBe(
      before.clientCertificate.thumbprintSha256
    );
    expect(JSON.stringify(read.body)).not.toContain('PRIVATE KEY');
  });

  it('says the certificate must be uploaded again when the key it was sealed with is gone', async () => {
    // As after ENCRYPTION_KEY changed without the old key listed in previousEncryptionKeys.
    await sealUnderLostKey(app.strapi, 'sealedClientPrivateKey', registered.privateKeyPem);
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(503);
    expect(tested.body.error).toMatchObject({
      message:
        "Integration not available: the stored certificate's private key can no longer be read",
      details: { code: 'integrationNotAvailable', nextStep: expect.stringMatching(/again/) },
    });
    expect(await settings()).toMatchObject({
      clientCredential: 'certificate',
      clientPrivateKeyUnreadable: true,
    });

    expect((await useCertificate(registered)).status).toBe(200);
    expect((await api().post(`${BASE}/settings/test-connection`)).status).toBe(200);
    expect((await settings()).clientPrivateKeyUnreadable).toBe(false);
  });
});
