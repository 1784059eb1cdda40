/**
 * "Copy link" (issue 22) in a real browser: the drive view's Copy link puts Microsoft 365's
 * organization view link on the clipboard and says so; the Settings page's "Sharing links" follows
 * Downloads unless set (links on with downloads off); an organisation drive set to "No sharing
 * links" offers no Copy link. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import type { ControlClient } from '../../emulator/src';
import { createAdmin, type CreatedAdmin } from '../../testkit/admin';
import { until } from '../../testkit/wait';
import { PLUGIN_ID } from '../../shared/plugin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { pluginApi } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const DRIVE = 'Shared documents';
const FILE = 'Price list 2027.xlsx';

let scene: Scene;
let control: ControlClient;
let app: StrapiWithAdmin;
let admin: CreatedAdmin;
let page: Page;
let driveId: number;
let remoteDriveId: string;
let fileId: string;

const api = () => pluginApi(app, admin.token);
const settle = async (update: Record<string, unknown>) =>
  expect((await api().put('/settings').send(update)).status).toBe(200);
const fileRow = () => page.locator(`tr[data-item="${FILE}"]`);
const copyLinkButton = () => fileRow().getByRole('button', { name: `Copy link to ${FILE}` });
const openDrive = async () => {
  await page.goto(`${app.url}/admin/plugins/${PLUGIN_ID}/drives/${driveId}`);
  await fileRow()
    .getByRole('button', { name: `Rename ${FILE}` })
    .waitFor();
};

beforeAll(async () => {
  scene = await startScene({ credentials: 'deployed' });
  ({ control, app } = scene);
  admin = await createAdmin(app.strapi, { email: 'admin@links.e2e.test', roles: 'super' });

  const site = scene.emulator.info.sites[0];
  remoteDriveId = site.drives[0].id;
  fileId = (await control.createItem(remoteDriveId, { name: FILE, size: 2048 })).id;
  const created = await api()
    .post('/drives')
    .send({ siteId: site.id, driveId: remoteDriveId, name: DRIVE });
  expect(created.status).toBe(201);
  driveId = created.body.data.id;
  await until('the first sync', async () => {
    const drive = (await api().get(`/drives/${driveId}`)).body.data;
    return drive.status === 'ok' && drive;
  });

  // Copy link writes to the clipboard; the test reads it back.
  const permissions = ['clipboard-read', 'clipboard-write'];
  ({ page } = await scene.signIn(admin, { permissions }));
});

afterAll(() => scene?.close());

test('Copy link puts the organization view link on the clipboard and says so', async () => {
  await openDrive();
  await copyLinkButton().click();
  await page.getByText(`A link to ${FILE} for people in your organization was copied`).waitFor();
  const links = await until('the link in Microsoft 365', async () => {
    const made = await control.sharingLinks(remoteDriveId, fileId);
    return made.length > 0 && made;
  });
  expect(links).toHaveLength(1);
  expect(links[0]).toMatchObject({ type: 'view', scope: 'organization' });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(links[0].webUrl);
  await screenshot(page, '60-sharing-link-copied');

  // Again: Microsoft 365 hands back the same link, none is added.
  await copyLinkButton().click();
  await until(
    'the second toast',
    async () =>
      (await page
        .getByText(`A link to ${FILE} for people in your organization was copied`)
        .count()) > 0
  );
  expect(await control.sharingLinks(remoteDriveId, fileId)).toHaveLength(1);
});

test('Sharing links follow Downloads unless set: off with downloads, on again when set', async () => {
  await settle({ downloadsEnabled: false });
  await openDrive();
  expect(await copyLinkButton().count()).toBe(0);

  await page.goto(`${app.url}/admin/settings/${PLUGIN_ID}`);
  const select = page.getByRole('combobox', { name: 'Sharing links' });
  await select.waitFor();
  expect(await select.innerText()).toContain('Same as Downloads (off)');
  await select.click();
  await page.getByRole('option', { name: 'On', exact: true }).click();
  await screenshot(page, '61-sharing-links-setting-on');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Settings saved').first().waitFor();
  const stored = (await app.strapi
    .store({ type: 'plugin', name: PLUGIN_ID })
    .get({ key: 'integration' })) as { sharingLinksEnabled?: boolean | null };
  expect(stored.sharingLinksEnabled).toBe(true);

  // Downloads stay off, the link is offered.
  await openDrive();
  await copyLinkButton().waitFor();
  expect(
    await fileRow()
      .getByRole('button', { name: 'File downloads are disabled by your administrator' })
      .isDisabled()
  ).toBe(true);
  await screenshot(page, '62-copy-link-with-downloads-off');
  await settle({ downloadsEnabled: true, sharingLinksEnabled: null });
});

test('an organisation drive set to "No sharing links" offers no Copy link', async () => {
  await page.goto(`${app.url}/admin/settings/${PLUGIN_ID}`);
  await page
    .locator(`tr[data-drive="${DRIVE}"]`)
    .getByRole('button', { name: `Edit the roles of ${DRIVE}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Sharing links' }).click();
  await page.getByRole('option', { name: 'No sharing links' }).click();
  await screenshot(page, '63-drive-link-scope-none');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await until('the drive saved', async () => {
    const drive = (await api().get(`/drives/${driveId}`)).body.data;
    return drive.linkScope === 'none' && drive;
  });

  await openDrive();
  expect(await copyLinkButton().count()).toBe(0);
  await screenshot(page, '64-no-copy-link-on-drive');
  const refused = await api()
    .post(`/drives/${driveId}/items/${encodeURIComponent(fileId)}/link`)
    .send({});
  expect(refused.status).toBe(403);
  expect(refused.body.error.details.code).toBe('sharingLinksDisabled');
});
