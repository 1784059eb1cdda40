/**
 * The first hour and the everyday, in a real browser (issue 17): a file renamed through Strapi on
 * an organisation drive shows who did it beside Microsoft's "SharePoint App"; and one sample per
 * message of the error map (shared/errors.ts) a file action can show, each failure made real by
 * the emulator (fault injection, a lock, a read-only grant, a full drive, a change in Microsoft
 * 365) and read exactly as the user sees it. Screenshots land in tests/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import type { ControlClient, RunningEmulator } from '../../emulator/src';
import type { FaultRuleSpec } from '../../emulator/src/faults/fault-rules';
import { ERROR_DESCRIPTIONS, TOKEN_FAILURES } from '../../shared/errors';
import { createAdmin } from '../../testkit/admin';
import { screenshot } from './support/browser';
import { startScene, type Scene } from './support/scene';
import { connectSyncedDrive } from './support/signed-in';
import type { StrapiWithAdmin } from './support/strapi-with-admin';

const FILE = 'Brief.docx';
const RENAMED = 'Brief final.docx';
const TAKEN = 'Budget.xlsx';

let scene: Scene;
let emulator: RunningEmulator;
let control: ControlClient;
let app: StrapiWithAdmin;
let page: Page;
let libraryId: string;
let siteId: string;
let driveUrl: string;

const settings = () => app.strapi.plugin('external-drives').service('settings');
const message = (code: keyof typeof ERROR_DESCRIPTIONS) => ERROR_DESCRIPTIONS[code].message;

beforeAll(async () => {
  // Retried failures (5xx) give up after milliseconds of backoff, not seconds.
  scene = await startScene({
    credentials: 'saved',
    env: () => ({ EXTERNAL_DRIVES_RETRY_BASE_DELAY_MS: '1' }),
  });
  ({ emulator, control, app } = scene);
  const jane = await createAdmin(app.strapi, { email: 'jane@first-hour.e2e.test', roles: 'super' });
  await app.strapi.db
    .query('admin::user')
    .update({ where: { id: jane.user.id }, data: { firstname: 'Jane', lastname: 'Doe' } });
  siteId = emulator.info.sites[0].id;
  libraryId = (await control.createLibrary(siteId, 'Briefs')).id;
  await control.createItem(libraryId, { name: FILE, size: 100 });
  await control.createItem(libraryId, { name: TAKEN, size: 100 });
  driveUrl = await connectSyncedDrive(app, jane.token, { siteId, libraryId, name: 'Briefs' });

  ({ page } = await scene.signIn(jane));
  await page.goto(driveUrl);
});

afterAll(() => scene?.close());

const row = (name: string) => page.locator(`tr[data-item="${name}"]`);

async function rename(from: string, to: string) {
  await row(from)
    .getByRole('button', { name: `Rename ${from}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(to);
  await dialog.getByRole('button', { name: 'Rename' }).click();
}

/**
 * The failure's notification shows exactly `text` as its title; closed after its screenshot (and
 * after `beforeClose`, e.g. closing a dialog, whose overlay covers the notification's button).
 */
async function expectNotification(text: string, shot: string, beforeClose?: () => Promise<void>) {
  const alert = page
    .getByRole('alert')
    .or(page.getByRole('status'))
    .filter({ has: page.getByText(text, { exact: true }) })
    .first();
  await alert.waitFor();
  await screenshot(page, shot);
  await beforeClose?.();
  // The close button sits beside the alert's text, in its parent.
  await alert.locator('xpath=..').getByRole('button', { name: 'Close' }).click();
  await alert.waitFor({ state: 'hidden' });
}

/** A rename that fails: the message, then the dialog (kept open for a correction) closed. */
async function renameFails(to: string, text: string, shot: string) {
  await rename(RENAMED, to);
  await expectNotification(text, shot, async () => {
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });
}

/** `rule` is injected into the drive's Graph requests while `during` runs. */
async function withFault(
  rule: Omit<FaultRuleSpec, 'host' | 'driveId'>,
  during: () => Promise<void>
) {
  const [added] = await control.addFaults([{ ...rule, host: 'graph', driveId: libraryId }]);
  try {
    await during();
  } finally {
    await control.removeFault(added.id);
  }
}

test('a file renamed through Strapi shows the Strapi user beside the app Microsoft records', async () => {
  await rename(FILE, RENAMED);
  await row(RENAMED)
    .locator('[data-modified-by]')
    .getByText('SharePoint App (via Strapi: Jane Doe)', { exact: true })
    .waitFor();
  await screenshot(page, 'first-hour-01-modified-via-strapi');
});

test('each message a file action can show, as the user reads it', async () => {
  // The administrator switches the integration off while the page is open.
  await settings().update({ enabled: false });
  try {
    await renameFails('x.docx', message('integrationNotAvailable'), 'first-hour-02-not-available');
  } finally {
    await settings().update({ enabled: true });
  }

  await withFault({ kind: 'serverError', status: 502 }, () =>
    renameFails('x.docx', message('unableToConnect'), 'first-hour-03-unable-to-connect')
  );
  await withFault({ kind: 'expiredToken' }, () =>
    renameFails('x.docx', message('authenticationFailed'), 'first-hour-04-authentication')
  );
  await withFault({ kind: 'throttle', retryAfterSeconds: 3600 }, () =>
    renameFails('x.docx', message('throttled'), 'first-hour-05-busy')
  );
  await withFault({ kind: 'serverError', status: 504 }, () =>
    renameFails('x.docx', message('timeout'), 'first-hour-06-timeout')
  );
  await withFault({ kind: 'notFound' }, () =>
    renameFails('x.docx', message('notFound'), 'first-hour-07-not-found')
  );

  // The app's grant on the site becomes read-only.
  await control.grantSite(emulator.info.clientId, siteId, 'read');
  try {
    await renameFails('x.docx', message('permissionDenied'), 'first-hour-08-permission');
  } finally {
    await control.grantSite(emulator.info.clientId, siteId, 'write');
  }

  const fileId = (await control.tree(libraryId)).find((entry) => entry.name === RENAMED)!.id;
  await control.lockItem(libraryId, fileId, true);
  try {
    await renameFails('x.docx', message('locked'), 'first-hour-09-locked');
  } finally {
    await control.lockItem(libraryId, fileId, false);
  }

  await renameFails(TAKEN, message('nameAlreadyExists'), 'first-hour-10-name-taken');
  // A name SharePoint refuses is caught as it is typed: the dialog names the character and keeps
  // Rename disabled. (The server's own refusal, of an upload's name: first-hour-names-search.)
  await row(RENAMED)
    .getByRole('button', { name: `Rename ${RENAMED}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Brief: final.docx');
  await dialog
    .getByText('“Brief: final.docx” contains a character that is not allowed: :', { exact: true })
    .waitFor();
  expect(await dialog.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
  await screenshot(page, 'first-hour-11-invalid-name');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Someone edits the file in Microsoft 365 after the last sync.
  await control.modifyItem(libraryId, fileId, { size: 200 });
  await renameFails('x.docx', message('modified'), 'first-hour-12-modified');

  // A full drive refuses an upload: checked before it starts, so the message says why.
  await control.setQuota(libraryId, 1);
  try {
    await page.getByTestId('upload-input').setInputFiles({
      name: 'Notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('some notes'),
    });
    const full = 'The drive does not have enough space left for this file';
    await page.locator('li[data-upload="Notes.txt"]').getByText(full, { exact: true }).waitFor();
    await expectNotification(full, 'first-hour-13-quota');
  } finally {
    await control.setQuota(libraryId, 1024 ** 4);
  }

  // The administrator switches downloads off while the page still offers them.
  await settings().update({ downloadsEnabled: false });
  try {
    await row(RENAMED)
      .getByRole('button', { name: `Download ${RENAMED}` })
      .click();
    await expectNotification(message('downloadsDisabled'), 'first-hour-14-downloads-disabled');
  } finally {
    await settings().update({ downloadsEnabled: true });
  }

  // The administrator saves a wrong client secret: the next token request is refused.
  await settings().update({ clientSecret: 'not-the-secret' });
  try {
    await renameFails(
      'x.docx',
      TOKEN_FAILURES.invalidClientSecret.message,
      'first-hour-15-client-secret'
    );
  } finally {
    await settings().update({ clientSecret: emulator.info.clientSecret });
  }
  // Entra ID itself is down when a new token is needed (the secret just saved dropped the old one).
  const [down] = await control.addFaults([
    { kind: 'tokenError', tokenError: 'temporarilyUnavailable', retryAfterSeconds: 0 },
  ]);
  try {
    await renameFails(
      'x.docx',
      TOKEN_FAILURES.signInServiceUnavailable.message,
      'first-hour-16-sign-in-down'
    );
  } finally {
    await control.removeFault(down.id);
  }
});
