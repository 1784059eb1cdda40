import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import type { EmulatorInfo } from '../../../emulator/src';
import { PLAYGROUND_DIR, PLAYGROUND_DIST } from '../../../scripts/lib/paths';

export interface StrapiWithAdmin {
  strapi: Core.Strapi;
  /** http://localhost:<port>; the admin panel is at `${url}/admin`. */
  url: string;
  /** Where Microsoft (the emulator) sends the browser back after a personal sign-in. */
  redirectUri: string;
  close(): Promise<void>;
}

/**
 * The app's credentials as deploy-time configuration gives them (`env` of startStrapiWithAdmin):
 * the integration is configured from the start, its fields locked in Settings.
 */
export const deployTimeCredentials = (emulator: EmulatorInfo): Record<string, string> => ({
  EXTERNAL_DRIVES_TENANT_ID: emulator.tenantId,
  EXTERNAL_DRIVES_CLIENT_ID: emulator.clientId,
  EXTERNAL_DRIVES_CLIENT_SECRET: emulator.clientSecret,
});

const secret = () => randomBytes(16).toString('base64');

/** A port nobody listens on now: Strapi must know its own address before it loads. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * Boots the playground like testkit/strapi.ts does, but serving the built admin panel (that
 * helper boots without it, which is right for API tests). A fresh SQLite file per boot.
 *
 * It is reached as http://localhost:<port>, the address the emulator's demo app accepts as a
 * redirect URI (its registered http://localhost:1337/... on any port, as Entra ID does for
 * loopback), and Strapi's own absolute URL says so: the sign-in callback sends the browser back to
 * the admin panel there, on the host whose cookie holds the sign-in's browser key.
 */
export async function startStrapiWithAdmin(
  emulator: EmulatorInfo,
  options: { env?: Record<string, string> } = {}
): Promise<StrapiWithAdmin> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-e2e-'));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const redirectUri = `${url}/api/external-drives/oauth/callback`;
  Object.assign(process.env, {
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL || 'warn',
    NODE_ENV: 'production',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(folder, 'data.db'),
    // As testkit/strapi.ts: the emulator enforces no budget, the pacer need not hold back.
    EXTERNAL_DRIVES_RU_PER_MINUTE: '1000000',
    EXTERNAL_DRIVES_RU_PER_DAY: '1000000000',
    EXTERNAL_DRIVES_GRAPH_URL: emulator.graphUrl,
    EXTERNAL_DRIVES_AUTHORITY_HOST: emulator.authorityHost,
    EXTERNAL_DRIVES_CA_FILE: emulator.caFile,
    EXTERNAL_DRIVES_REDIRECT_URI: redirectUri,
    HOST: 'localhost',
    PORT: String(port),
    // Tenant, client and secret are entered in the Settings page (admin-ui.e2e.ts) or given here.
  });
  for (const name of [
    'EXTERNAL_DRIVES_TENANT_ID',
    'EXTERNAL_DRIVES_CLIENT_ID',
    'EXTERNAL_DRIVES_CLIENT_SECRET',
    'REDIS_URL',
    'EXTERNAL_DRIVES_QUEUE',
  ])
    delete process.env[name];
  Object.assign(process.env, options.env ?? {});

  const strapi = createStrapi({
    appDir: PLAYGROUND_DIR,
    distDir: PLAYGROUND_DIST,
    autoReload: false,
    serveAdminPanel: true,
  });
  await strapi.load();
  // The emulator's hosts resolve localhost to 127.0.0.1 only; so does the browser's fallback.
  await new Promise<void>((listening) =>
    strapi.server.listen(port, '127.0.0.1', () => listening())
  );
  return {
    strapi,
    url,
    redirectUri,
    close: async () => {
      try {
        await strapi.destroy();
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
