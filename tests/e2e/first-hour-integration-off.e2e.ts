/**
 * "The first hour and the everyday" (issue 17) in a real browser: with the integration switched
 * off, My Files says so up front and disables what would fail; Add drive's OneDrive tab names the
 * integration; a failed sync reads the same in the drive list and the drive's dialog; with
 * Downloads off the download action stays, disabled, with the mapped message; a secret set by the
 * server's configuration is not to be "entered here". Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { pluginApi } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const PLUGIN = 'external-drives';
const DRIVE = 'Offline library';
const FILE = 'Offline check.txt';

let scene: Scene;
let app: StrapiWithAdmin;
let admin: CreatedAdmin;
let page: Page;
let driveId: number;

const api = () => pluginApi(app, admin.token);
const settle = async (update: Record<string, unknown>) =>
  expect((await api().put('/settings').send(update)).status).toBe(200);
const disabled = (page: Page, name: string) =>
  page.getByRole('button', { name, exact: true }).first().isDisabled();

beforeAll(async () => {
  // Deploy-time credentials: the client secret comes from the server's configuration.
  scene = await startScene({ credentials: 'deployed' });
  const { emulator, control } = scene;
  app = scene.app;
  admin = await createAdmin(app.strapi, { email: 'admin@offline.e2e.test', roles: 'super' });

  // A drive that synced once, then failed: the app lost its grant on the site.
  const site = emulator.info.sites[0];
  await control.createItem(site.drives[0].id, { name: FILE, size: 64 });
  const created = await api()
    .post('/drives')
    .send({ siteId: site.id, driveId: site.drives[0].id, name: DRIVE });
  expect(created.status).toBe(201);
  driveId = created.body.data.id;
  await until('the first sync', async () => {
    const drive = (await api().get(`/drives/${driveId}`)).body.data;
    return drive.status === 'ok' && drive;
  });
  await control.revokeSite(emulator.info.clientId, site.id);
  const failed = await api().post(`/drives/${driveId}/sync?wait=true`);
  // Waiting for the run answers its failure, mapped.
  expect(failed.body.error?.details?.code).toBe('unableToConnect');
  expect((await api().get(`/drives/${driveId}`)).body.data.status).toBe('error');
  await settle({ enabled: false });

  ({ page } = await scene.signIn(admin));
});

afterAll(() => scene?.close());

test('integration off: My Files says so, Add drive names the integration, actions are disabled', async () => {
  await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
  const banner = page.getByTestId('integration-unavailable');
  await banner.getByText('Integration not available').waitFor();
  await banner.getByText(/Ask your administrator/).waitFor();
  const row = page.locator(`tr[data-drive="${DRIVE}"]`);
  const failedInList = await row.locator('[data-last-sync="failed"]').innerText();
  const successInList = await row.locator('[data-last-sync="succeeded"]').innerText();
  expect(failedInList).toMatch(/^Last sync failed /);
  expect(successInList).toMatch(/^Last successful sync /);
  await screenshot(page, '40-integration-off-my-files');

  await page.getByRole('button', { name: 'Add external drive' }).click();
  const adding = page.getByRole('dialog');
  await adding.getByRole('tab', { name: 'OneDrive' }).click();
  await adding.getByTestId('integration-unavailable-note').waitFor();
  expect(await adding.getByTestId('personal-off').count()).toBe(0);
  expect(await adding.getByRole('button', { name: 'Connect my account' }).count()).toBe(0);
  await screenshot(page, '41-integration-off-add-onedrive');
  await adding.getByRole('button', { name: 'Close' }).last().click();

  await row.getByRole('link', { name: DRIVE }).click();
  await page.getByTestId('integration-unavailable').waitFor();
  const file = page.locator(`tr[data-item="${FILE}"]`);
  await file.waitFor();
  expect(await disabled(page, 'Upload files')).toBe(true);
  expect(await disabled(page, 'New folder')).toBe(true);
  for (const action of ['Rename', 'Move', 'Delete', 'Download'])
    expect([
      action,
      await file.getByRole('button', { name: `${action} ${FILE}` }).isDisabled(),
    ]).toEqual([action, true]);

  // The dialog says the last sync as the list did.
  await page.getByRole('button', { name: 'Drive settings' }).click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.locator('[data-last-sync="failed"]').innerText()).toBe(failedInList);
  expect(await dialog.locator('[data-last-sync="succeeded"]').innerText()).toBe(successInList);
  expect(await dialog.getByRole('button', { name: 'Sync Now' }).isDisabled()).toBe(true);
  await screenshot(page, '42-integration-off-drive-dialog');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
});

test('Downloads off: the download action is disabled and its hint is the mapped message', async () => {
  await settle({ enabled: true, downloadsEnabled: false });
  await page.reload();
  const file = page.locator(`tr[data-item="${FILE}"]`);
  await file.getByRole('button', { name: `Rename ${FILE}` }).waitFor();
  expect(await page.getByTestId('integration-unavailable').count()).toBe(0);
  const download = file.getByRole('button', {
    name: 'File downloads are disabled by your administrator',
  });
  expect(await download.isDisabled()).toBe(true);
  expect(await file.getByRole('button', { name: `Rename ${FILE}` }).isDisabled()).toBe(false);
  await screenshot(page, '43-downloads-off-hint');
});

test('a secret from the server configuration expiring soon: the warning names the variable', async () => {
  const soon = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await settle({ clientSecretExpiresAt: soon, downloadsEnabled: true });
  await page.goto(`${app.url}/admin/settings/${PLUGIN}`);
  const warning = page.getByRole('status').filter({ hasText: 'The client secret expires soon' });
  await warning.getByText(/EXTERNAL_DRIVES_CLIENT_SECRET/).waitFor();
  expect(await warning.getByText(/enter it here/).count()).toBe(0);
  await screenshot(page, '44-secret-expiry-configured');
});
