/**
 * Pacing state in Redis, for instances that share one: each step of ./state runs as one Lua script
 * (atomic in Redis) on Redis's clock. The script is a line-for-line port of ./state; the tests run
 * the same cases against this store and the memory one.
 */
import type Redis from 'ioredis';
import { AIM, type BucketSpecs } from './budget';
import {
  FOREGROUND_RESERVE_SHARE,
  TURN_GRACE_MS,
  type PacingState,
  type TakeOutcome,
} from './state';
import type { PacingStore } from './store';

/** A state is dropped after a day unused: by then its buckets are full, as a fresh one's. */
const STATE_TTL_MS = 86_400_000;

const SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local capM = tonumber(ARGV[2])
local rateM = tonumber(ARGV[3])
local capD = tonumber(ARGV[4])
local rateD = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local raw = redis.call('GET', key)
local s
if raw then
  s = cjson.decode(raw)
else
  s = { m = capM, d = capD, at = now, p = 0, th = '', ts = 0, tu = 0 }
end
local elapsed = math.max(0, now - s.at)
s.m = math.min(capM, s.m + elapsed * rateM)
if capD >= 0 then
  local d = s.d
  if d == nil or d < 0 then d = capD end
  s.d = math.min(capD, d + elapsed * rateD)
else
  s.d = -1
end
s.at = math.max(s.at, now)
if s.th ~= '' and s.tu <= now then
  s.th = ''
  s.ts = 0
  s.tu = 0
end
local function save()
  redis.call('SET', key, cjson.encode(s), 'PX', ${STATE_TTL_MS})
end

if op == 'read' then
  if not raw then return nil end
  return cjson.encode(s)
end
if op == 'pause' then
  s.p = math.max(s.p, now + tonumber(ARGV[6]))
  save()
  return 1
end
if op == 'cap' then
  local room = tonumber(ARGV[6]) - (1 - tonumber(ARGV[8])) * tonumber(ARGV[7])
  s.m = math.max(0, math.min(s.m, room))
  save()
  return 1
end

local cost = tonumber(ARGV[6])
local want = tonumber(ARGV[7])
local bg = ARGV[8] == '1'
local holder = ARGV[9]
local since = now - tonumber(ARGV[10])
local grace = ${TURN_GRACE_MS}
if s.p > now then
  save()
  return { 0, tostring(s.p - now), 1 }
end
local hasTurn = s.th ~= ''
if bg and hasTurn and s.th ~= holder and s.ts <= since then
  save()
  return { 0, tostring(s.tu - now), 0 }
end
local reserve = 0
if bg then reserve = ${FOREGROUND_RESERVE_SHARE} * capM end
local needM = math.min(cost + reserve, capM)
local wait = 0
if s.m < needM then wait = (needM - s.m) / rateM end
if capD >= 0 and s.d < cost then wait = math.max(wait, (cost - s.d) / rateD) end
if wait > 0 then
  if bg and ((not hasTurn) or s.th == holder or s.ts > since) then
    s.th = holder
    s.ts = since
    s.tu = now + wait + grace
  end
  save()
  return { 0, tostring(wait), 0 }
end
local units = math.min(math.max(cost, want), s.m - reserve)
if capD >= 0 then units = math.min(units, s.d) end
units = math.max(units, cost)
s.m = s.m - units
if capD >= 0 then s.d = s.d - units end
if hasTurn and s.th == holder then
  s.th = ''
  s.ts = 0
  s.tu = 0
end
save()
return { 1, tostring(units) }
`;

interface StoredState {
  m: number;
  d: number;
  at: number;
  p: number;
  th: string;
  ts: number;
  tu: number;
}

type PacingRedis = Redis & {
  externalDrivesPacing(key: string, ...args: Array<string | number>): Promise<unknown>;
};

export function createRedisStore(redis: Redis, prefix: string): PacingStore {
  const client = redis as PacingRedis;
  if (typeof client.externalDrivesPacing !== 'function') {
    client.defineCommand('externalDrivesPacing', { numberOfKeys: 1, lua: SCRIPT });
  }
  const call = (key: string, specs: BucketSpecs, op: string, ...args: Array<string | number>) =>
    client.externalDrivesPacing(
      `${prefix}:pacing:${key}`,
      op,
      specs.minute.capacity,
      specs.minute.refillPerMs,
      specs.day ? specs.day.capacity : -1,
      specs.day ? specs.day.refillPerMs : 0,
      ...args
    );
  return {
    kind: 'redis',
    async take(key, specs, request): Promise<TakeOutcome> {
      const [granted, value, paused] = (await call(
        key,
        specs,
        'take',
        request.cost,
        request.want,
        request.background ? '1' : '0',
        request.holder,
        request.waitedMs
      )) as [number, string, number?];
      return granted === 1
        ? { granted: true, units: Number(value) }
        : { granted: false, waitMs: Number(value), paused: paused === 1 };
    },
    async pause(key, specs, ms) {
      await call(key, specs, 'pause', ms);
    },
    async capByRemaining(key, specs, remaining, limit) {
      await call(key, specs, 'cap', remaining, limit, AIM);
    },
    async read(key, specs): Promise<PacingState | null> {
      const raw = (await call(key, specs, 'read')) as string | null;
      if (!raw) return null;
      const s = JSON.parse(raw) as StoredState;
      return {
        minute: s.m,
        day: s.d < 0 ? null : s.d,
        at: s.at,
        pausedUntil: s.p,
        turn: s.th ? { holder: s.th, since: s.ts, until: s.tu } : null,
      };
    },
  };
}
