/**
 * Library columns in a real browser: a drive manager opens a drive's settings, keeps two columns
 * of the library (returns one in the content API), syncs, and My Files shows their values as
 * columns. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

let scene: Scene;
let app: StrapiWithAdmin;
let page: Page;
let manager: CreatedAdmin;
let driveId: number;

beforeAll(async () => {
  scene = await startScene({ credentials: 'saved' });
  const { emulator, control } = scene;
  app = scene.app;
  manager = await createAdmin(app.strapi, { email: 'manager@columns.e2e.test', roles: 'super' });
  const site = emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Contracts');
  await control.setListColumns(library.id, [
    { name: 'Department', type: 'choice', choices: ['Sales', 'Legal'] },
    { name: 'Owner', type: 'person' },
    { name: 'Amount', type: 'currency' },
  ]);
  const megan = emulator.info.users.find((user) => user.displayName === 'Megan Bowen')!;
  const invoice = await control.createItem(library.id, { name: 'Invoice.pdf' });
  await control.setListFields(library.id, invoice.id, { Department: 'Sales' });
  const contract = await control.createItem(library.id, { name: 'Supplier contract.pdf' });
  await control.setListFields(library.id, contract.id, {
    Department: 'Legal',
    Owner: megan.id,
    Amount: 1200,
  });
  // In a subfolder: the picker's column filter finds it from the drive's root.
  const archive = await control.createItem(library.id, { name: 'Archive', folder: true });
  const old = await control.createItem(library.id, {
    parentId: archive.id,
    name: 'Old contract.pdf',
  });
  await control.setListFields(library.id, old.id, { Department: 'Legal' });
  const drive = await connectDrive(app, manager.token, {
    siteId: site.id,
    libraryId: library.id,
    name: 'Contracts',
  });
  driveId = drive.id;
  ({ page } = await scene.signIn(manager));
});

afterAll(() => scene?.close());

test('a drive manager keeps two columns and My Files shows their values', async () => {
  await page.goto(`${app.url}/admin/plugins/external-drives/drives/${driveId}`);
  await page.locator('[data-item="Supplier contract.pdf"]').waitFor();
  await page.getByRole('button', { name: 'Drive settings' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('tab', { name: 'Columns' }).click();
  await dialog.getByRole('checkbox', { name: 'Keep Department' }).click();
  await dialog.getByRole('checkbox', { name: 'Keep Owner' }).click();
  await dialog.getByRole('checkbox', { name: 'Return Department in the content API' }).click();
  await screenshot(page, 'library-columns-01-choice');
  await dialog.getByRole('button', { name: 'Save columns' }).click();
  const saved = await until('the columns saved', async () => {
    const drive = await app.strapi.db
      .query('plugin::external-drives.drive')
      .findOne({ where: { id: driveId } });
    return drive.libraryColumns ?? undefined;
  });
  expect(saved.published).toEqual(['Department']);
  expect(saved.kept.map((column: { name: string }) => column.name)).toEqual([
    'Department',
    'Owner',
  ]);
  await page.keyboard.press('Escape');

  const api = adminRequest(supertest(app.strapi.server.httpServer), manager.token);
  await api.post(`/external-drives/drives/${driveId}/sync?wait=true`);
  await page.reload();
  const row = page.locator('[data-item="Supplier contract.pdf"]');
  await row.waitFor();
  await screenshot(page, 'library-columns-02-my-files');
  await row.locator('[data-column="Department"]').getByText('Legal').waitFor();
  await row.locator('[data-column="Owner"]').getByText('Megan Bowen').waitFor();
  await page.locator('thead').getByText('Department').waitFor();
  await page.locator('thead').getByText('Owner').waitFor();
});

test("the editors' picker filters files by a kept column", async () => {
  await page.goto(`${app.url}/admin/content-manager/collection-types/api::article.article/create`);
  await page.getByRole('button', { name: 'Choose a file from SharePoint or OneDrive' }).click();
  const picker = page.getByRole('dialog');
  await picker.getByRole('button', { name: 'Contracts' }).click();
  await picker.getByRole('button', { name: 'Invoice.pdf' }).waitFor();
  await picker.getByRole('combobox').click();
  await page.getByRole('option', { name: 'Department' }).click();
  await picker.getByPlaceholder('Column value contains').fill('leg');
  await picker.getByRole('button', { name: 'Invoice.pdf' }).waitFor({ state: 'detached' });
  await picker.getByRole('button', { name: 'Supplier contract.pdf' }).waitFor();
  // Searched on the server across the drive: a match in a subfolder, with its folder shown.
  await picker.getByRole('button', { name: 'Old contract.pdf' }).waitFor();
  await picker.locator('[data-location="/Archive"]').waitFor();
  await screenshot(page, 'library-columns-03-picker-filter');
});
