/**
 * The Strapi under measure: the playground booted in this process, on a fresh SQLite file or a
 * fresh PostgreSQL database (removed on close), pointed at the emulator, with a super admin for
 * the API and platform drives created directly (so no first sync starts before the measured one).
 */
import type { EmulatorInfo } from '../../emulator/src';
import { compilePlayground, ensurePluginBuilt } from '../../scripts/lib/build';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { createDriveRow } from '../../testkit/drive-rows';
import { log } from './measure';

/** The database a benchmark's Strapi runs on (`--database`, SQLite by default). */
export const BENCH_DATABASES = ['sqlite', 'postgres'] as const;
export type BenchDatabase = (typeof BENCH_DATABASES)[number];

export interface BenchApp {
  app: TestStrapi;
  /** The admin's JWT, for requests that do not go through supertest. */
  token: string;
  api(): ReturnType<typeof adminRequest>;
  /** Adds a platform drive for a remote drive of the emulator; returns its Strapi id. */
  addDrive(remoteDriveId: string, name: string): Promise<number>;
  /**
   * Settings' "Test connection", as an admin runs it before connecting a library: the plugin then
   * holds the app's token and a connection to Graph before the first sync, as the floor does
   * before its clock starts (bench/lib/sync-floor.ts).
   */
  testConnection(): Promise<void>;
  /** One sync of the drive, waited for. */
  sync(driveId: number): Promise<{ itemsAdded: number }>;
  close(): Promise<void>;
}

export async function startBenchApp(
  info: EmulatorInfo,
  database: BenchDatabase = 'sqlite'
): Promise<BenchApp> {
  ensurePluginBuilt(log);
  compilePlayground(log);
  const postgres = database === 'postgres' ? await createTemporaryDatabase() : undefined;
  const app = await startTestStrapi({
    emulator: info,
    ...(postgres ? { database: { DATABASE_CLIENT: 'postgres', DATABASE_URL: postgres.url } } : {}),
  }).catch(async (error: unknown) => {
    await postgres?.drop();
    throw error;
  });
  const { token } = await createAdmin(app.strapi, { email: 'bench@example.com', roles: 'super' });
  const api = () => adminRequest(app.http, token);
  return {
    app,
    token,
    api,
    async addDrive(remoteDriveId, name) {
      return (await createDriveRow(app.strapi, info, remoteDriveId, { name })).id;
    },
    async testConnection() {
      const answer = await api().post('/external-drives/settings/test-connection');
      if (answer.status !== 200) throw new Error(`test failed: ${JSON.stringify(answer.body)}`);
    },
    async sync(driveId) {
      const answer = await api().post(`/external-drives/drives/${driveId}/sync?wait=true`);
      if (answer.status !== 200) throw new Error(`sync failed: ${JSON.stringify(answer.body)}`);
      return answer.body.data;
    },
    async close() {
      try {
        await app.close();
      } finally {
        await postgres?.drop();
      }
    },
  };
}
