import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import type { EmulatorInfo } from '../../../emulator/src';
import { adminRequest } from '../../../testkit/admin';
import { launchBrowser, signIn } from './browser';
import type { StrapiWithAdmin } from './strapi-with-admin';

export interface SignedInBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium at the screenshots' size, signed in to the admin panel through its login form. */
export async function openSignedIn(
  emulator: EmulatorInfo,
  app: StrapiWithAdmin,
  account: { email: string; password: string }
): Promise<SignedInBrowser> {
  const browser = await launchBrowser(emulator);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.url, account.email, account.password);
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/**
 * Connects a library of the emulator as an organisation drive (through the admin API, as the
 * admin whose token it is) and waits for its first sync: the drive view's URL.
 */
export async function connectSyncedDrive(
  app: StrapiWithAdmin,
  token: string,
  drive: { siteId: string; libraryId: string; name: string }
): Promise<string> {
  const api = adminRequest(supertest(app.strapi.server.httpServer), token);
  const connected = await api
    .post('/external-drives/drives')
    .send({ siteId: drive.siteId, driveId: drive.libraryId, name: drive.name });
  await api.post(`/external-drives/drives/${connected.body.data.id}/sync?wait=true`);
  return `${app.url}/admin/plugins/external-drives/drives/${connected.body.data.id}`;
}
