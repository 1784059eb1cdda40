/**
 * The everyday in My Files, in a real browser (issue 17, items 3 and 9): search finds a file
 * anywhere in the drive, says where it is and opens its folder, while "In this folder" still
 * filters the open folder only; an upload whose name the server refuses offers Rename (Resume
 * would be refused again), checked as the user types; the name dialogs list the characters the
 * current settings refuse. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { createAdmin } from '../../testkit/admin';
import { dialogScreenshot, screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectSyncedDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const DRIVE = 'Handbook';
const NESTED = 'Quarterly report.xlsx';
const AT_ROOT = 'Quarterly plan.docx';
const ALWAYS_REFUSED = '" * : < > ? / \\ |';

let scene: Scene;
let app: StrapiWithAdmin;
let page: Page;
let driveUrl: string;

/** The Location column's header: drive-wide search results only. */
const locationHeader = () => page.locator('thead th').getByText('Location', { exact: true });

const settings = () => app.strapi.plugin('external-drives').service('settings');

beforeAll(async () => {
  // The app's credentials given at deploy time; the name rule's switch stays in Settings.
  scene = await startScene({ credentials: 'deployed' });
  const { emulator, control } = scene;
  app = scene.app;
  const admin = await createAdmin(app.strapi, {
    email: 'names@first-hour.e2e.test',
    roles: 'super',
  });
  const siteId = emulator.info.sites[0].id;
  const libraryId = (await control.createLibrary(siteId, DRIVE)).id;
  const projects = await control.createItem(libraryId, { name: 'Projects', folder: true });
  const alpha = await control.createItem(libraryId, {
    name: 'Alpha',
    folder: true,
    parentId: projects.id,
  });
  await control.createItem(libraryId, { name: NESTED, size: 100, parentId: alpha.id });
  await control.createItem(libraryId, { name: AT_ROOT, size: 100 });
  driveUrl = await connectSyncedDrive(app, admin.token, { siteId, libraryId, name: DRIVE });

  ({ page } = await scene.signIn(admin));
});

afterAll(() => scene?.close());

const row = (name: string) => page.locator(`tr[data-item="${name}"]`);
const upload = (name: string) => page.locator(`li[data-upload="${name}"]`);

/** Types the text in the search box (opened first when it is only its icon) and submits it. */
async function search(text: string) {
  const box = page.locator('input[name="search"]');
  if (!(await box.isVisible()))
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  await box.fill(text);
  await box.press('Enter');
}

const searchIn = (where: 'In this folder' | 'In this drive') =>
  page.getByRole('radio', { name: where }).click();

test('search finds a file anywhere in the drive, shows where it is and opens its folder', async () => {
  await page.goto(driveUrl);
  await row(AT_ROOT).waitFor();

  await searchIn('In this drive');
  await search('quarterly');
  await row(NESTED).getByRole('button', { name: 'Open the folder /Projects/Alpha' }).waitFor();
  // The root is named by the drive.
  await row(AT_ROOT)
    .getByRole('button', { name: `Open the folder ${DRIVE}` })
    .waitFor();
  await locationHeader().waitFor();
  await screenshot(page, 'names-search-01-drive-wide');

  await row(NESTED).getByRole('button', { name: 'Open the folder /Projects/Alpha' }).click();
  await page.waitForURL((url) => url.searchParams.has('folder') && !url.searchParams.has('_q'));
  await page.getByRole('navigation', { name: 'Folder path' }).getByText('Alpha').waitFor();
  await row(NESTED).waitFor();
  expect(await locationHeader().count()).toBe(0);
  await screenshot(page, 'names-search-02-location-opened');

  // In this folder: the plan at the drive's root is not in Alpha.
  await searchIn('In this folder');
  await search('plan');
  await page.getByText('No file or folder matches this filter').waitFor();
  expect(await row(AT_ROOT).count()).toBe(0);

  // The same text over the whole drive finds it; a text nothing matches says so.
  await searchIn('In this drive');
  await row(AT_ROOT).waitFor();
  await search('nothing-like-this');
  await page.getByText('No file or folder in this drive matches “nothing-like-this”').waitFor();
  await screenshot(page, 'names-search-03-no-match-in-drive');
});

test('an upload refused for its name offers Rename, checked as the user types', async () => {
  await page.goto(driveUrl);
  await row(AT_ROOT).waitFor();
  const refused = 'Notes #1.txt';
  await page.getByTestId('upload-input').setInputFiles({
    name: refused,
    mimeType: 'text/plain',
    buffer: Buffer.from('meeting notes'),
  });
  const failed = upload(refused).and(page.locator('[data-state="failed"]'));
  await failed
    .getByText(
      "The name contains the character '#', which your administrator asks to avoid in SharePoint and OneDrive names",
      { exact: true }
    )
    .waitFor();
  expect(await failed.getByRole('button', { name: 'Resume' }).count()).toBe(0);
  await screenshot(page, 'names-search-04-upload-refused');

  await failed.getByRole('button', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog');
  const name = dialog.getByLabel('Name');
  expect(await name.inputValue()).toBe(refused);
  const confirm = dialog.getByRole('button', { name: 'Upload', exact: true });
  await name.fill('Notes #1 & 2%.txt');
  await dialog
    .getByText('“Notes #1 & 2%.txt” contains characters that are not allowed: # & %', {
      exact: true,
    })
    .waitFor();
  expect(await confirm.isDisabled()).toBe(true);
  await dialogScreenshot(page, 'names-search-05-rename-checked-as-typed');

  await name.fill('Notes 1.txt');
  expect(await confirm.isEnabled()).toBe(true);
  await confirm.click();
  await upload('Notes 1.txt').and(page.locator('[data-state="done"]')).waitFor();
  await row('Notes 1.txt').waitFor();
  await screenshot(page, 'names-search-06-renamed-upload-done');
});

test("the rename dialog's hint lists the characters the current settings refuse", async () => {
  const hintOf = async () => {
    await page.goto(driveUrl);
    await row(AT_ROOT)
      .getByRole('button', { name: `Rename ${AT_ROOT}` })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').waitFor();
    return dialog;
  };

  let dialog = await hintOf();
  await dialog
    .getByText(
      `Not allowed in names: ${ALWAYS_REFUSED} # % &. A name cannot start or end with a space.`,
      { exact: true }
    )
    .waitFor();
  await dialogScreenshot(page, 'names-search-07-rename-hint');

  // The administrator allows # % &: the hint stops listing them, and the dialog accepts them.
  await settings().update({ rejectDiscouragedCharacters: false });
  try {
    dialog = await hintOf();
    await dialog
      .getByText(
        `Not allowed in names: ${ALWAYS_REFUSED}. A name cannot start or end with a space.`,
        {
          exact: true,
        }
      )
      .waitFor();
    await dialog.getByLabel('Name').fill('Plan #2.docx');
    expect(await dialog.getByRole('button', { name: 'Rename' }).isEnabled()).toBe(true);
  } finally {
    await settings().update({ rejectDiscouragedCharacters: true });
  }
});
