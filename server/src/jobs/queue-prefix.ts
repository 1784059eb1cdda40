/**
 * The Redis namespace of the sync queues: one per database. Strapi instances that share a database
 * share the work; deployments (or test runs) that merely share a Redis never take each other's
 * jobs, whose drive ids would mean other drives in their database.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export function queuePrefixFor(connection: Knex.Config): string {
  const target = (connection.connection ?? {}) as Record<string, unknown> | string;
  const identity =
    typeof target === 'string'
      ? target
      : ['host', 'port', 'database', 'filename', 'connectionString']
          .map((key) => String(target[key] ?? ''))
          .join('|');
  const digest = createHash('sha256')
    .update(`${String(connection.client)}|${identity}`)
    .digest('hex');
  return `external-drives:${digest.slice(0, 16)}`;
}
