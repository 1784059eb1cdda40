/**
 * "Copy link" beside an attached External file (issue 22) in a real browser: an editor picks a file,
 * copies the organization view link Microsoft 365 made for it, and the entry still stores only the
 * `{ driveId, itemId }` reference; a drive set to "No sharing links" offers no Copy link there.
 * Screenshots land in tests/e2e/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, syncAndWait, type CreatedAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { until } from '../../testkit/wait';
import { launchBrowser, screenshot, signIn } from './support/browser';
import { startStrapiWithAdmin, type StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';
const FILE = 'Annual report.pdf';

let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let editor: CreatedAdmin;
let driveId: number;
let remoteDriveId: string;
let report: ControlItem;

const api = () => adminRequest(supertest(app.strapi.server.httpServer), editor.token);
const copyLinkButton = () => page.getByRole('button', { name: `Copy link to ${FILE}` });

beforeAll(async () => {
  emulator = await startTestEmulator();
  control = ControlClient.from(emulator.info);
  app = await startStrapiWithAdmin(emulator.info);
  await app.strapi.plugin('external-drives').service('settings').update({
    tenantId: emulator.info.tenantId,
    clientId: emulator.info.clientId,
    clientSecret: emulator.info.clientSecret,
  });
  editor = await createAdmin(app.strapi, { email: 'editor@picker-link.e2e.test', roles: 'super' });
  const site = emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Press kit');
  remoteDriveId = library.id;
  report = await control.createItem(library.id, { name: FILE });
  const connected = await api()
    .post('/external-drives/drives')
    .send({ siteId: site.id, driveId: library.id, name: 'Press kit' });
  expect(connected.status).toBe(201);
  driveId = connected.body.data.id;
  await syncAndWait(api(), driveId);

  browser = await launchBrowser(emulator.info);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Copy link writes to the clipboard; the test reads it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
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

test('an editor copies the sharing link of an attached file; the entry keeps the reference', async () => {
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/create`);
  await page.getByLabel('title').fill('Link release');
  await page.getByRole('button', { name: 'Choose a file from SharePoint or OneDrive' }).click();
  const picker = page.getByRole('dialog');
  await picker.getByRole('button', { name: 'Press kit' }).click();
  await picker.getByRole('button', { name: FILE }).click();

  await copyLinkButton().click();
  await page.getByText(`A link to ${FILE} for people in your organization was copied`).waitFor();
  const links = await until('the link in Microsoft 365', async () => {
    const made = await control.sharingLinks(remoteDriveId, report.id);
    return made.length > 0 && made;
  });
  expect(links).toHaveLength(1);
  expect(links[0]).toMatchObject({ type: 'view', scope: 'organization' });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links[0].webUrl);
  await screenshot(page, 'editors-10-attached-file-link-copied');

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
  const stored = await app.strapi.db.query(ARTICLE).findOne({ where: { title: 'Link release' } });
  // Only the reference is stored, never the link the browser copied.
  expect(stored.attachment).toEqual({ driveId: remoteDriveId, itemId: report.id });
});

test('a drive set to "No sharing links" offers no Copy link beside its attached files', async () => {
  const updated = await api().put(`/external-drives/drives/${driveId}`).send({ linkScope: 'none' });
  expect(updated.status).toBe(200);
  const stored = await app.strapi.db.query(ARTICLE).findOne({ where: { title: 'Link release' } });

  // The button depends on the drives list: wait for it, then for the file's name.
  const drivesListed = page.waitForResponse(
    (response) =>
      response.request().method() === 'GET' &&
      new URL(response.url()).pathname === '/external-drives/drives'
  );
  await page.goto(
    `${app.url}/admin/content-manager/collection-types/${ARTICLE}/${stored.documentId}`
  );
  expect((await drivesListed).status()).toBe(200);
  await page.getByText(FILE, { exact: true }).waitFor();
  await page.getByRole('button', { name: `Remove ${FILE}` }).waitFor();
  expect(await copyLinkButton().count()).toBe(0);
  await screenshot(page, 'editors-11-no-link-when-drive-has-none');
});
