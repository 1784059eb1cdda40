/**
 * A runner instance that takes one drive's job and never finishes it, for the stalled-job test:
 * the test kills this process (SIGKILL) mid-run. Prints "running <jobDrive>" once the run started.
 */
import { createRedisQueues } from '../../../server/src/jobs/redis-queues';

const [redisUrl, prefix] = process.argv.slice(2);
createRedisQueues(
  async (driveId) => {
    process.stdout.write(`running ${driveId}\n`);
    await new Promise(() => undefined);
  },
  {
    redisUrl,
    prefix,
    concurrency: 1,
    lockDurationMs: 1500,
    stalledIntervalMs: 500,
    driveLockTtlMs: 3000,
  }
);
process.stdout.write('ready\n');
