import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import type { EmulatorInfo } from '../../../emulator/src';
import type { DriveRole } from '../../../shared/contracts/drives';
import { PLUGIN_ID } from '../../../shared/plugin';
import { adminRequest, syncAndWait } from '../../../testkit/admin';
import { launchBrowser, signIn } from './browser';
import type { StrapiWithAdmin } from './strapi-with-admin';

export interface SignedInBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Chromium at the screenshots' size, signed in to the admin panel through its login form.
 * `permissions` are granted to the admin panel's origin (e.g. the clipboard's).
 */
export async function openSignedIn(
  emulator: EmulatorInfo,
  app: StrapiWithAdmin,
  account: { email: string; password: string },
  { permissions = [] }: { permissions?: string[] } = {}
): Promise<SignedInBrowser> {
  const browser = await launchBrowser(emulator);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (permissions.length > 0) await context.grantPermissions(permissions, { origin: app.url });
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

/** The plugin's admin API as the admin whose token it is: `pluginApi(app, token).get('/drives')`. */
export function pluginApi(app: StrapiWithAdmin, token: string) {
  const api = adminRequest(supertest(app.strapi.server.httpServer), token);
  return {
    get: (url: string) => api.get(`/${PLUGIN_ID}${url}`),
    post: (url: string) => api.post(`/${PLUGIN_ID}${url}`),
    put: (url: string) => api.put(`/${PLUGIN_ID}${url}`),
  };
}

export interface ConnectedDrive {
  /** The drive's id in Strapi. */
  id: number;
  /** The drive view in the admin panel. */
  url: string;
}

/**
 * Connects a library of the emulator as an organisation drive (through the admin API, as the
 * admin whose token it is), grants it to `roles` if given, and runs a sync that must succeed.
 */
export async function connectDrive(
  app: StrapiWithAdmin,
  token: string,
  drive: { siteId: string; libraryId: string; name: string; roles?: DriveRole[] }
): Promise<ConnectedDrive> {
  const api = adminRequest(supertest(app.strapi.server.httpServer), token);
  const connected = await api
    .post(`/${PLUGIN_ID}/drives`)
    .send({ siteId: drive.siteId, driveId: drive.libraryId, name: drive.name });
  expect(connected.status).toBe(201);
  const id: number = connected.body.data.id;
  if (drive.roles) await api.put(`/${PLUGIN_ID}/drives/${id}`).send({ roles: drive.roles });
  await syncAndWait(api, id);
  return { id, url: `${app.url}/admin/plugins/${PLUGIN_ID}/drives/${id}` };
}

/** connectDrive, for a scenario that needs only the drive view's URL. */
export const connectSyncedDrive = async (
  ...args: Parameters<typeof connectDrive>
): Promise<string> => (await connectDrive(...args)).url;
