/**
 * "Insert as a sharing link" in the External file picker (issue 22), in a real browser: an editor
 * picks a file as a sharing link and saves; Microsoft 365 (the emulator) made one view link for
 * people in the organisation, the entry stores `{ driveId, itemId, link: 'sharing' }` and the
 * content API answers that link as the file's `url`. Unticking "Sharing link" beside the file goes
 * back to the download route. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import type { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { grantPublic } from '../../testkit/editors';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';
const FILE = 'Price list.pdf';

let scene: Scene;
let control: ControlClient;
let app: StrapiWithAdmin;
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
  scene = await startScene({ credentials: 'saved' });
  ({ control, app } = scene);
  await grantPublic(app.strapi, [`${ARTICLE}.findOne`]);
  editor = await createAdmin(app.strapi, { email: 'editor@insert-link.e2e.test', roles: 'super' });
  const site = scene.emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Sales kit');
  remoteDriveId = library.id;
  prices = await control.createItem(library.id, { name: FILE });
  await connectDrive(app, editor.token, {
    siteId: site.id,
    libraryId: library.id,
    name: 'Sales kit',
  });
  ({ page } = await scene.signIn(editor));
});

afterAll(() => scene?.close());

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
