/**
 * The first hour with an app granted chosen sites only (Sites.Selected), in a real browser: Add
 * drive opens on Site URL and says why (Microsoft's site search does not serve such an app); a
 * search tried anyway says why it was refused and what to paste, and the pasted URL finds the site.
 * Screenshots land in tests/e2e/screenshots/ (gitignored).
 */
import type { Page } from 'playwright-core';
import type { RunningEmulator } from '../../emulator/src';
import { createAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const PLUGIN = 'external-drives';
const SEARCH_REFUSED = 'This app is granted chosen sites only (Sites.Selected)';

let scene: Scene;
let emulator: RunningEmulator;
let app: StrapiWithAdmin;
let page: Page;

const site = () => emulator.info.sites.find((candidate) => candidate.name === 'Marketing')!;

beforeAll(async () => {
  // The demo tenant's app holds Sites.Selected only (both demo sites granted); its credentials are
  // given at deploy time, as an admin would after registering it.
  scene = await startScene({ credentials: 'deployed' });
  ({ emulator, app } = scene);
  const admin = await createAdmin(app.strapi, { email: 'sites-selected@e2e.test', roles: 'super' });
  ({ page } = await scene.signIn(admin));
});

afterAll(() => scene?.close());

test('Add drive opens on Site URL for a Sites.Selected app, and a refused search says why', async () => {
  await page.goto(`${app.url}/admin/settings/${PLUGIN}`);
  await page.getByRole('button', { name: 'Add drive' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(SEARCH_REFUSED).waitFor();
  expect(await dialog.getByRole('radio', { name: 'Site URL' }).getAttribute('aria-checked')).toBe(
    'true'
  );
  await dialog.getByLabel('SharePoint site URL').waitFor();
  await screenshot(page, 'sites-selected-01-add-drive-url-first');

  // Searching anyway: Microsoft refuses, and the panel says why and what to paste instead.
  await dialog.getByRole('radio', { name: 'Search' }).click();
  await dialog.getByLabel('Site name').fill('Marketing');
  await dialog.getByRole('button', { name: 'Find' }).click();
  await page
    .getByText(/Paste the site's URL instead, e\.g\. https:\/\/contoso\.sharepoint\.com/)
    .first()
    .waitFor();
  expect(await dialog.getByRole('radio', { name: 'Site URL' }).getAttribute('aria-checked')).toBe(
    'true'
  );
  await screenshot(page, 'sites-selected-02-search-refused');

  // The site's URL finds it.
  await dialog.getByLabel('SharePoint site URL').fill(site().webUrl);
  await dialog.getByRole('button', { name: 'Find' }).click();
  await dialog.getByText(`Site: ${site().name}`).waitFor();
});
