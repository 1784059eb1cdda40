import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import supertest from 'supertest';
import type { EmulatorInfo } from '../emulator/src';
import { PLAYGROUND_DIR, PLAYGROUND_DIST } from '../scripts/lib/paths';
import { createTemporaryDatabase } from './postgres';

export interface TestStrapiOptions {
  /** The emulator to point the plugin at (Graph URL, authority, CA). */
  emulator?: EmulatorInfo;
  /** Extra environment for this boot; wins over everything the helper sets. */
  env?: Record<string, string>;
  /** Default true: set tenant/client/secret env from the emulator (needs `emulator`). */
  integration?: boolean;
  /**
   * An existing database to boot on (its DATABASE_* variables), kept when Strapi closes: for
   * tests where several Strapi processes, one after the other or side by side, share one
   * database. Default: a fresh database, removed on close.
   */
  database?: Record<string, string>;
  /**
   * Boot on this SQLite file instead of a fresh database, and keep it on close: a later boot (or
   * a process killed mid-run and booted again) finds everything the previous one committed.
   */
  databaseFile?: string;
}

export interface TestStrapi {
  strapi: Core.Strapi;
  /** A supertest agent on the listening server. */
  http: ReturnType<typeof supertest>;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

const randomSecret = () => randomBytes(16).toString('base64');

/** Environment names the plugin mapping reads: cleared so a developer's shell never leaks in. */
const PLUGIN_ENV = [
  'EXTERNAL_DRIVES_GRAPH_URL',
  'EXTERNAL_DRIVES_AUTHORITY_HOST',
  'EXTERNAL_DRIVES_CA_FILE',
  'EXTERNAL_DRIVES_TENANT_ID',
  'EXTERNAL_DRIVES_CLIENT_ID',
  'EXTERNAL_DRIVES_CLIENT_SECRET',
  'EXTERNAL_DRIVES_CLIENT_CERTIFICATE',
  'EXTERNAL_DRIVES_CLIENT_PRIVATE_KEY',
  'EXTERNAL_DRIVES_CLIENT_CERTIFICATE_THUMBPRINT',
  'EXTERNAL_DRIVES_REDIRECT_URI',
  'EXTERNAL_DRIVES_NOTIFICATION_URL',
  'EXTERNAL_DRIVES_SUBSCRIPTION_LIFETIME',
  'EXTERNAL_DRIVES_ENCRYPTION_KEY',
  'EXTERNAL_DRIVES_PREVIOUS_ENCRYPTION_KEYS',
  'EXTERNAL_DRIVES_SYNC_INTERVAL',
  'EXTERNAL_DRIVES_MAX_CONCURRENT_SYNCS',
  'EXTERNAL_DRIVES_REQUEST_TIMEOUT_MS',
  'EXTERNAL_DRIVES_RETRY_BASE_DELAY_MS',
  'EXTERNAL_DRIVES_QUEUE',
  'EXTERNAL_DRIVES_RU_PER_MINUTE',
  'EXTERNAL_DRIVES_RU_PER_DAY',
  'EXTERNAL_DRIVES_RU_WINDOW_SECONDS',
  'EXTERNAL_DRIVES_MAX_REQUESTS_PER_SECOND',
  'EXTERNAL_DRIVES_LEASE_DURATION_MS',
  'REDIS_URL',
];

function emulatorEnv(emulator: EmulatorInfo, integration: boolean): Record<string, string> {
  return {
    EXTERNAL_DRIVES_GRAPH_URL: emulator.graphUrl,
    EXTERNAL_DRIVES_AUTHORITY_HOST: emulator.authorityHost,
    EXTERNAL_DRIVES_CA_FILE: emulator.caFile,
    ...(integration
      ? {
          EXTERNAL_DRIVES_TENANT_ID: emulator.tenantId,
          EXTERNAL_DRIVES_CLIENT_ID: emulator.clientId,
          EXTERNAL_DRIVES_CLIENT_SECRET: emulator.clientSecret,
        }
      : {}),
  };
}

/** Sets variables and returns a function restoring what was there before. */
function applyEnv(values: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const assign = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(values);
  return () => assign(previous);
}

interface TestDatabase {
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** A fresh SQLite file, or a fresh PostgreSQL database when TEST_DATABASE=postgres. */
async function freshDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const database = await createTemporaryDatabase();
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: database.url },
      remove: database.drop,
    };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-test-'));
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(folder, 'data.db') },
    remove: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * Boots the playground app (compiled by the jest globalSetup) with the plugin, on a fresh database,
 * listening on a free port of 127.0.0.1. One boot per test file at most: a boot costs ~15 s.
 */
export async function startTestStrapi(options: TestStrapiOptions = {}): Promise<TestStrapi> {
  if (!fs.existsSync(path.join(PLAYGROUND_DIST, 'config', 'plugins.js'))) {
    throw new Error(
      'playground/dist is missing: run the tests through jest (its globalSetup compiles it)'
    );
  }
  const database: TestDatabase = options.databaseFile
    ? {
        env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: options.databaseFile },
        remove: async () => undefined,
      }
    : options.database
      ? { env: options.database, remove: async () => undefined }
      : await freshDatabase();
  const cleared = Object.fromEntries(PLUGIN_ENV.map((name) => [name, undefined]));
  const restoreEnv = applyEnv({
    ...cleared,
    APP_KEYS: [randomSecret(), randomSecret()].join(','),
    API_TOKEN_SALT: randomSecret(),
    ADMIN_JWT_SECRET: randomSecret(),
    TRANSFER_TOKEN_SALT: randomSecret(),
    JWT_SECRET: randomSecret(),
    ENCRYPTION_KEY: randomSecret(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL || 'warn',
    // The emulator enforces no budget unless a test sets one, so neither does the pacer: a big
    // budget keeps it in every request's path without slowing ordinary tests (shared-pacing sets
    // a small one on both sides).
    EXTERNAL_DRIVES_RU_PER_MINUTE: '1000000',
    EXTERNAL_DRIVES_RU_PER_DAY: '1000000000',
    ...database.env,
    ...(options.emulator ? emulatorEnv(options.emulator, options.integration ?? true) : {}),
    ...options.env,
  });

  let strapi: Core.Strapi | undefined;
  try {
    strapi = createStrapi({
      appDir: PLAYGROUND_DIR,
      distDir: PLAYGROUND_DIST,
      autoReload: false,
      serveAdminPanel: false,
    });
    await strapi.load();
    const server = strapi.server;
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    const { port } = server.httpServer.address() as AddressInfo;
    const booted = strapi;
    return {
      strapi: booted,
      http: supertest(server.httpServer),
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        try {
          await booted.destroy();
        } finally {
          await database.remove();
          restoreEnv();
        }
      },
    };
  } catch (error) {
    await strapi?.destroy().catch(() => undefined);
    await database.remove();
    restoreEnv();
    throw error;
  }
}
