/**
 * Certificate credentials in the Settings page: an admin picks "Certificate", uploads the PEM
 * files (a key that does not match is refused, with what is wrong), sees which credential is in use
 * and when the certificate expires (read from it), the 14-day warning, and Test connection
 * succeeding with no client secret anywhere.
 */
import { X509Certificate } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../testkit/admin';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../testkit/certificates';
import { PLUGIN_ID } from '../../shared/plugin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const DAY = 24 * 60 * 60 * 1000;

let scene: Scene;
let app: StrapiWithAdmin;
let page: Page;
let certificate: SelfSignedCertificate;

const pem = (name: string, text: string) => ({
  name,
  mimeType: 'application/x-pem-file',
  buffer: Buffer.from(text),
});
const pick = async (label: string, file: ReturnType<typeof pem>) =>
  page.locator(`input[type="file"][aria-label="${label}"]`).setInputFiles(file);

beforeAll(async () => {
  // Ten days left: inside the 14-day warning.
  certificate = selfSignedCertificate({
    commonName: 'External Drives',
    notAfter: new Date(Date.now() + 10 * DAY),
  });
  scene = await startScene({
    beforeStrapi: (started, client) =>
      client.addAppCertificate(started.info.clientId, certificate.certificatePem),
    // Tenant and client id from the deployment; no secret: the admin brings the certificate.
    env: (info) => ({
      EXTERNAL_DRIVES_TENANT_ID: info.tenantId,
      EXTERNAL_DRIVES_CLIENT_ID: info.clientId,
    }),
  });
  app = scene.app;
  const admin = await createAdmin(app.strapi, { email: 'admin@certificate.test', roles: 'super' });
  ({ page } = await scene.signIn(admin));
  await page.goto(`${app.url}/admin/settings/${PLUGIN_ID}`);
});

afterAll(() => scene?.close());

test('choosing Certificate shows the PEM pickers; no credential is in use yet', async () => {
  const credential = page.getByRole('radiogroup', { name: 'Credential' });
  await credential.waitFor();
  await page.getByText('No credential is set yet.').waitFor();
  expect(await page.getByText('In use: Client secret').count()).toBe(0);
  await credential.getByText('Certificate', { exact: true }).click();
  await page.locator('input[type="file"][aria-label="Certificate (PEM)"]').waitFor();
  expect(await page.locator('input[type="password"]').count()).toBe(0);
  await screenshot(page, 'certificate-01-choose-certificate');
});

test('a key that does not belong to the certificate is refused, and nothing is saved', async () => {
  const other = selfSignedCertificate({ commonName: 'Another' });
  await pick('Certificate (PEM)', pem('app.crt', certificate.certificatePem));
  await pick('Private key (PEM)', pem('other.key', other.privateKeyPem));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The private key does not belong to this certificate').first().waitFor();
  await screenshot(page, 'certificate-02-key-mismatch');
  const stored = (await app.strapi.store({ type: 'plugin', name: PLUGIN_ID }).get({
    key: 'integration',
  })) as { clientCertificate?: unknown } | null;
  expect(stored?.clientCertificate ?? null).toBeNull();
});

test('the right files are saved: in use with its expiry, the 14-day warning, and a working connection', async () => {
  await pick('Private key (PEM)', pem('app.key', certificate.privateKeyPem));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Settings saved').first().waitFor();
  // The date read from the certificate, as the panel formats it.
  const expiry = new Date(
    new X509Certificate(certificate.certificatePem).validTo
  ).toLocaleDateString('en-US', { dateStyle: 'long' });
  await page.getByText(`In use: Certificate, expires on ${expiry}`).waitFor();
  const warning = page.getByRole('status').filter({ hasText: 'The certificate expires soon' });
  await warning.getByText(new RegExp(`It expires on ${expiry}`)).waitFor();
  await page.getByText(/SHA-256 thumbprint [0-9A-F]{64}/).waitFor();
  // The pickers start empty again: nothing is left to save.
  expect(
    await page.locator('input[type="file"][aria-label="Certificate (PEM)"]').inputValue()
  ).toBe('');
  expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  await screenshot(page, 'certificate-03-in-use-expiring');

  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText('Connected to Microsoft 365').first().waitFor();
  await screenshot(page, 'certificate-04-test-connection');
});
