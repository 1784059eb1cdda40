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

/** Drives one instance syncs at once. */
const MAX_CONCURRENT_SYNCS = 2;

export function createJobRunner<T>(
  strapi: Core.Strapi,
  run: RunFn<T>,
  schedule: DriveSchedule
): JobRunner<T> {
  const { redisUrl } = strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  const log = (message: string) => strapi.log.warn(`[${PLUGIN_ID}] ${message}`);
  if (redisUrl) {
    return createRedisRunner(run, schedule, {
      redisUrl,
      prefix: queuePrefixFor(strapi.db.config.connection),
      concurrency: MAX_CONCURRENT_SYNCS,
      log,
    });
  }
  return createInProcessRunner(run, schedule, {
    concurrency: MAX_CONCURRENT_SYNCS,
    leases: pluginLeases(strapi),
    cron: strapi.cron,
    log,
  });
}
