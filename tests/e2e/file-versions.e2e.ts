/**
 * A file's versions in a real browser: a file edited twice in Microsoft 365 shows three versions
 * (who, when, size) from its row's Versions action; a read-write user downloads an earlier one and
 * restores it, which the Activity tab records; a read-only user sees no Restore; with downloads
 * switched off, Download is disabled and says why. Screenshots land in tests/e2e/screenshots/.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { ControlClient } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { PERMISSIONS } from '../../shared/permissions';
import { createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const FILE = 'Contract.docx';
const SIZES = [1200, 2400, 3600];

let scene: Scene;
let control: ControlClient;
let app: StrapiWithAdmin;
let writer: CreatedAdmin;
let reader: CreatedAdmin;
let libraryId: string;
let file: ControlItem;
let driveUrl: string;

const versionsDialog = async (page: Page) => {
  await page.goto(driveUrl);
  await page
    .locator(`tr[data-item="${FILE}"]`)
    .getByRole('button', { name: `Versions of ${FILE}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('tr[data-version]').first().waitFor();
  return dialog;
};

const signedIn = async (account: CreatedAdmin) => (await scene.signIn(account)).page;

beforeAll(async () => {
  scene = await startScene({ credentials: 'saved' });
  ({ control, app } = scene);
  writer = await createAdmin(app.strapi, { email: 'writer@versions.e2e.test', roles: 'super' });
  const readRole = await createRole(app.strapi, {
    name: 'Contract readers',
    actions: [PERMISSIONS.read],
  });
  reader = await createAdmin(app.strapi, { email: 'reader@versions.e2e.test', roles: [readRole] });

  // A file edited twice in Microsoft 365: three versions.
  const site = scene.emulator.info.sites[0];
  libraryId = (await control.createLibrary(site.id, 'Contracts')).id;
  file = await control.createItem(libraryId, { name: FILE, size: SIZES[0], seed: 'v1' });
  await control.modifyItem(libraryId, file.id, { size: SIZES[1], seed: 'v2' });
  await control.modifyItem(libraryId, file.id, { size: SIZES[2], seed: 'v3' });

  const drive = await connectDrive(app, writer.token, {
    siteId: site.id,
    libraryId,
    name: 'Contracts',
    roles: [{ roleId: readRole, access: 'read' }],
  });
  driveUrl = drive.url;
});

afterAll(() => scene?.close());

test('a read-write user lists, downloads and restores a version; Activity records it', async () => {
  const page = await signedIn(writer);
  const dialog = await versionsDialog(page);
  const rows = dialog.locator('tr[data-version]');
  await expect(
    rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-version')))
  ).resolves.toEqual(['3.0', '2.0', '1.0']);
  await dialog.locator('tr[data-version="3.0"]').getByText('Current').waitFor();
  // Versions made in Microsoft 365 through the control API name its system account.
  await dialog.locator('tr[data-version="1.0"]').getByText('System Account').waitFor();
  // The current version cannot be restored: it has no Restore button.
  expect(
    await dialog.locator('tr[data-version="3.0"]').getByRole('button', { name: 'Restore' }).count()
  ).toBe(0);
  await screenshot(page, 'file-versions-01-list');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download version 1.0' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(FILE);
  expect(fs.statSync(await download.path()).size).toBe(SIZES[0]);

  await dialog.getByRole('button', { name: 'Restore version 1.0' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Version 1.0 of ${FILE} is the current version again` })
    .first()
    .waitFor();
  const restored = dialog.locator('tr[data-version="4.0"]');
  await restored.getByText('Current').waitFor();
  // The plugin writes as its app: Microsoft names it as the new version's author.
  await restored.getByText('SharePoint App').waitFor();
  await screenshot(page, 'file-versions-02-restored');
  const tree = await control.tree(libraryId);
  expect(tree.find((entry) => entry.id === file.id)?.size).toBe(SIZES[0]);

  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('button', { name: 'Drive settings' }).click();
  const settings = page.getByRole('dialog');
  await settings.getByRole('tab', { name: 'Activity' }).click();
  await settings.getByText(`Restored an earlier version of ${FILE}`).waitFor();
  await screenshot(page, 'file-versions-03-activity');
});

test('a read-only user sees the versions and may download, but is offered no Restore', async () => {
  const page = await signedIn(reader);
  const dialog = await versionsDialog(page);
  await dialog.getByRole('button', { name: 'Download version 1.0' }).waitFor();
  expect(await dialog.getByRole('button', { name: 'Restore' }).count()).toBe(0);
  await screenshot(page, 'file-versions-04-read-only');
});

test('with downloads switched off, Download is disabled and says why', async () => {
  const settings = app.strapi.plugin('external-drives').service('settings');
  await settings.update({ downloadsEnabled: false });
  try {
    const page = await signedIn(writer);
    const dialog = await versionsDialog(page);
    // Each Download button is disabled, its label saying why, and so does a line under the list.
    const refused = 'File downloads are disabled by your administrator';
    const download = dialog
      .locator('tr[data-version="1.0"]')
      .getByRole('button', { name: refused });
    await expect(download.isDisabled()).resolves.toBe(true);
    expect(await dialog.getByRole('button', { name: /^Download version/ }).count()).toBe(0);
    await expect(dialog.locator('[data-hint="downloads-off"]').textContent()).resolves.toBe(
      refused
    );
    await screenshot(page, 'file-versions-05-downloads-off');
  } finally {
    await settings.update({ downloadsEnabled: true });
  }
});
