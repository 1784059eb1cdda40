/**
 * Folder upload in a real browser (issue 23): a folder picked with "Upload folder" arrives in
 * Microsoft 365 with its tree, shown as one progress view; a folder holding names SharePoint
 * refuses is stopped before anything is sent, with every refused name listed at once; a file that
 * fails is retried from the folder's view. Screenshots land in tests/e2e/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ControlClient } from '../../emulator/src';
import { createAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import { dialogScreenshot, screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectSyncedDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const DRIVE = 'Field trips';

let scene: Scene;
let control: ControlClient;
let app: StrapiWithAdmin;
let page: Page;
let driveUrl: string;
let libraryId: string;
let disk: string;

/** Writes a folder on disk: relative path → content. */
function writeFolder(name: string, files: Record<string, string | Buffer>) {
  const root = path.join(disk, name);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

/** The emulator's items of the library, by path. */
const emulatorPaths = async () =>
  new Map((await control.tree(libraryId)).map((entry) => [entry.path, entry]));

const folderView = (name: string) => page.locator(`li[data-folder-upload="${name}"]`);
const upload = (name: string) => page.locator(`li[data-upload="${name}"]`);
const row = (name: string) => page.locator(`tr[data-item="${name}"]`);

beforeAll(async () => {
  disk = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-upload-e2e-'));
  scene = await startScene({ credentials: 'deployed' });
  ({ control, app } = scene);
  const admin = await createAdmin(app.strapi, {
    email: 'folders@folder-upload.e2e.test',
    roles: 'super',
  });
  const siteId = scene.emulator.info.sites[0].id;
  libraryId = (await control.createLibrary(siteId, DRIVE)).id;
  // Already in the library: the upload adds to this folder instead of making a second one.
  const trip = await control.createItem(libraryId, { name: 'Lisbon 2026', folder: true });
  await control.createItem(libraryId, { name: 'itinerary.pdf', parentId: trip.id, size: 300 });
  driveUrl = await connectSyncedDrive(app, admin.token, { siteId, libraryId, name: DRIVE });
  ({ page } = await scene.signIn(admin));
});

afterAll(async () => {
  await scene?.close();
  if (disk) fs.rmSync(disk, { recursive: true, force: true });
});

test('a picked folder arrives with its tree, in one progress view', async () => {
  const folder = writeFolder('Lisbon 2026', {
    'notes.txt': 'Pastéis de nata at 10',
    'Day 1/tram.jpg': Buffer.alloc(700 * 1024, 7),
    'Day 1/Belém/tower.jpg': Buffer.alloc(90 * 1024, 3),
    'Day 2/map.png': Buffer.alloc(40 * 1024, 9),
    'Day 2/empty.txt': '',
  });
  await page.goto(driveUrl);
  await row('Lisbon 2026').waitFor();
  await page.getByRole('button', { name: 'Upload folder' }).waitFor();
  await screenshot(page, 'folder-upload-01-before');

  await page.getByTestId('upload-folder-input').setInputFiles(folder);
  const view = folderView('Lisbon 2026');
  await view.getByText('5 of 5 files uploaded', { exact: false }).waitFor({ timeout: 120_000 });
  expect(await view.locator('li[data-state="done"]').count()).toBe(5);
  await screenshot(page, 'folder-upload-02-done');

  const paths = await emulatorPaths();
  for (const [file, size] of [
    ['/Lisbon 2026/notes.txt', Buffer.byteLength('Pastéis de nata at 10')],
    ['/Lisbon 2026/Day 1/tram.jpg', 700 * 1024],
    ['/Lisbon 2026/Day 1/Belém/tower.jpg', 90 * 1024],
    ['/Lisbon 2026/Day 2/map.png', 40 * 1024],
    ['/Lisbon 2026/Day 2/empty.txt', 0],
  ] as const) {
    expect({ file, entry: paths.get(file) }).toMatchObject({ file, entry: { size } });
  }
  expect(paths.get('/Lisbon 2026/itinerary.pdf')).toMatchObject({ size: 300 });
  // One "Lisbon 2026" in the library: the existing folder was reused.
  const entries = await control.tree(libraryId);
  expect(entries.filter((entry) => entry.path === '/Lisbon 2026')).toHaveLength(1);

  // The tree is browsable at once: the folder opens on what was uploaded.
  await row('Lisbon 2026').getByRole('button', { name: 'Lisbon 2026', exact: true }).click();
  await row('Day 1').waitFor();
  await row('Day 2').waitFor();
  await row('notes.txt').waitFor();
  await screenshot(page, 'folder-upload-03-tree-in-drive');
});

test('a folder with names SharePoint refuses lists them all at once and sends nothing', async () => {
  const folder = writeFolder('Scans', {
    'ok.pdf': 'fine',
    'invoice: March?.pdf': 'refused characters',
    'Old/CON.txt': 'reserved',
    'Old/desktop.ini': 'reserved',
    'Bad|Folder/inside.txt': 'below a refused folder',
    '~$draft.docx': 'lock file',
  });
  await page.goto(driveUrl);
  await row('Lisbon 2026').waitFor();
  const before = await emulatorPaths();

  await page.getByTestId('upload-folder-input').setInputFiles(folder);
  const dialog = page.getByRole('dialog');
  await dialog.getByText('The folder Scans was not uploaded').waitFor();
  await dialog.getByText('5 names are not allowed', { exact: false }).waitFor();
  for (const refused of [
    'Scans/invoice: March?.pdf',
    'Scans/Old/CON.txt',
    'Scans/Old/desktop.ini',
    'Scans/Bad|Folder',
    'Scans/~$draft.docx',
  ])
    await dialog.locator(`li[data-refused-name="${refused}"]`).waitFor();
  expect(await dialog.locator('li[data-refused-name]').count()).toBe(5);
  await dialogScreenshot(page, 'folder-upload-04-refused-names');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // Nothing reached Microsoft 365, not even the folder.
  expect([...(await emulatorPaths()).keys()].sort()).toEqual([...before.keys()].sort());
  expect(await folderView('Scans').count()).toBe(0);
});

test('a file that fails is retried from the folder’s progress view', async () => {
  const folder = writeFolder('Receipts', {
    'taxi.pdf': 'taxi',
    'hotel.pdf': 'hotel',
    'museum.pdf': 'museum',
  });
  // Microsoft 365 fails every write of this one file, whatever the retries, until the rule goes.
  const [rule] = await control.addFaults([
    {
      kind: 'serverError',
      status: 500,
      method: 'PUT',
      path: '/path/hotel\\.pdf/content$',
      times: 1000,
    },
  ]);
  await page.goto(driveUrl);
  await row('Lisbon 2026').waitFor();
  await page.getByTestId('upload-folder-input').setInputFiles(folder);

  const view = folderView('Receipts');
  await upload('hotel.pdf')
    .and(page.locator('[data-state="failed"]'))
    .waitFor({ timeout: 120_000 });
  await view.getByText('2 of 3 files uploaded', { exact: false }).waitFor({ timeout: 120_000 });
  await view.getByText('1 file failed', { exact: false }).waitFor();
  await screenshot(page, 'folder-upload-05-one-failed');

  await control.removeFault(rule.id);
  await view.getByRole('button', { name: 'Retry failed files' }).click();
  await view.getByText('3 of 3 files uploaded', { exact: false }).waitFor({ timeout: 120_000 });
  expect(await view.getByRole('button', { name: 'Retry failed files' }).count()).toBe(0);
  await screenshot(page, 'folder-upload-06-retried');
  await until('the retried file in the emulator', async () =>
    (await emulatorPaths()).has('/Receipts/hotel.pdf')
  );
});
