/**
 * External file fields in a real browser: an editor creates an article in the content manager,
 * picks one file and then several through the picker (drive, folder, search), saves; My Files
 * shows the file "Used in 1 entry" and lists the article. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import type { ControlItem } from '../../emulator/src/control/client';
import { createAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';

let scene: Scene;
let app: StrapiWithAdmin;
let page: Page;
let driveId: number;
let report: ControlItem;
let annex: ControlItem;

beforeAll(async () => {
  scene = await startScene({ credentials: 'saved' });
  const { emulator, control } = scene;
  app = scene.app;
  const editor = await createAdmin(app.strapi, {
    email: 'editor@editors.e2e.test',
    roles: 'super',
  });
  const site = emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Press kit');
  const folder = await control.createItem(library.id, { name: 'Reports', folder: true });
  report = await control.createItem(library.id, { name: 'Annual report.pdf', parentId: folder.id });
  annex = await control.createItem(library.id, { name: 'Annex.xlsx' });
  const drive = await connectDrive(app, editor.token, {
    siteId: site.id,
    libraryId: library.id,
    name: 'Press kit',
  });
  driveId = drive.id;
  ({ page } = await scene.signIn(editor));
});

afterAll(() => scene?.close());

test('an editor attaches files through the picker and saves the article', async () => {
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/create`);
  await page.getByLabel('title').fill('Press release');

  // One file: drive, folder, file.
  await page.getByRole('button', { name: 'Choose a file from SharePoint or OneDrive' }).click();
  const picker = page.getByRole('dialog');
  await picker.getByRole('button', { name: 'Press kit' }).click();
  await picker.getByRole('button', { name: 'Reports' }).click();
  await screenshot(page, 'editors-01-picker');
  await picker.getByRole('button', { name: 'Annual report.pdf' }).click();
  await page.getByText('Annual report.pdf', { exact: true }).waitFor();

  // Several files: by search, ticked, attached.
  await page.getByRole('button', { name: 'Add files from SharePoint or OneDrive' }).click();
  await picker.getByRole('button', { name: 'Press kit' }).click();
  await picker.getByPlaceholder('Search this drive').fill('Annex');
  await picker.getByRole('checkbox', { name: 'Annex.xlsx' }).click();
  await picker.getByRole('button', { name: 'Attach 1 file' }).click();
  await page.getByText('Annex.xlsx', { exact: true }).waitFor();
  await screenshot(page, 'editors-02-fields');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
  const stored = await app.strapi.db.query(ARTICLE).findOne({ where: { title: 'Press release' } });
  expect(stored.attachment).toEqual({ driveId: expect.any(String), itemId: report.id });
  expect(stored.attachments).toEqual([{ driveId: expect.any(String), itemId: annex.id }]);
});

test('My Files shows which entries use a file', async () => {
  await page.goto(`${app.url}/admin/plugins/external-drives/drives/${driveId}`);
  await page.getByRole('button', { name: 'Used in 1 entry' }).click();
  await page.getByRole('dialog').getByText('Press release').waitFor();
  await screenshot(page, 'editors-03-used-in');
});
