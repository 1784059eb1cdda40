/**
 * The admin UI in a real browser: an admin configures the integration and adds an organisation
 * drive for a role; a user of that role browses it, uploads, renames, downloads and syncs; the
 * admin disables downloads; disconnecting leaves the files in Microsoft 365 (the emulator).
 * Screenshots of each step land in tests/e2e/screenshots/ (gitignored).
 */
import fs from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import supertest from 'supertest';
import type { ControlClient, RunningEmulator } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { syncNowShows, uploadRenameDownload } from './support/drive-steps';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const PLUGIN = 'external-drives';
const FILE_NAME = 'Quarterly report.bin';
const RENAMED = 'Quarterly report final.bin';

let scene: Scene;
let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let admin: CreatedAdmin;
let editor: CreatedAdmin;
let adminPage: Page;
let editorPage: Page;

const site = () => emulator.info.sites.find((candidate) => candidate.name === 'Marketing')!;
const library = () => site().drives.find((drive) => drive.name === 'Documents')!;
const driveLabel = () => `${site().name} — ${library().name}`;

/** Strapi's notification region. */
const notification = (page: Page, text: string | RegExp) =>
  page
    .getByRole('status')
    .filter({ hasText: text })
    .or(page.getByRole('alert').filter({ hasText: text }));

beforeAll(async () => {
  // No credentials yet: the admin enters them in Settings, the first test.
  scene = await startScene();
  ({ emulator, control, app } = scene);
  admin = await createAdmin(app.strapi, { email: 'admin@e2e.test', roles: 'super' });
  const roleId = await createRole(app.strapi, {
    name: 'Marketing editors',
    actions: [`plugin::${PLUGIN}.read`],
  });
  editor = await createAdmin(app.strapi, { email: 'editor@e2e.test', roles: [roleId] });
  adminPage = (await scene.signIn(admin)).page;
  editorPage = (await scene.signIn(editor)).page;
});

afterAll(() => scene?.close());

test('an admin configures the integration and tests the connection', async () => {
  const page = adminPage;
  await page.goto(`${app.url}/admin/settings/${PLUGIN}`);
  await page.getByLabel('Tenant ID').fill(emulator.info.tenantId);
  await page.getByLabel('Client ID').fill(emulator.info.clientId);
  // The secret's field, not the Credential choice of the same name.
  await page
    .getByLabel('Client secret')
    .and(page.locator('input[type="password"]'))
    .fill(emulator.info.clientSecret);
  await page.getByRole('button', { name: 'Save' }).click();
  await notification(page, 'Settings saved').waitFor();
  await page.getByText('A secret is set.').waitFor();
  // The server's own redirect URI (the test's localhost port), ready to copy into Entra ID.
  expect(await page.getByLabel('Redirect URI').inputValue()).toBe(app.redirectUri);

  await page.getByRole('button', { name: 'Test connection' }).click();
  await notification(page, 'Connected to Microsoft 365').waitFor();
  await screenshot(page, '01-settings-test-connection');
});

test('the admin adds an organisation drive for a role', async () => {
  const page = adminPage;
  await page.getByRole('button', { name: 'Add drive' }).click();
  const dialog = page.getByRole('dialog');
  // The app holds Sites.Selected, which cannot search sites: the modal opens on Site URL (the
  // label "SharePoint site URL" then shows too, so the radio is named by its role).
  await dialog.getByRole('radio', { name: 'Site URL', checked: true }).waitFor();
  await dialog.getByLabel('SharePoint site URL').fill(site().webUrl);
  await dialog.getByRole('button', { name: 'Find' }).click();
  await dialog.getByText(`Site: ${site().name}`).waitFor();
  await dialog.getByRole('combobox', { name: 'Document library' }).click();
  await page.getByRole('option', { name: library().name, exact: true }).click();
  await dialog.getByRole('combobox', { name: 'Access of Marketing editors' }).click();
  await page.getByRole('option', { name: 'Read and write' }).click();
  await screenshot(page, '02-add-platform-drive');
  await dialog.getByRole('button', { name: 'Add drive' }).click();

  const row = page.locator(`tr[data-drive="${driveLabel()}"]`);
  await row.getByText('Marketing editors (read-write)').waitFor();
  await row.getByText('Up to date').waitFor({ timeout: 60_000 });
  await screenshot(page, '03-platform-drives');
});

test('a user of that role sees the drive and browses it', async () => {
  const page = editorPage;
  await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
  const row = page.locator(`tr[data-drive="${driveLabel()}"]`);
  await row.getByText('Up to date').waitFor({ timeout: 60_000 });
  // The playground has no public notification URL: scheduled sync at the default interval.
  await row.getByText('Scheduled sync every 15 minutes').waitFor();
  await screenshot(page, '04-my-files');
  // "Add external drive" offers the organisation drives of the user's roles first.
  await page.getByRole('button', { name: 'Add external drive' }).click();
  const adding = page.getByRole('dialog');
  await adding.getByRole('button', { name: `Open ${driveLabel()}` }).waitFor();
  await screenshot(page, '04b-add-drive-organisation-first');
  await adding.getByRole('button', { name: 'Close' }).last().click();
  await row.getByRole('link', { name: driveLabel() }).click();
  await page
    .locator('[data-sync-mode="polling"]')
    .getByText('Scheduled sync every 15 minutes')
    .waitFor();

  const folderRow = page
    .locator('tr[data-item]')
    .filter({ has: page.getByRole('button') })
    .first();
  await folderRow.waitFor();
  const folderName = await folderRow.getAttribute('data-item');
  await folderRow.getByRole('button', { name: folderName! }).first().click();
  await page.getByRole('navigation', { name: 'Folder path' }).getByText(folderName!).waitFor();
  await screenshot(page, '05-drive-folder');
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link').first().click();
  await page.locator('tr[data-item]').first().waitFor();
});

test('the user uploads a file larger than one fragment, renames it, downloads it', async () => {
  await uploadRenameDownload(editorPage, {
    name: FILE_NAME,
    renamed: RENAMED,
    shots: ['06-uploaded', '07-renamed'],
  });
});

test('Sync Now shows a change made in Microsoft 365', async () => {
  await syncNowShows(
    editorPage,
    async () => {
      const created = 'Made in SharePoint.txt';
      await control.createItem(library().id, { name: created, size: 1234 });
      return created;
    },
    '08-sync-history'
  );
});

test('the user downloads a folder as a ZIP, and is told in words when it passes the limits', async () => {
  const page = editorPage;
  const folder = await control.createItem(library().id, { name: 'Zip folder', folder: true });
  await control.createItem(library().id, { name: 'a.txt', parentId: folder.id, size: 1500 });
  await control.createItem(library().id, { name: 'b.txt', parentId: folder.id, size: 20 });
  const http = supertest(app.strapi.server.httpServer);
  const drives = await http.get(`/${PLUGIN}/drives`).set('Authorization', `Bearer ${admin.token}`);
  const driveId = drives.body.data.find(
    (drive: { name: string }) => drive.name === driveLabel()
  ).id;
  const synced = await http
    .post(`/${PLUGIN}/drives/${driveId}/sync?wait=true`)
    .set('Authorization', `Bearer ${admin.token}`);
  expect(synced.status).toBe(200);
  await page.reload();

  const row = page.locator('tr[data-item="Zip folder"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: 'Download Zip folder as ZIP' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Zip folder.zip');
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  expect(Object.keys(zip.files).sort()).toEqual(['a.txt', 'b.txt']);
  expect((await zip.files['a.txt'].async('nodebuffer')).length).toBe(1500);
  await screenshot(page, '08b-folder-zip');

  const limit = (zipMaxFiles: number) =>
    http
      .put(`/${PLUGIN}/settings`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ zipMaxFiles });
  expect((await limit(1)).status).toBe(200);
  try {
    await row.getByRole('button', { name: 'Download Zip folder as ZIP' }).click();
    await notification(page, 'This folder is larger than a ZIP download may be').waitFor();
    await notification(page, 'It holds 2 files (1.5 KB); a ZIP may hold 1 file').waitFor();
    await screenshot(page, '08c-folder-zip-too-large');
  } finally {
    expect((await limit(10_000)).status).toBe(200);
  }
});

test('when the admin disables downloads the action disappears and the API refuses', async () => {
  const page = adminPage;
  await page.goto(`${app.url}/admin/settings/${PLUGIN}`);
  await page.getByRole('checkbox', { name: 'Downloads' }).click({ force: true });
  await page.getByRole('button', { name: 'Save' }).click();
  await notification(page, 'Settings saved').waitFor();
  await screenshot(page, '09-settings-downloads-off');

  await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
  await page.locator(`tr[data-drive="${driveLabel()}"]`).getByRole('link').click();
  // Admin and editor alike (the editor cannot read the settings): the drive carries the switch.
  for (const [viewer, shot] of [
    [page, '10-downloads-disabled'],
    [editorPage, '10b-downloads-disabled-editor'],
  ] as const) {
    if (viewer === editorPage) await viewer.reload();
    const row = viewer.locator(`tr[data-item="${RENAMED}"]`);
    await row.getByRole('button', { name: `Rename ${RENAMED}` }).waitFor();
    expect(await row.getByRole('button', { name: `Download ${RENAMED}` }).count()).toBe(0);
    await screenshot(viewer, shot);
  }

  const http = supertest(app.strapi.server.httpServer);
  const drives = await http.get(`/${PLUGIN}/drives`).set('Authorization', `Bearer ${editor.token}`);
  const driveId = drives.body.data[0].id;
  const items = await http
    .get(`/${PLUGIN}/drives/${driveId}/search`)
    .query({ q: RENAMED })
    .set('Authorization', `Bearer ${editor.token}`);
  const refused = await http
    .get(`/${PLUGIN}/drives/${driveId}/items/${items.body.data[0].remoteId}/content`)
    .set('Authorization', `Bearer ${editor.token}`);
  expect(refused.status).toBe(403);
  expect(refused.body.error.details.code).toBe('downloadsDisabled');
  const folder = await http
    .get(`/${PLUGIN}/drives/${driveId}/search`)
    .query({ q: 'Zip folder' })
    .set('Authorization', `Bearer ${editor.token}`);
  const zipRefused = await http
    .get(`/${PLUGIN}/drives/${driveId}/items/${folder.body.data[0].remoteId}/zip`)
    .set('Authorization', `Bearer ${editor.token}`);
  expect(zipRefused.status).toBe(403);
  expect(zipRefused.body.error.details.code).toBe('downloadsDisabled');
  // In the page, the folder's action stays in place, disabled, named by the reason.
  const folderAction = editorPage
    .locator('tr[data-item="Zip folder"]')
    .getByRole('button', { name: 'File downloads are disabled by your administrator' });
  expect(await folderAction.isDisabled()).toBe(true);
});

test('a drive with live change notifications says so, with the hourly safety sync', async () => {
  const page = editorPage;
  // The playground has no public notification URL: the drive gets the live subscription the
  // notifications service would record, straight on its row.
  const drives = app.strapi.db.query(UID.drive);
  const { id } = await drives.findOne({ where: { remoteDriveId: library().id } });
  await drives.update({
    where: { id },
    data: { subscriptionId: 'e2e-live', subscriptionExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  try {
    await page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
    const row = page.locator(`tr[data-drive="${driveLabel()}"]`);
    const live = 'Live updates (change notifications), safety sync every hour';
    await row.locator('[data-sync-mode="notifications"]').getByText(live).waitFor();
    // Not the polling interval: the schedule only catches a notification Graph never sent.
    expect(await row.getByText('Scheduled sync every 15 minutes').count()).toBe(0);
    await screenshot(page, '10b-live-updates');
    await row.getByRole('link', { name: driveLabel() }).click();
    await page.locator('[data-sync-mode="notifications"]').getByText(live).waitFor();
  } finally {
    await drives.update({
      where: { id },
      data: { subscriptionId: null, subscriptionExpiresAt: null },
    });
  }
});

test('disconnecting the drive leaves its files in Microsoft 365', async () => {
  const page = adminPage;
  await page.getByRole('button', { name: 'Drive settings' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Nothing is deleted in Microsoft 365').waitFor();
  await screenshot(page, '11-disconnect-confirm');
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL((url) => url.pathname.endsWith(`/plugins/${PLUGIN}`));
  await page
    .getByText('Your administrator has not configured platform-level connections')
    .waitFor();

  const tree = await control.tree(library().id);
  expect(tree.map((entry) => entry.name)).toContain(RENAMED);
});
