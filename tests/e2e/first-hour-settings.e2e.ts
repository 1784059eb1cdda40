/**
 * The Settings page's first hour: where an admin grants a drive to roles, a role without the
 * plugin's "Use My Files" is marked, with a link to its page in Settings > Roles (a grant alone
 * shows its users nothing); and the allowed sites of personal connections are chosen by URL and by
 * search, saved with the settings, and shown by name after a reload (the settings store ids).
 * The app is the emulator's Sites.Read.All one, which may search sites.
 */
import type { Page } from 'playwright-core';
import type { RunningEmulator } from '../../emulator/src';
import { createAdmin, createRole } from '../../testkit/admin';
import { PLUGIN_ID } from '../../shared/plugin';
import { PERMISSIONS } from '../../shared/permissions';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

let scene: Scene;
let emulator: RunningEmulator;
let app: StrapiWithAdmin;
let page: Page;
let authorsId: number;

const site = (name: string) => emulator.info.sites.find((candidate) => candidate.name === name)!;
const allowedSites = () => page.getByRole('list', { name: 'Allowed sites' });

beforeAll(async () => {
  scene = await startScene({
    env: (info) => ({
      EXTERNAL_DRIVES_TENANT_ID: info.tenantId,
      EXTERNAL_DRIVES_CLIENT_ID: info.readerClientId,
      EXTERNAL_DRIVES_CLIENT_SECRET: info.readerClientSecret,
    }),
  });
  ({ emulator, app } = scene);
  const admin = await createAdmin(app.strapi, { email: 'admin@first-hour.test', roles: 'super' });
  await createRole(app.strapi, { name: 'Marketing editors', actions: [PERMISSIONS.read] });
  authorsId = await createRole(app.strapi, { name: 'Authors', actions: [] });
  ({ page } = await scene.signIn(admin));
  await page.goto(`${app.url}/admin/settings/${PLUGIN_ID}`);
});

afterAll(() => scene?.close());

test('a role without "Use My Files" is marked where drives are granted, with a link to it', async () => {
  await page.getByRole('button', { name: 'Add drive' }).click();
  const dialog = page.getByRole('dialog');
  // The roles are offered once a library is chosen.
  await dialog.getByText('Site URL').click();
  await dialog.getByLabel('SharePoint site URL').fill(site('Marketing').webUrl);
  await dialog.getByRole('button', { name: 'Find' }).click();
  await dialog.getByText('Site: Marketing').waitFor();
  const warning = dialog.locator('[data-role-warning="Authors"]');
  await warning.waitFor();
  const link = warning.getByRole('link', { name: /Give Authors “Use My Files”/ });
  expect(await link.getAttribute('href')).toBe(`/admin/settings/roles/${authorsId}`);
  await dialog.getByRole('combobox', { name: 'Access of Marketing editors' }).waitFor();
  expect(await dialog.locator('[data-role-warning="Marketing editors"]').count()).toBe(0);
  expect(await dialog.locator('[data-role-warning="Super Admin"]').count()).toBe(0);
  await screenshot(page, '40-roles-without-use-my-files');
  // A new tab, so the drive being added is not lost: the role's own page in Settings > Roles.
  const [rolePage] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await rolePage.waitForURL(`${app.url}/admin/settings/roles/${authorsId}`);
  await rolePage.close();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
});

test('allowed sites are added by URL and by search, saved, and named after a reload', async () => {
  await page.getByText('Any site users can reach').waitFor();
  const findBy = page.getByRole('radiogroup', { name: 'Add a site by' });

  await findBy.getByText('Site URL').click();
  await page.getByLabel('URL of the site to allow').fill(site('Marketing').webUrl);
  await page.getByRole('button', { name: 'Allow', exact: true }).click();
  await allowedSites().getByText('Marketing', { exact: true }).waitFor();

  await findBy.getByText('Search').click();
  await page.getByLabel('Name of the site to allow').fill('Engineering');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('button', { name: 'Allow Engineering' }).click();
  await allowedSites().getByText('Engineering', { exact: true }).waitFor();
  await screenshot(page, '41-allowed-sites-chosen');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Settings saved').first().waitFor();
  const stored = await app.strapi.store({ type: 'plugin', name: PLUGIN_ID }).get({
    key: 'integration',
  });
  expect((stored as { allowedSiteIds: string[] }).allowedSiteIds).toEqual([
    site('Marketing').id,
    site('Engineering').id,
  ]);

  // The settings hold ids only: after a reload each is looked up and shown by its name.
  await page.reload();
  for (const name of ['Marketing', 'Engineering']) {
    await allowedSites().getByText(name, { exact: true }).waitFor();
    await allowedSites().getByRole('button', { name: `Remove ${name}` }).waitFor();
  }
  expect(await allowedSites().getByText(site('Marketing').id).count()).toBe(0);
  await screenshot(page, '42-allowed-sites-after-reload');
});
