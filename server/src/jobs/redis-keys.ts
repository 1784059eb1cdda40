/**
 * The small atomic steps the Redis runner needs beyond bull: a per-drive run generation (which
 * queued job the next request joins) and a per-drive lock (one run per drive across instances).
 * Each is one Lua script, so two instances never interleave inside a step.
 */
import type Redis from 'ioredis';

/** Moves the drive's generation past `generation` (never backwards). */
const ADVANCE_GENERATION = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local started = tonumber(ARGV[1])
if current <= started then redis.call('SET', KEYS[1], started + 1) end
return 1`;

/** Takes the lock when it is free or already ours (a stalled job re-run by bull keeps its id). */
const TAKE_LOCK = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RENEW_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createDriveKeys(redis: Redis, prefix: string) {
  const generationKey = (driveId: number) => `${prefix}:drive:${driveId}:generation`;
  const lockKey = (driveId: number) => `${prefix}:drive:${driveId}:lock`;

  return {
    async generation(driveId: number): Promise<number> {
      return Number(await redis.get(generationKey(driveId))) || 0;
    },
    async advanceGeneration(driveId: number, started: number): Promise<void> {
      await redis.eval(ADVANCE_GENERATION, 1, generationKey(driveId), started);
    },
    async takeLock(driveId: number, holder: string, ttlMs: number): Promise<boolean> {
      return (await redis.eval(TAKE_LOCK, 1, lockKey(driveId), holder, ttlMs)) === 1;
    },
    async renewLock(driveId: number, holder: string, ttlMs: number): Promise<boolean> {
      return (await redis.eval(RENEW_LOCK, 1, lockKey(driveId), holder, ttlMs)) === 1;
    },
    async releaseLock(driveId: number, holder: string): Promise<void> {
      await redis.eval(RELEASE_LOCK, 1, lockKey(driveId), holder);
    },
  };
}
