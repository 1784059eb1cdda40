/**
 * External file fields in a real browser: an editor creates an article in the content manager,
 * picks one file and then several through the picker (drive, folder, search), saves; My Files
 * shows the file "Used in 1 entry" and lists the article. Screenshots land in tests/e2e/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { launchBrowser, screenshot, signIn } from './support/browser';
import { startStrapiWithAdmin, type StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';

let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let editor: CreatedAdmin;
let driveId: number;
let report: ControlItem;
let annex: ControlItem;

beforeAll(async () => {
  emulator = await startTestEmulator();
  control = ControlClient.from(emulator.info);
  app = await startStrapiWithAdmin(emulator.info);
  await app.strapi.plugin('external-drives').service('settings').update({
    tenantId: emulator.info.tenantId,
    clientId: emulator.info.clientId,
    clientSecret: emulator.info.clientSecret,
  });
  editor = await createAdmin(app.strapi, { email: 'editor@editors.e2e.test', roles: 'super' });
  const site = emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Press kit');
  const folder = await control.createItem(library.id, { name: 'Reports', folder: true });
  report = await control.createItem(library.id, { name: 'Annual report.pdf', parentId: folder.id });
  annex = await control.createItem(library.id, { name: 'Annex.xlsx' });
  const api = adminRequest(supertest(app.strapi.server.httpServer), editor.token);
  const connected = await api
    .post('/external-drives/drives')
    .send({ siteId: site.id, driveId: library.id, name: 'Press kit' });
  driveId = connected.body.data.id;
  await api.post(`/external-drives/drives/${driveId}/sync?wait=true`);

  browser = await launchBrowser(emulator.info);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await signIn(page, app.url, editor.user.email, editor.password);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
  await control?.close();
  await emulator?.close();
});

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
