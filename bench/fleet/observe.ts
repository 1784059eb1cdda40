/**
 * What the fleet did, read from the shared PostgreSQL database (the instances' own records: the
 * drives and their sync runs), beside the instances rather than through them.
 */
import { Client } from 'pg';
import { TABLE } from '../../server/src/constants';
import type { DriveSample, RunSample } from './metrics';

export interface FleetRecords {
  /** Drives that have finished a first sync, of all connected. */
  syncedOnce(): Promise<{ synced: number; drives: number }>;
  /** Drives with a successful run that started at or after `since`. */
  syncedSince(since: Date): Promise<number>;
  samples(): Promise<{ drives: DriveSample[]; runs: RunSample[] }>;
  close(): Promise<void>;
}

const ms = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

export async function openRecords(databaseUrl: string): Promise<FleetRecords> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async syncedOnce() {
      const { rows } = await client.query(
        `SELECT count(*)::int AS drives, count(last_successful_sync_at)::int AS synced FROM ${TABLE.drive}`
      );
      return rows[0] as { synced: number; drives: number };
    },
    async syncedSince(since) {
      const { rows } = await client.query(
        `SELECT count(DISTINCT drive_id)::int AS drives FROM ${TABLE.syncRun}
         WHERE status = 'succeeded' AND started_at >= $1`,
        [since]
      );
      return rows[0].drives as number;
    },
    async samples() {
      const drives = await client.query(`SELECT id, created_at FROM ${TABLE.drive}`);
      const runs = await client.query(
        `SELECT drive_id, started_at, finished_at, graph_requests FROM ${TABLE.syncRun}
         WHERE started_at IS NOT NULL`
      );
      return {
        drives: drives.rows.map((row) => ({ id: row.id, createdAt: ms(row.created_at)! })),
        runs: runs.rows.map((row) => ({
          driveId: row.drive_id,
          startedAt: ms(row.started_at)!,
          finishedAt: ms(row.finished_at),
          graphRequests: row.graph_requests ?? 0,
        })),
      };
    },
    close: () => client.end(),
  };
}
