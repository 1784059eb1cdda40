/**
 * "Copy link" beside an attached External file (issue 22) in a real browser: an editor picks a file,
 * copies the organization view link Microsoft 365 made for it, and the entry still stores only the
 * `{ driveId, itemId }` reference; a drive set to "No sharing links" offers no Copy link there.
 * Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import type { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';
const FILE = 'Annual report.pdf';

let scene: Scene;
let control: ControlClient;
let app: StrapiWithAdmin;
let page: Page;
let editor: CreatedAdmin;
let driveId: number;
let remoteDriveId: string;
let report: ControlItem;

const api = () => adminRequest(supertest(app.strapi.server.httpServer), editor.token);
const copyLinkButton = () => page.getByRole('button', { name: `Copy link to ${FILE}` });

beforeAll(async () => {
  scene = await startScene({ credentials: 'saved' });
  ({ control, app } = scene);
  editor = await createAdmin(app.strapi, { email: 'editor@picker-link.e2e.test', roles: 'super' });
  const site = scene.emulator.info.sites[0];
  const library = await control.createLibrary(site.id, 'Press kit');
  remoteDriveId = library.id;
  report = await control.createItem(library.id, { name: FILE });
  const drive = await connectDrive(app, editor.token, {
    siteId: site.id,
    libraryId: library.id,
    name: 'Press kit',
  });
  driveId = drive.id;
  // Copy link writes to the clipboard; the test reads it back.
  const permissions = ['clipboard-read', 'clipboard-write'];
  ({ page } = await scene.signIn(editor, { permissions }));
});

afterAll(() => scene?.close());

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
