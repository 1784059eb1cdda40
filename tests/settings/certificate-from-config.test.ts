/**
 * A certificate credential given by deployment (file paths, as a secret store mounts them): used
 * instead of any secret for app-only tokens, shown read-only in Settings with its expiry read from
 * the certificate, and not changeable there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlClient } from '../../emulator/src';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { selfSignedCertificate } from '../../testkit/certificates';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('settings: a certificate credential from the deployment', () => {
  const folder = mkdtempSync(join(tmpdir(), 'external-drives-deployed-cert-'));
  const certificate = selfSignedCertificate({ commonName: 'Deployed' });
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let admin: CreatedAdmin;
  const api = () => adminRequest(app.http, admin.token);

  beforeAll(async () => {
    writeFileSync(join(folder, 'app.crt'), certificate.certificatePem);
    writeFileSync(join(folder, 'app.key'), certificate.privateKeyPem, { mode: 0o600 });
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    await control.addAppCertificate(emulator.info.clientId, certificate.certificatePem);
    app = await startTestStrapi({
      emulator: emulator.info,
      integration: false,
      env: {
        EXTERNAL_DRIVES_TENANT_ID: emulator.info.tenantId,
        EXTERNAL_DRIVES_CLIENT_ID: emulator.info.clientId,
        EXTERNAL_DRIVES_CLIENT_CERTIFICATE: join(folder, 'app.crt'),
        EXTERNAL_DRIVES_CLIENT_PRIVATE_KEY: join(folder, 'app.key'),
      },
    });
    admin = await createAdmin(app.strapi, { email: 'deployed-cert@example.com', roles: 'super' });
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('authenticates with it and shows it read-only, never its key', async () => {
    const [registered] = await control.appCertificates(emulator.info.clientId);
    const settings = await api().get(`${BASE}/settings`);
    expect(settings.body.data).toMatchObject({
      clientCredential: 'certificate',
      clientSecretSet: false,
      clientCertificate: {
        thumbprintSha256: registered.thumbprintSha256,
        subject: 'CN=Deployed',
        notAfter: registered.notAfter,
      },
    });
    expect(settings.body.data.lockedFields).toEqual(
      expect.arrayContaining(['tenantId', 'clientId', 'clientCertificate'])
    );
    expect(JSON.stringify(settings.body)).not.toContain('PRIVATE KEY');
    const tested = await api().post(`${BASE}/settings/test-connection`);
    expect(tested.status).toBe(200);
  });

  it('refuses to change the credential in Settings', async () => {
    const other = selfSignedCertificate();
    for (const update of [
      { clientCredential: 'secret' },
      { clientCertificate: other.certificatePem, clientPrivateKey: other.privateKeyPem },
      { clientPrivateKey: other.privateKeyPem },
    ]) {
      const refused = await api().put(`${BASE}/settings`).send(update);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/set by the server's configuration/);
    }
    expect((await api().post(`${BASE}/settings/test-connection`)).status).toBe(200);
  });
});
