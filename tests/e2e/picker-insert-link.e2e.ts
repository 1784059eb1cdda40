/**
 * "Insert as a sharing link" in the External file picker (issue 22), in a real browser: an editor
 * picks a file as a sharing link and saves; Microsoft 365 (the emulator) made one view link for
 * people in the organisation, the entry stores `{ driveId, itemId, link: 'sharing' }` and the
 * content API answers that link as the file's `url`. Unticking "Sharing link" beside the file goes
 * back to the download route. Screenshots land in tests/e2e/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, syncAndWait, type CreatedAdmin } from '../../testkit/admin';
import { grantPublic } from '../../testkit/editors';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { launchBrowser, screenshot, signIn } from './support/browser';
import { startStrapiWithAdmin, type StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';
const FILE = 'Price list.pdf';

let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let editor: CreatedAdmin;
let remoteDriveId: string;
let prices: ControlItem;

const http = () => supertest(app.strapi.server.httpServer);
const api = () => adminRequest(http(), editor.token);
const storedArticle = () =>
  app.strapi.db.query(ARTICLE).findOne({ where: { title: 'Linked prices', publishedAt: null } });
const save = async () => {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
};

beforeAll(async () => {
  emulator = await startTestEmulator();
  control = ControlClient.from(emulator.info);
  app = await startStrapiWithAdmin(emulator.info);
  await app.strapi.plugin('external-drives').service('settings').update({
    tenantId: emulator.info.tenantId,
    clientId: emulator.info.clientId,
    clientSecret: emulator.info.clientSecret,
  });
  await grantPublic(app.strapi, [`${ARTICLE}.findOne`]);
  editor = await createAdmin(app.strapi, { email: 'editor@insert-link.e2e.test', roles: 'super' });
  const site = emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Sales kit');
  remoteDriveId = library.id;
  prices = await control.createItem(library.id, { name: FILE });
  const connected = await api()
    .post('/external-drives/drives')
    .send({ siteId: site.id, driveId: library.id, name: 'Sales kit' });
  expect(connected.status).toBe(201);
  await syncAndWait(api(), connected.body.data.id);

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

test('an editor inserts a file as a sharing link; the content API publishes the link Microsoft made', async () => {
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/create`);
  await page.getByLabel('title').fill('Linked prices');
  await page.getByRole('button', { name: 'Choose a file from SharePoint or OneDrive' }).click();
  const picker = page.getByRole('dialog');
  await picker.getByRole('button', { name: 'Sales kit' }).click();
  await picker.getByRole('checkbox', { name: /Insert as a sharing link/ }).click();
  await screenshot(page, 'editors-12-picker-insert-as-sharing-link');
  await picker.getByRole('button', { name: FILE }).click();

  const choice = page.getByRole('checkbox', { name: `Publish ${FILE} as a sharing link` });
  await choice.waitFor();
  expect(await choice.getAttribute('aria-checked')).toBe('true');
  // Nothing is made in Microsoft 365 until the entry is saved: the server makes the link.
  expect(await control.sharingLinks(remoteDriveId, prices.id)).toEqual([]);
  await save();
  await choice.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'editors-13-attached-as-sharing-link');

  const links = await control.sharingLinks(remoteDriveId, prices.id);
  expect(links).toEqual([expect.objectContaining({ type: 'view', scope: 'organization' })]);
  const stored = await storedArticle();
  expect(stored.attachment).toEqual({ driveId: remoteDriveId, itemId: prices.id, link: 'sharing' });

  const published = await api()
    .post(`/content-manager/collection-types/${ARTICLE}/${stored.documentId}/actions/publish`)
    .send({});
  expect(published.status).toBe(200);
  const read = await http().get(`/api/articles/${stored.documentId}`);
  expect(read.status).toBe(200);
  expect(read.body.data.attachment).toMatchObject({
    link: 'sharing',
    sharingUrl: links[0].webUrl,
    url: links[0].webUrl,
  });
});

test('unticking "Sharing link" beside the file goes back to the download route', async () => {
  const choice = page.getByRole('checkbox', { name: `Publish ${FILE} as a sharing link` });
  await choice.click();
  expect(await choice.getAttribute('aria-checked')).toBe('false');
  await save();
  expect((await storedArticle()).attachment).toEqual({
    driveId: remoteDriveId,
    itemId: prices.id,
  });
});
