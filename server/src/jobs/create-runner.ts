/**
 * Picks the job runner from the config: bull queues when `redisUrl` is set, else the in-process
 * runner with database leases. Created once the database is up (it names the Redis queues).
 */
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { PLUGIN_ID } from '../constants';
import { pluginLeases } from '../leases/leases';
import { createInProcessRunner } from './in-process-runner';
import { queuePrefixFor } from './queue-prefix';
import { createRedisRunner } from './redis-runner';
import type { DriveSchedule, JobRunner, RunFn } from './runner';

/** Drives one instance syncs at once when the config leaves it to us (see `maxConcurrentSyncs`). */
const DEFAULT_CONCURRENT_SYNCS = { sqlite: 2, other: 6 } as const;

export function createJobRunner<T>(
  strapi: Core.Strapi,
  run: RunFn<T>,
  schedule: DriveSchedule
): JobRunner<T> {
  const { redisUrl, maxConcurrentSyncs } = strapi.config.get(
    `plugin::${PLUGIN_ID}`
  ) as PluginConfig;
  const concurrency =
    maxConcurrentSyncs ??
    (strapi.db.dialect.client === 'sqlite'
      ? DEFAULT_CONCURRENT_SYNCS.sqlite
      : DEFAULT_CONCURRENT_SYNCS.other);
  const log = (message: string) => strapi.log.warn(`[${PLUGIN_ID}] ${message}`);
  if (redisUrl) {
    return createRedisRunner(run, schedule, {
      redisUrl,
      prefix: queuePrefixFor(strapi.db.config.connection),
      concurrency,
      log,
    });
  }
  return createInProcessRunner(run, schedule, {
    concurrency,
    leases: pluginLeases(strapi),
    cron: strapi.cron,
    log,
  });
}
