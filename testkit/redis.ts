import Redis from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Pings REDIS_URL (default redis://127.0.0.1:6379) and returns the URL; throws a message saying how
 * to start Redis when it does not answer. Tests that need Redis call this: they never skip silently.
 */
export async function requireRedis(
  url: string = process.env.REDIS_URL || DEFAULT_REDIS_URL
): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {
    // Reported through the rejected ping below.
  });
  try {
    await client.connect();
    const answer = await client.ping();
    if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
    return url;
  } catch (error) {
    throw new Error(
      `Redis does not answer at ${url} (${(error as Error).message}). These tests need a real Redis: ` +
        `start one with \`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\` ` +
        `(or point REDIS_URL at yours) and run the tests again.`
    );
  } finally {
    client.disconnect();
  }
}
