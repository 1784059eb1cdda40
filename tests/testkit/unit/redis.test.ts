import { requireRedis } from '../../../testkit/redis';

describe('requireRedis', () => {
  it('returns the URL of a Redis that answers', async () => {
    const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
    await expect(requireRedis(url)).resolves.toBe(url);
  });

  it('fails with the command that starts Redis when nothing answers', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(requireRedis('redis://127.0.0.1:1')).rejects.toThrow(
      /redis-server --daemonize yes/
    );
  });
});
