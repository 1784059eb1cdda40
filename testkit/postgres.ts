import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server tests use when TEST_DATABASE=postgres; its `test` database is only used to create others. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdminConnection<T>(
  adminUrl: string,
  work: (client: Client) => Promise<T>
): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not answer at ${adminUrl} (${(error as Error).message}). Start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_POSTGRES_URL.'
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, uniquely named database for one Strapi boot. */
export async function createTemporaryDatabase(
  adminUrl: string = process.env.TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL
): Promise<TemporaryDatabase> {
  const name = `external_drives_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdminConnection(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await onAdminConnection(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      );
    },
  };
}
