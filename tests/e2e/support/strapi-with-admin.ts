import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import type { EmulatorInfo } from '../../../emulator/src';
import { PLAYGROUND_DIR, PLAYGROUND_DIST } from '../../../scripts/lib/paths';

export interface StrapiWithAdmin {
  strapi: Core.Strapi;
  /** http://127.0.0.1:<port>; the admin panel is at `${url}/admin`. */
  url: string;
  close(): Promise<void>;
}

const secret = () => randomBytes(16).toString('base64');

/**
 * Boots the playground like tests/helpers/strapi.ts does, but serving the built admin panel (that
 * helper boots without it, which is right for API tests). A fresh SQLite file per boot.
 */
export async function startStrapiWithAdmin(emulator: EmulatorInfo): Promise<StrapiWithAdmin> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-e2e-'));
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
    EXTERNAL_DRIVES_GRAPH_URL: emulator.graphUrl,
    EXTERNAL_DRIVES_AUTHORITY_HOST: emulator.authorityHost,
    EXTERNAL_DRIVES_CA_FILE: emulator.caFile,
    // Tenant, client and secret are entered in the Settings page by the first scenario.
  });
  for (const name of [
    'EXTERNAL_DRIVES_TENANT_ID',
    'EXTERNAL_DRIVES_CLIENT_ID',
    'EXTERNAL_DRIVES_CLIENT_SECRET',
    'REDIS_URL',
    'EXTERNAL_DRIVES_QUEUE',
  ])
    delete process.env[name];

  const strapi = createStrapi({
    appDir: PLAYGROUND_DIR,
    distDir: PLAYGROUND_DIST,
    autoReload: false,
    serveAdminPanel: true,
  });
  await strapi.load();
  await new Promise<void>((listening) => strapi.server.listen(0, '127.0.0.1', () => listening()));
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  return {
    strapi,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      try {
        await strapi.destroy();
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
