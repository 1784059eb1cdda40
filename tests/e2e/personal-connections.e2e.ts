/**
 * Personal connections in a real browser: a user without any organisation drive connects their
 * own OneDrive through the Microsoft sign-in page (the emulator's), connects a SharePoint library
 * by searching a site with their own account, reads the explanation when the sign-in goes wrong,
 * reconnects a drive whose sign-in was revoked, and disconnects; Microsoft 365 keeps every file.
 * Screenshots of each step land in tests/e2e/screenshots/ (gitignored).
 */
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import type { ControlClient, RunningEmulator } from '../../emulator/src';
import { createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { screenshot, signIn } from './support/browser';
import { MULTI_FRAGMENT_BYTES, syncNowShows, uploadRenameDownload } from './support/drive-steps';
import { startScene, type Scene } from './support/scene';
import type { StrapiWithAdmin } from './support/strapi-with-admin';
import { UID } from '../../server/src/constants';

const PLUGIN = 'external-drives';
const ONEDRIVE = 'OneDrive – Adele Vance';
const LIBRARY_NAME = 'Campaign files';

let scene: Scene;
let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let browser: Browser;
let admin: CreatedAdmin;
let reader: CreatedAdmin;
let page: Page;

const adele = () => emulator.info.users.find((user) => user.displayName === 'Adele Vance')!;
const marketing = () => emulator.info.sites.find((site) => site.name === 'Marketing')!;
const api = () => supertest(app.strapi.server.httpServer);

const notification = (text: string | RegExp) =>
  page
    .getByRole('status')
    .filter({ hasText: text })
    .or(page.getByRole('alert').filter({ hasText: text }));

const openMyFiles = () => page.goto(`${app.url}/admin/plugins/${PLUGIN}`);
const driveRow = (name: string) => page.locator(`tr[data-drive="${name}"]`);

/** What a person does on Microsoft's page: pick their account, then Accept (or Cancel). */
async function signInAtMicrosoft(userName: string, button: 'accept' | 'cancel', shot?: string) {
  await page.waitForURL((url) => url.origin === emulator.info.authorityHost, { timeout: 30_000 });
  await page.locator('label.user', { hasText: userName }).locator('input[name="user_id"]').check();
  if (shot) await screenshot(page, shot);
  await page.locator(`#${button}`).click();
}

/** Back in the admin panel: the callback's parameters must be gone from the address. */
async function expectAddressCleaned() {
  await page.waitForURL(
    (url) =>
      url.origin === app.url &&
      !['connected', 'account', 'error', 'reason'].some((name) => url.searchParams.has(name))
  );
}

const myDrives = async () =>
  (await api().get(`/${PLUGIN}/drives`).set('Authorization', `Bearer ${reader.token}`)).body
    .data as Array<{ id: number; name: string; status: string }>;

beforeAll(async () => {
  scene = await startScene({
    credentials: 'deployed',
    // Access tokens shorter than msal's five-minute renewal margin: every Graph call refreshes the
    // token, so a sign-in revoked in Entra ID shows at the next sync, as it would within the hour.
    beforeStrapi: (_emulator, client) => client.setTokenLifetime(120),
  });
  ({ emulator, control, app } = scene);
  admin = await createAdmin(app.strapi, { email: 'admin@personal.e2e.test', roles: 'super' });
  // The plugin's `read` permission (no drive manager, no settings) and Media Library uploads.
  const readers = await createRole(app.strapi, {
    name: 'Readers',
    actions: [`plugin::${PLUGIN}.read`, 'plugin::upload.read', 'plugin::upload.assets.create'],
  });
  reader = await createAdmin(app.strapi, { email: 'reader@personal.e2e.test', roles: [readers] });
  ({ browser, page } = await scene.signIn(reader));
});

afterAll(() => scene?.close());

test('a user without drives reads why and is offered to connect their own', async () => {
  await openMyFiles();
  await page
    .getByText('Your administrator has not configured platform-level connections')
    .waitFor();
  await page.getByRole('button', { name: 'Connect my own drive' }).waitFor();
  await screenshot(page, 'p01-empty-state');
});

test('a sign-in started from another address of the server says which one to use, before leaving the page', async () => {
  // Microsoft sends the browser back to the redirect URI's origin (localhost): a sign-in started
  // on 127.0.0.1 would end at Microsoft with its cookie left behind on the other origin.
  const elsewhere = app.url.replace('//localhost:', '//127.0.0.1:');
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const other = await context.newPage();
    await signIn(other, elsewhere, reader.user.email, reader.password);
    await other.goto(`${elsewhere}/admin/plugins/${PLUGIN}`);
    await other.getByRole('button', { name: 'Connect my own drive' }).click();
    await other.getByRole('dialog').getByRole('button', { name: 'Connect my account' }).click();
    await other.getByText(`Sign-in with Microsoft must start from ${app.url}/admin`).waitFor();
    expect(new URL(other.url()).origin).toBe(elsewhere);
    await screenshot(other, 'p01b-sign-in-from-another-address');
  } finally {
    await context.close();
  }
});

test("with personal connections turned off, connecting one's own account is not offered", async () => {
  const off = await api()
    .put(`/${PLUGIN}/settings`)
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ personalConnectionsAllowed: false });
  expect(off.status).toBe(200);
  try {
    await openMyFiles();
    // The empty state without the invitation, once the page knows the switch.
    await page
      .getByText(
        'Your administrator has not configured platform-level connections for your roles yet.',
        { exact: true }
      )
      .waitFor();
    expect(await page.getByRole('button', { name: 'Connect my own drive' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add external drive' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'OneDrive' }).click();
    await dialog.getByTestId('personal-off').waitFor();
    expect(await dialog.getByRole('button', { name: 'Connect my account' }).count()).toBe(0);
    await screenshot(page, 'p02-personal-connections-off');
    await dialog.getByRole('button', { name: 'Close' }).last().click();
  } finally {
    await api()
      .put(`/${PLUGIN}/settings`)
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ personalConnectionsAllowed: true });
  }
});

test('a user connects their OneDrive through the Microsoft sign-in page', async () => {
  await openMyFiles();
  await page.getByRole('button', { name: 'Connect my own drive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Connect my account' }).click();
  await signInAtMicrosoft('Adele Vance', 'accept', 'p03-microsoft-sign-in');

  // Back from the callback: the new drive opens and its first sync fills it.
  await page.waitForURL((url) => /\/plugins\/external-drives\/drives\/\d+$/.test(url.pathname));
  await expectAddressCleaned();
  await notification('Drive connected').first().waitFor();
  await page.getByRole('heading', { name: ONEDRIVE }).waitFor();
  const rootEntries = (await control.tree(adele().driveId)).filter(
    (entry) => entry.path.split('/').length === 2
  );
  expect(rootEntries.length).toBeGreaterThan(0);
  await page.locator(`tr[data-item="${rootEntries[0].name}"]`).waitFor({ timeout: 60_000 });
  await screenshot(page, 'p04-onedrive-connected');
  // Personal files never reach content: no "Copy to the Media Library", though the user may upload.
  await page.locator('tr[data-item] button').first().waitFor();
  expect(await page.getByRole('button', { name: /to the Media Library/ }).count()).toBe(0);

  // Their own files, on their own OneDrive: upload, rename, download, and Sync Now.
  await uploadRenameDownload(page, {
    name: 'Holiday plan.bin',
    renamed: 'Holiday plan final.bin',
    shots: ['p04a-onedrive-uploaded', 'p04b-onedrive-renamed'],
  });
  // Requests the panel cancels itself (a page left while loading) are no error to show.
  expect(await notification(/aborted/).count()).toBe(0);
  const renamedRemotely = (await control.tree(adele().driveId)).find(
    (entry) => entry.name === 'Holiday plan final.bin'
  );
  expect(renamedRemotely?.size).toBe(MULTI_FRAGMENT_BYTES);
  await syncNowShows(
    page,
    async () => {
      const created = 'Made in OneDrive.txt';
      await control.createItem(adele().driveId, { name: created, size: 321 });
      return created;
    },
    'p04c-onedrive-sync-now'
  );

  await openMyFiles();
  await driveRow(ONEDRIVE).getByText('Up to date').waitFor({ timeout: 60_000 });
  await page.locator('[data-account]').getByText('Adele Vance').waitFor();
  expect((await myDrives()).map((drive) => drive.name)).toEqual([ONEDRIVE]);
});

test('a cancelled sign-in and a forged callback are explained, and the address is cleaned', async () => {
  await page.getByRole('button', { name: 'Add external drive' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('tab', { name: 'OneDrive' }).click();
  await dialog.getByRole('button', { name: 'Connect my account' }).click();
  await signInAtMicrosoft('Adele Vance', 'cancel');
  await notification('Sign-in was cancelled or consent was not given').first().waitFor();
  await notification('Connect again and accept the permissions').first().waitFor();
  await expectAddressCleaned();
  await screenshot(page, 'p05-sign-in-cancelled');

  // A sign-in link that was never issued here (or was already used).
  await page.goto(`${app.redirectUri}?state=forged-state&code=forged-code`);
  await notification('This sign-in link is not valid or was already used').first().waitFor();
  await notification('Start connecting again from My Files.').first().waitFor();
  await expectAddressCleaned();
  expect(new URL(page.url()).pathname).toBe(`/admin/plugins/${PLUGIN}`);
  await screenshot(page, 'p06-forged-callback');
  expect((await myDrives()).map((drive) => drive.name)).toEqual([ONEDRIVE]);
});

test('a user connects a SharePoint library: sign in, find the site, pick the library', async () => {
  await openMyFiles();
  await page.getByRole('button', { name: 'Add external drive' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Connect a SharePoint library with my Microsoft account' })
    .click();
  await signInAtMicrosoft('Adele Vance', 'accept');

  await expectAddressCleaned();
  const picker = page.getByRole('dialog', { name: 'Connect a SharePoint library' });
  await picker.getByText('Find a site that Adele Vance can open').waitFor();
  await picker.getByLabel('Site name').fill('Marketing');
  await picker.getByRole('button', { name: 'Find' }).click();
  await picker.getByRole('button', { name: new RegExp(`^${marketing().name} — `) }).click();
  await picker.getByText(`Site: ${marketing().name}`).waitFor();
  await picker.getByRole('combobox', { name: 'Document library' }).click();
  await page.getByRole('option', { name: 'Campaigns', exact: true }).click();
  expect(await picker.getByLabel('Name in Strapi').inputValue()).toBe('Marketing — Campaigns');
  await picker.getByLabel('Name in Strapi').fill(LIBRARY_NAME);
  await screenshot(page, 'p07-library-picker');
  await picker.getByRole('button', { name: 'Save' }).click();

  await page.waitForURL((url) => /\/plugins\/external-drives\/drives\/\d+$/.test(url.pathname));
  await notification('Drive connected').first().waitFor();
  await page.getByRole('heading', { name: LIBRARY_NAME }).waitFor();
  await page.locator('tr[data-item]').first().waitFor({ timeout: 60_000 });
  await screenshot(page, 'p08-library-connected');
  const campaigns = marketing().drives.find((drive) => drive.name === 'Campaigns')!;
  const stored = (await app.strapi.db.query(UID.drive).findOne({
    where: { name: LIBRARY_NAME },
  })) as { scope: string; ownerId: number; remoteDriveId: string };
  expect(stored).toMatchObject({
    scope: 'personal',
    ownerId: reader.user.id,
    remoteDriveId: campaigns.id,
  });
});

test('a drive whose sign-in was revoked says "Authentication failed"; Reconnect brings it back', async () => {
  const oneDrive = (await myDrives()).find((drive) => drive.name === ONEDRIVE)!;
  await control.revokeUserSessions(adele().id);
  const failed = await api()
    .post(`/${PLUGIN}/drives/${oneDrive.id}/sync?wait=true`)
    .set('Authorization', `Bearer ${reader.token}`);
  expect(failed.body.error?.details?.code).toBe('authenticationFailed');

  await openMyFiles();
  const row = driveRow(ONEDRIVE);
  await row.getByText('Authentication failed').waitFor();
  await screenshot(page, 'p09-authentication-failed');
  await row.getByRole('button', { name: 'Reconnect' }).click();
  await signInAtMicrosoft('Adele Vance', 'accept');

  await page.waitForURL((url) => url.pathname.endsWith(`/drives/${oneDrive.id}`));
  await notification('Signed in again').first().waitFor();
  await page.getByText('Up to date').first().waitFor({ timeout: 60_000 });
  await screenshot(page, 'p10-reconnected');
  expect((await myDrives()).find((drive) => drive.id === oneDrive.id)?.status).toBe('ok');
});

test('reconnecting a SharePoint library signs in again without picking the library again', async () => {
  const library = (await myDrives()).find((drive) => drive.name === LIBRARY_NAME)!;
  await control.revokeUserSessions(adele().id);
  const failed = await api()
    .post(`/${PLUGIN}/drives/${library.id}/sync?wait=true`)
    .set('Authorization', `Bearer ${reader.token}`);
  expect(failed.body.error?.details?.code).toBe('authenticationFailed');

  await page.goto(`${app.url}/admin/plugins/${PLUGIN}/drives/${library.id}`);
  await page.getByText('Authentication failed').waitFor();
  await page.getByRole('button', { name: 'Reconnect' }).first().click();
  await signInAtMicrosoft('Adele Vance', 'accept');

  // The callback answers `account=` for SharePoint; the pending reconnect skips the picker.
  await page.waitForURL((url) => url.pathname.endsWith(`/drives/${library.id}`));
  await notification('Signed in again').first().waitFor();
  expect(await page.getByRole('dialog', { name: 'Connect a SharePoint library' }).count()).toBe(0);
  await page.getByText('Up to date').first().waitFor({ timeout: 60_000 });
  // Back on the drive it left, where the next step (Disconnect) happens: the OneDrive.
  const oneDrive = (await myDrives()).find((drive) => drive.name === ONEDRIVE)!;
  await page.goto(`${app.url}/admin/plugins/${PLUGIN}/drives/${oneDrive.id}`);
  await page.getByRole('heading', { name: ONEDRIVE }).waitFor();
});

test('the owner disconnects their OneDrive; its files stay in Microsoft 365', async () => {
  const before = await control.tree(adele().driveId);
  await page.getByRole('button', { name: 'Drive settings' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Nothing is deleted in Microsoft 365').waitFor();
  await confirm.getByText('Your Microsoft account is signed out of Strapi').waitFor();
  await screenshot(page, 'p11-disconnect-confirm');
  await confirm.getByRole('button', { name: 'Confirm' }).click();

  await page.waitForURL((url) => url.pathname.endsWith(`/plugins/${PLUGIN}`));
  await notification(`${ONEDRIVE} was disconnected`).first().waitFor();
  await driveRow(LIBRARY_NAME).waitFor();
  await driveRow(ONEDRIVE).waitFor({ state: 'detached' });
  expect((await myDrives()).map((drive) => drive.name)).toEqual([LIBRARY_NAME]);
  expect(await control.tree(adele().driveId)).toEqual(before);
});

test('signing the Microsoft account out removes its drives from Strapi only', async () => {
  const campaigns = marketing().drives.find((drive) => drive.name === 'Campaigns')!;
  const before = await control.tree(campaigns.id);
  const account = page.locator('[data-account]').filter({ hasText: 'Adele Vance' });
  await account.getByRole('button', { name: 'Sign out' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Its drive is removed from Strapi.').waitFor();
  await confirm.getByText('Nothing is deleted in Microsoft 365.').waitFor();
  await confirm.getByRole('button', { name: 'Confirm' }).click();

  await page
    .getByText('Your administrator has not configured platform-level connections')
    .waitFor();
  await screenshot(page, 'p12-signed-out');
  expect(await myDrives()).toEqual([]);
  expect(await control.tree(campaigns.id)).toEqual(before);
});
