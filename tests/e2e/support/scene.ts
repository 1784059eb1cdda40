/**
 * The stage every browser scenario starts from: the Microsoft 365 emulator, the playground serving
 * its admin panel, and the browsers signed in to it; `close()` takes them down in reverse order.
 * A scenario adds only what it is about: its admins, its libraries, its drives.
 */
import { ControlClient } from '../../../emulator/src';
import type { CreatedAdmin } from '../../../testkit/admin';
import {
  startTestEmulator,
  type EmulatorInfo,
  type RunningEmulator,
} from '../../../testkit/emulator';
import { openSignedIn, type SignedInBrowser } from './signed-in';
import {
  deployTimeCredentials,
  startStrapiWithAdmin,
  type StrapiWithAdmin,
} from './strapi-with-admin';

export interface SceneOptions {
  /**
   * How the app's credentials (tenant, client, secret) reach the plugin: `saved` in the settings,
   * as an admin does in the Settings page; `deployed` by the server's configuration (locked in
   * Settings); left out, the scenario configures them itself (or leaves the integration bare).
   */
  credentials?: 'saved' | 'deployed';
  /** More of the server's configuration (environment variables), e.g. a part of the credentials. */
  env?: (info: EmulatorInfo) => Record<string, string>;
  /** What Microsoft 365 holds before Strapi boots. */
  beforeStrapi?: (emulator: RunningEmulator, control: ControlClient) => Promise<unknown>;
}

export interface Scene {
  emulator: RunningEmulator;
  control: ControlClient;
  app: StrapiWithAdmin;
  /**
   * A Chromium of its own, signed in as `account`, closed with the scene. `permissions` are
   * granted to the admin panel's origin, e.g. the clipboard's for Copy link.
   */
  signIn(account: CreatedAdmin, options?: { permissions?: string[] }): Promise<SignedInBrowser>;
  close(): Promise<void>;
}

/** Microsoft 365 as the scenario needs it, then Strapi; a Strapi whose set-up fails is closed. */
async function startApp(
  emulator: RunningEmulator,
  control: ControlClient,
  options: SceneOptions
): Promise<StrapiWithAdmin> {
  await options.beforeStrapi?.(emulator, control);
  const app = await startStrapiWithAdmin(emulator.info, {
    env: {
      ...(options.credentials === 'deployed' ? deployTimeCredentials(emulator.info) : {}),
      ...options.env?.(emulator.info),
    },
  });
  if (options.credentials === 'saved') {
    const { tenantId, clientId, clientSecret } = emulator.info;
    await app.strapi
      .plugin('external-drives')
      .service('settings')
      .update({ tenantId, clientId, clientSecret })
      .catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
  }
  return app;
}

export async function startScene(options: SceneOptions = {}): Promise<Scene> {
  const emulator = await startTestEmulator();
  const control = ControlClient.from(emulator.info);
  // No scene to close yet if Strapi does not start: what started is taken down here.
  const app = await startApp(emulator, control, options).catch(async (error: unknown) => {
    await control.close();
    await emulator.close();
    throw error;
  });

  const browsers: SignedInBrowser[] = [];
  return {
    emulator,
    control,
    app,
    signIn: async (account, { permissions } = {}) => {
      const session = await openSignedIn(
        emulator.info,
        app,
        { email: account.user.email, password: account.password },
        { permissions }
      );
      browsers.push(session);
      return session;
    },
    close: async () => {
      for (const session of browsers) await session.close().catch(() => undefined);
      await app.close();
      await control.close();
      await emulator.close();
    },
  };
}
