/**
 * Thumbnails in a real browser: My Files shows the small thumbnail of images, PDFs and Office
 * files and a placeholder of the kind for others; a folder of sixty pictures fetches thumbnails
 * for the rows in view only, more as the user scrolls; a file changed in Microsoft 365 shows its
 * new picture after the sync; the editors' picker shows them too. The browser never talks to
 * Microsoft (the emulator): every thumbnail comes through the plugin. Screenshots land in
 * tests/e2e/screenshots/.
 */
import type { Page, Request } from 'playwright-core';
import supertest from 'supertest';
import type { ControlClient, RunningEmulator } from '../../emulator/src';
import type { ControlItem } from '../../emulator/src/control/client';
import { adminRequest, createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import path from 'node:path';
import { screenshot, SCREENSHOTS } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const ARTICLE = 'api::article.article';
const GALLERY_SIZE = 60;

let scene: Scene;
let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let page: Page;
let admin: CreatedAdmin;
let driveId: number;
let libraryId: string;
let photo: ControlItem;
const requests: string[] = [];
const itemIds: Record<string, string> = {};

const thumbnailRequests = () => requests.filter((url) => /\/thumbnail(\?|$)/.test(url));
const row = (name: string) => page.locator(`tr[data-item="${name}"]`);
const api = () => adminRequest(supertest(app.strapi.server.httpServer), admin.token);
const sync = async () => {
  const answer = await api().post(`/external-drives/drives/${driveId}/sync?wait=true`);
  expect(answer.body.data.status).toBe('succeeded');
};

/** A screenshot of the viewport only: what the user sees before scrolling. */
const viewportShot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** The colour of the thumbnail image's top-left pixel, read back through a canvas. */
const pixelOf = (name: string) =>
  row(name)
    .locator('[data-thumbnail="image"] img')
    .evaluate((image: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      return [...context.getImageData(2, 2, 1, 1).data.slice(0, 3)];
    });

beforeAll(async () => {
  scene = await startScene({ credentials: 'saved' });
  ({ emulator, control, app } = scene);
  admin = await createAdmin(app.strapi, { email: 'thumbs@thumbnails.e2e.test', roles: 'super' });
  const site = emulator.info.sites[0];
  libraryId = (await control.createLibrary(site.id, 'Brand assets')).id;
  photo = await control.createItem(libraryId, { name: 'Team photo.jpg', size: 40_000 });
  for (const name of ['Plan.pdf', 'Budget.xlsx', 'Pitch.pptx', 'Notes.txt', 'Logos.zip']) {
    itemIds[name] = (await control.createItem(libraryId, { name, size: 3_000 })).id;
  }
  const gallery = await control.createItem(libraryId, { name: 'Gallery', folder: true });
  for (let index = 1; index <= GALLERY_SIZE; index += 1) {
    const name = `picture-${String(index).padStart(2, '0')}.png`;
    await control.createItem(libraryId, { name, parentId: gallery.id, size: 500 });
  }
  const drive = await connectDrive(app, admin.token, {
    siteId: site.id,
    libraryId,
    name: 'Brand assets',
  });
  driveId = drive.id;

  ({ page } = await scene.signIn(admin));
  page.on('request', (request: Request) => requests.push(request.url()));
});

afterAll(() => scene?.close());

test('My Files shows thumbnails for images, PDFs and Office files, placeholders for the rest', async () => {
  await page.goto(`${app.url}/admin/plugins/external-drives/drives/${driveId}`);
  for (const name of ['Team photo.jpg', 'Plan.pdf', 'Budget.xlsx', 'Pitch.pptx']) {
    const image = row(name).locator('[data-thumbnail="image"] img');
    await image.waitFor({ timeout: 30_000 });
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(96);
  }
  await row('Notes.txt').locator('[data-thumbnail="placeholder"][data-kind="text"]').waitFor();
  await row('Logos.zip').locator('[data-thumbnail="placeholder"][data-kind="archive"]').waitFor();
  await row('Gallery').waitFor();
  // Files without a thumbnail are not even asked for.
  const unasked = [itemIds['Notes.txt'], itemIds['Logos.zip']].map(encodeURIComponent);
  expect(thumbnailRequests().filter((url) => unasked.some((id) => url.includes(id)))).toEqual([]);
  expect(thumbnailRequests().some((url) => url.includes(encodeURIComponent(photo.id)))).toBe(true);
  await screenshot(page, 'thumbnails-01-my-files');
});

test('a long folder fetches thumbnails of the rows in view only, more as the user scrolls', async () => {
  await row('Gallery').getByRole('button', { name: 'Gallery', exact: true }).click();
  await row('picture-01.png').locator('[data-thumbnail="image"]').waitFor({ timeout: 30_000 });
  // The first page holds 50 rows; the 900-pixel viewport shows far fewer.
  await row('picture-50.png').waitFor({ state: 'attached' });
  expect(await row('picture-50.png').locator('[data-thumbnail="placeholder"]').count()).toBe(1);
  const before = thumbnailRequests().length;
  const shownFirst = await page.locator('[data-thumbnail="image"]').count();
  expect(shownFirst).toBeGreaterThan(0);
  expect(shownFirst).toBeLessThan(50);
  // What the user sees (a full-page shot would bring every row into view first).
  await viewportShot('thumbnails-02-gallery-top');

  await row('picture-50.png').scrollIntoViewIfNeeded();
  await row('picture-50.png').locator('[data-thumbnail="image"]').waitFor({ timeout: 30_000 });
  expect(thumbnailRequests().length).toBeGreaterThan(before);
  expect(await page.locator('[data-thumbnail="image"]').count()).toBeGreaterThan(shownFirst);
  await viewportShot('thumbnails-03-gallery-scrolled');
});

test('a file changed in Microsoft 365 shows its new thumbnail after the sync', async () => {
  await page.goto(`${app.url}/admin/plugins/external-drives/drives/${driveId}`);
  await row('Team photo.jpg').locator('[data-thumbnail="image"] img').waitFor();
  const before = await pixelOf('Team photo.jpg');
  await control.modifyItem(libraryId, photo.id, { seed: 'the team, a year later' });
  await sync();
  await page.reload();
  await until(
    'the new thumbnail',
    async () => {
      const image = row('Team photo.jpg').locator('[data-thumbnail="image"] img');
      if ((await image.count()) === 0) return false;
      return (await pixelOf('Team photo.jpg')).join() !== before.join();
    },
    { timeoutMs: 30_000 }
  );
  await screenshot(page, 'thumbnails-04-changed');
});

test('the editors’ picker shows thumbnails too', async () => {
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/create`);
  await page.getByRole('button', { name: 'Choose a file from SharePoint or OneDrive' }).click();
  const picker = page.getByRole('dialog');
  await picker.getByRole('button', { name: 'Brand assets' }).click();
  const pdf = picker.getByRole('button', { name: 'Plan.pdf' });
  await pdf.locator('[data-thumbnail="image"] img').waitFor({ timeout: 30_000 });
  await picker
    .getByRole('button', { name: 'Notes.txt' })
    .locator('[data-thumbnail="placeholder"]')
    .waitFor();
  await screenshot(page, 'thumbnails-05-picker');
});

test('the browser never reached Microsoft 365: no Graph or thumbnail host, no token', () => {
  const emulatorPort = new URL(emulator.info.graphUrl).port;
  const toMicrosoft = requests.filter((url) => new URL(url).port === emulatorPort);
  expect(toMicrosoft).toEqual([]);
  expect(thumbnailRequests().length).toBeGreaterThan(0);
  for (const url of thumbnailRequests()) expect(new URL(url).origin).toBe(new URL(app.url).origin);
});
