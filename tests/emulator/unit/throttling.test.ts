import { setTimeout as delay } from 'node:timers/promises';
import { resourceUnitCost } from '../../../emulator/src/throttling/resource-units';
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('resource-unit costs (as Microsoft documents them)', () => {
  const cost = (method: string, path: string, deltaWithToken = false) =>
    resourceUnitCost({ method, path, deltaWithToken });
  it('charges 1 RU for single items, downloads and delta with a token, 2 RU for the rest', () => {
    expect(cost('GET', '/v1.0/drives/d/items/x')).toBe(1);
    expect(cost('GET', '/v1.0/drives/d/items/x/content')).toBe(1);
    expect(cost('GET', '/v1.0/drives/d/items/root/delta', true)).toBe(1);
    expect(cost('GET', '/v1.0/drives/d/items/root/delta', false)).toBe(2);
    expect(cost('GET', '/v1.0/drives/d/items/x/children')).toBe(2);
    expect(cost('GET', '/v1.0/sites')).toBe(2);
    expect(cost('PUT', '/v1.0/drives/d/items/x/content')).toBe(2);
    expect(cost('PATCH', '/v1.0/drives/d/items/x')).toBe(2);
    expect(cost('DELETE', '/v1.0/drives/d/items/x')).toBe(2);
  });
});

describe('emulator throttling by resource units', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
  });
  afterAll(async () => {
    await emulator.control.setThrottling({ resourceUnitsPerMinute: null });
    await emulator.close();
  });

  it('is off by default', async () => {
    for (let i = 0; i < 30; i++)
      expect(
        (await http(emulator, 'GET', graph(`/drives/${driveId}/root/delta`), { token })).status
      ).toBe(200);
  });

  it('answers 429 activityLimitReached with Retry-After once an app spends its budget', async () => {
    await emulator.control.setThrottling({ resourceUnitsPerMinute: 5, windowSeconds: 2 });
    const mark = await emulator.control.mark();
    for (let i = 0; i < 5; i++)
      expect((await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).status).toBe(
        200
      );
    const throttled = await http(emulator, 'GET', graph(`/drives/${driveId}`), { token });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('activityLimitReached');
    expect(throttled.body.error.innerError.code).toBe('throttledRequest');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);

    // Another app has its own budget.
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    expect((await http(emulator, 'GET', graph('/sites?search=*'), { token: reader })).status).toBe(
      200
    );

    // Honouring Retry-After lets the app through again.
    await delay(retryAfter * 1000 + 100);
    expect((await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).status).toBe(200);
    const stats = await emulator.control.stats(mark);
    expect(stats.throttledRequests).toBe(1);
    expect(stats.retryAfterViolations).toBe(0);
  });

  it('charges a delta without token 2 RU and counts throttled requests against the budget', async () => {
    await emulator.control.setThrottling({ resourceUnitsPerMinute: 4, windowSeconds: 60 });
    const mark = await emulator.control.mark();
    const delta = () =>
      http(emulator, 'GET', graph(`/drives/${driveId}/root/delta?$top=1`), { token });
    expect((await delta()).status).toBe(200);
    expect((await delta()).status).toBe(200);
    expect((await delta()).status).toBe(429);
    // A client that ignores Retry-After stays throttled and is caught doing it.
    expect((await delta()).status).toBe(429);
    const stats = await emulator.control.stats(mark);
    expect(stats.throttledRequests).toBe(2);
    expect(stats.retryAfterViolations).toBe(1);
  });

  it('rejects a meaningless budget', async () => {
    await expect(emulator.control.setThrottling({ resourceUnitsPerMinute: 0 })).rejects.toThrow(
      /400/
    );
  });
});
