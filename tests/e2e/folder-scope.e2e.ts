/**
 * One folder of a library as a drive, in a real browser: a drive manager adds a drive by browsing
 * the library's folders, another by pasting a folder's SharePoint URL; both show their folder
 * wherever the drive is named; the drive lists the folder's content only; a folder deleted in
 * Microsoft 365 is shown as such. Screenshots land in tests/e2e/screenshots/ (gitignored).
 */
import type { Page } from 'playwright-core';
import { createAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const PLUGIN = 'external-drives';

let scene: Scene;
let app: StrapiWithAdmin;
let page: Page;
let libraryId: string;
const ids: Record<string, string> = {};

const site = () => scene.emulator.info.sites.find((candidate) => candidate.name === 'Marketing')!;

async function create(path: string, folder = false) {
  const at = path.lastIndexOf('/');
  const parent = path.slice(0, at);
  ids[path] = (
    await scene.control.createItem(libraryId, {
      name: path.slice(at + 1),
      folder,
      ...(parent ? { parentId: ids[parent] } : {}),
      ...(folder ? {} : { size: 2048, seed: path }),
    })
  ).id;
}

/** Opens Add drive in Settings and picks the Scoped library of the Marketing site. */
async function addDriveDialog() {
  await page.goto(`${app.url}/admin/settings/${PLUGIN}`);
  await page.getByRole('button', { name: 'Add drive' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Site URL', checked: true }).waitFor();
  await dialog.getByLabel('SharePoint site URL').fill(site().webUrl);
  await dialog.getByRole('button', { name: 'Find' }).click();
  await dialog.getByText(`Site: ${site().name}`).waitFor();
  await dialog.getByRole('combobox', { name: 'Document library' }).click();
  await page.getByRole('option', { name: 'Scoped', exact: true }).click();
  return dialog;
}

beforeAll(async () => {
  scene = await startScene({ credentials: 'deployed' });
  app = scene.app;
  libraryId = (await scene.control.createLibrary(site().id, 'Scoped')).id;
  await create('/HR', true);
  await create('/HR/Policies', true);
  await create('/HR/Policies/Employee handbook.pdf');
  await create('/HR/Policies/Leave', true);
  await create('/HR/Policies/Leave/Parental leave.docx');
  await create('/HR/Salaries.xlsx');
  await create('/Marketing plans', true);
  const admin = await createAdmin(app.strapi, { email: 'folder-scope@e2e.test', roles: 'super' });
  ({ page } = await scene.signIn(admin));
});

afterAll(() => scene?.close());

test('a drive manager adds one folder of a library by browsing its folders', async () => {
  const dialog = await addDriveDialog();
  await dialog.getByRole('radio', { name: 'One folder: browse' }).click();
  await dialog.getByRole('button', { name: 'HR', exact: true }).click();
  await dialog.getByRole('button', { name: 'Policies', exact: true }).click();
  await dialog.getByText('The drive will show Scoped › HR / Policies').waitFor();
  await dialog.getByLabel('Name in Strapi').fill('HR policies');
  await screenshot(page, 'folder-scope-01-browse-folder');
  await dialog.getByRole('button', { name: 'Add drive' }).click();

  const row = page.locator('tr[data-drive="HR policies"]');
  await row.getByText('Folder: Scoped › HR / Policies').waitFor();
  await row.getByText('Up to date').waitFor({ timeout: 60_000 });
});

test('another is added from a pasted folder URL; a file URL is refused clearly', async () => {
  const libraryUrl = `${site().webUrl}/Scoped`;
  const dialog = await addDriveDialog();
  await dialog.getByRole('radio', { name: 'One folder: paste its URL' }).click();
  await dialog.getByLabel('Folder URL').fill(`${libraryUrl}/HR/Salaries.xlsx`);
  await dialog.getByRole('button', { name: 'Add drive' }).click();
  await page.getByText('The URL points at a file, not a folder').first().waitFor();
  await screenshot(page, 'folder-scope-02-file-url-refused');

  await dialog.getByLabel('Folder URL').fill(`${libraryUrl}/Marketing plans`);
  await dialog.getByLabel('Name in Strapi').fill('Marketing plans');
  await dialog.getByRole('button', { name: 'Add drive' }).click();
  const row = page.locator('tr[data-drive="Marketing plans"]');
  await row.getByText('Folder: Scoped › Marketing plans').waitFor();
  await page.locator('tr[data-drive="HR policies"]').getByText('Up to date').waitFor();
  await screenshot(page, 'folder-scope-03-platform-drives');
});

test('My Files shows the folder and lists its content only', async () => {
  await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
  const row = page.locator('tr[data-drive="HR policies"]');
  await row.getByText('Folder: Scoped › HR / Policies').waitFor();
  await row.getByText('Up to date').waitFor({ timeout: 60_000 });
  await screenshot(page, 'folder-scope-04-my-files');
  await row.getByRole('link', { name: 'HR policies' }).click();
  await page.locator('tr[data-item="Employee handbook.pdf"]').waitFor({ timeout: 30_000 });
  await page.locator('tr[data-item="Leave"]').waitFor();
  expect(await page.locator('tr[data-item="Salaries.xlsx"]').count()).toBe(0);
  await page.getByText('Folder: Scoped › HR / Policies').first().waitFor();
  await screenshot(page, 'folder-scope-05-drive-is-the-folder');
});

test('a folder deleted in Microsoft 365 is shown as such, its files kept', async () => {
  await scene.control.deleteItem(libraryId, ids['/HR/Policies']);
  await page.getByRole('button', { name: 'Drive settings' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Sync Now' }).click();
  await dialog
    .getByText('The folder this drive follows was deleted in Microsoft 365')
    .first()
    .waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
  const row = page.locator('tr[data-drive="HR policies"]');
  await row.getByText('The folder this drive follows was deleted in Microsoft 365').waitFor();
  await screenshot(page, 'folder-scope-06-folder-deleted');
  await row.getByRole('link', { name: 'HR policies' }).click();
  await page.locator('tr[data-item="Employee handbook.pdf"]').waitFor({ timeout: 30_000 });
});
