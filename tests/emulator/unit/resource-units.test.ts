/**
 * Resource units as Microsoft documents them ("Avoid getting throttled or blocked in SharePoint
 * Online"): costs by operation, a minute and a day budget per app per tenant by tenant size, shared
 * by the app's application and delegated calls, RateLimit headers from 80% of the minute budget,
 * 429 beyond, and the accounting benchmarks read.
 */
import {
  ResourceUnitBudget,
  resourceUnitCost,
} from '../../../emulator/src/throttling/resource-units';
import {
  appToken,
  http,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('resource-unit costs, by Microsoft table', () => {
  const cost = (method: string, path: string, options: { delta?: boolean; expand?: string } = {}) =>
    resourceUnitCost({
      method,
      path,
      deltaWithToken: options.delta ?? false,
      expand: options.expand,
    });
  const item = '/v1.0/drives/d/items/x';

  it('charges 1 RU a single item, a download and a delta with a token', () => {
    expect(cost('GET', item)).toBe(1);
    expect(cost('HEAD', item)).toBe(1);
    expect(cost('GET', '/v1.0/drives/d')).toBe(1);
    expect(cost('GET', '/v1.0/sites/s')).toBe(1);
    expect(cost('GET', '/v1.0/me')).toBe(1);
    expect(cost('GET', `${item}/content`)).toBe(1);
    expect(cost('GET', `${item}/versions/v1/content`)).toBe(1);
    expect(cost('GET', '/v1.0/drives/d/items/root/delta', { delta: true })).toBe(1);
    // An item addressed by path, whatever it is called.
    expect(cost('GET', `${item}/path/children`)).toBe(1);
    expect(cost('GET', `${item}/path/a%2Fpermissions`)).toBe(1);
  });

  it('charges 2 RU a multi-item query, a delta without a token and every write or upload', () => {
    expect(cost('GET', '/v1.0/drives/d/items/root/delta')).toBe(2);
    expect(cost('GET', `${item}/children`)).toBe(2);
    expect(cost('GET', `${item}/path/a%2Fb/children`)).toBe(2);
    expect(cost('GET', '/v1.0/sites')).toBe(2);
    expect(cost('GET', '/v1.0/sites/s/drives')).toBe(2);
    expect(cost('GET', '/v1.0/sites/s/sites')).toBe(2);
    expect(cost('GET', '/v1.0/subscriptions')).toBe(2);
    expect(cost('GET', `${item}/versions`)).toBe(2);
    expect(cost('GET', `${item}/thumbnails`)).toBe(2);
    expect(cost('GET', '/v1.0/sites/s/lists/l/items')).toBe(2);
    expect(cost('GET', "/v1.0/drives/d/items/root/search(q='x')")).toBe(2);
    expect(cost('POST', `${item}/children`)).toBe(2);
    expect(cost('PUT', `${item}/content`)).toBe(2);
    expect(cost('POST', `${item}/createUploadSession`)).toBe(2);
    expect(cost('PATCH', item)).toBe(2);
    expect(cost('DELETE', item)).toBe(2);
    expect(cost('POST', '/v1.0/subscriptions')).toBe(2);
  });

  it('charges 5 RU every permission operation, $expand=permissions included', () => {
    expect(cost('POST', `${item}/createLink`)).toBe(5);
    expect(cost('POST', `${item}/invite`)).toBe(5);
    expect(cost('GET', `${item}/permissions`)).toBe(5);
    expect(cost('GET', `${item}/permissions/p`)).toBe(5);
    expect(cost('DELETE', `${item}/permissions/p`)).toBe(5);
    expect(cost('GET', '/v1.0/sites/s/permissions')).toBe(5);
    expect(cost('POST', '/v1.0/shares/u/permission/grant')).toBe(5);
    expect(cost('GET', item, { expand: 'permissions' })).toBe(5);
    expect(cost('GET', `${item}/children`, { expand: 'thumbnails,permissions' })).toBe(5);
    expect(
      cost('GET', '/v1.0/drives/d/items/root/delta', { delta: true, expand: 'permissions' })
    ).toBe(5);
    expect(cost('GET', item, { expand: 'children' })).toBe(1);
  });
});

describe('resource-unit budget (minute and day windows)', () => {
  const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
  const s = (seconds: number) => T0 + seconds * 1000;

  it("takes Microsoft's limits by tenant size, or explicit numbers", () => {
    const budget = new ResourceUnitBudget();
    expect(budget.settings).toMatchObject({
      resourceUnitsPerMinute: null,
      resourceUnitsPerDay: null,
    });
    const limits = (settings: Parameters<ResourceUnitBudget['configure']>[0]) => {
      budget.configure(settings);
      const { resourceUnitsPerMinute, resourceUnitsPerDay, tier } = budget.settings;
      return [resourceUnitsPerMinute, resourceUnitsPerDay, tier];
    };
    expect(limits({ tier: '0-1k' })).toEqual([1_200, 1_200_000, '0-1k']);
    expect(limits({ tier: '1k-5k' })).toEqual([2_400, 2_400_000, '1k-5k']);
    expect(limits({ tier: '5k-15k' })).toEqual([3_600, 3_600_000, '5k-15k']);
    expect(limits({ tier: '15k-50k' })).toEqual([4_800, 4_800_000, '15k-50k']);
    expect(limits({ tier: '50k+' })).toEqual([6_000, 6_000_000, '50k+']);
    expect(limits({ licences: 1_000 })).toEqual([1_200, 1_200_000, '0-1k']);
    expect(limits({ licences: 1_001 })).toEqual([2_400, 2_400_000, '1k-5k']);
    expect(limits({ licences: 15_000 })).toEqual([3_600, 3_600_000, '5k-15k']);
    expect(limits({ licences: 50_001 })).toEqual([6_000, 6_000_000, '50k+']);
    expect(budget.settings.licences).toBe(50_001);
    // Explicit numbers win over the tier; a minute budget alone brings the table's day ratio.
    expect(limits({ tier: '0-1k', resourceUnitsPerMinute: 100 })).toEqual([100, 1_200_000, '0-1k']);
    expect(limits({ resourceUnitsPerMinute: 50 })).toEqual([50, 50_000, undefined]);
    expect(limits({ resourceUnitsPerMinute: 50, resourceUnitsPerDay: null })).toEqual([
      50,
      null,
      undefined,
    ]);
    expect(limits({ resourceUnitsPerDay: 10 })).toEqual([null, 10, undefined]);
    expect(limits({})).toEqual([null, null, undefined]);
    expect(() => budget.configure({ tier: '2k' as never })).toThrow(/tier must be one of/);
    expect(() => budget.configure({ tier: '0-1k', licences: 5 })).toThrow(/not both/);
    expect(() => budget.configure({ licences: -1 })).toThrow(/licences/);
    expect(() => budget.configure({ resourceUnitsPerDay: 0 })).toThrow(/resourceUnitsPerDay/);
    expect(() => budget.configure({ daySeconds: 0 })).toThrow(/daySeconds/);
  });

  it('throttles beyond the minute budget until enough spending leaves the sliding window', () => {
    const budget = new ResourceUnitBudget();
    budget.configure({ resourceUnitsPerMinute: 10, resourceUnitsPerDay: null });
    for (let i = 0; i < 5; i++)
      expect(budget.charge('t', 'app', 2, s(i)).retryAfter).toBeUndefined();
    // 12 > 10: sent again (2 RU more), the request fits once the window holds at most 8 RU, its
    // own 2 included: when the spending of seconds 0 and 1 leaves it, at second 61.
    const throttled = budget.charge('t', 'app', 2, s(10));
    expect(throttled).toMatchObject({ exceeded: 'minute', retryAfter: 61 - 10 });
    // Throttled requests count: one more now is refused again and pushes the wait to second 62.
    expect(budget.charge('t', 'app', 2, s(11))).toMatchObject({ retryAfter: 62 - 11 });
    // Another app, or the same app in another tenant, has its own budget.
    expect(budget.charge('t', 'other', 2, s(11)).retryAfter).toBeUndefined();
    expect(budget.charge('t2', 'app', 2, s(11)).retryAfter).toBeUndefined();
    // A minute after its last requests the app is through again.
    expect(budget.charge('t', 'app', 2, s(72)).retryAfter).toBeUndefined();
  });

  it('throttles beyond the day budget with a Retry-After to the day window', () => {
    const budget = new ResourceUnitBudget();
    budget.configure({ resourceUnitsPerMinute: 10, resourceUnitsPerDay: 25, daySeconds: 3_600 });
    for (let minute = 0; minute < 3; minute++)
      for (let i = 0; i < 4; i++)
        expect(budget.charge('t', 'app', 2, s(minute * 60 + i * 10)).retryAfter).toBeUndefined();
    // 24 spent over three minutes: 26 > 25 in the day, while the minute holds 8 of 10.
    const throttled = budget.charge('t', 'app', 2, s(180));
    expect(throttled.exceeded).toBe('day');
    // Sent again it fits once the day holds at most 23: when seconds 0 and 10 leave the window.
    expect(throttled.retryAfter).toBe(3_600 + 10 - 180);
    expect(budget.report(s(180)).apps[0]).toMatchObject({
      throttledRequests: 1,
      throttledByDayBudget: 1,
      dayUnits: 26,
      minuteUnits: 8,
    });
  });

  it('gives the RateLimit values from 80% of the minute budget', () => {
    const budget = new ResourceUnitBudget();
    budget.configure({ resourceUnitsPerMinute: 10 });
    for (let i = 0; i < 7; i++)
      expect(budget.charge('t', 'app', 1, s(i)).rateLimit).toBeUndefined();
    // 8 of 10: remaining 2; below 80% again once the first RU (second 0) leaves, at second 60.
    expect(budget.charge('t', 'app', 1, s(7)).rateLimit).toEqual({
      limit: 10,
      remaining: 2,
      reset: 53,
    });
    // 10 of 10: below 80% once the spending of seconds 0 to 2 leaves, at second 62.
    expect(budget.charge('t', 'app', 2, s(8)).rateLimit).toEqual({
      limit: 10,
      remaining: 0,
      reset: 54,
    });
    const throttled = budget.charge('t', 'app', 1, s(9));
    expect(throttled.retryAfter).toBeDefined();
    expect(throttled.rateLimit).toMatchObject({ limit: 10, remaining: 0 });
    // No minute budget (day only): no RateLimit headers.
    budget.configure({ resourceUnitsPerMinute: null, resourceUnitsPerDay: 10 });
    for (let i = 0; i < 9; i++)
      expect(budget.charge('t', 'app', 1, s(i)).rateLimit).toBeUndefined();
  });

  it('accounts per app: totals, throttled answers, the peak window, per interval, even with no budget', () => {
    const budget = new ResourceUnitBudget();
    for (let i = 0; i < 3; i++) budget.charge('t', 'app', 2, s(i));
    budget.charge('t', 'app', 5, s(61));
    budget.charge('t', 'app', 1, s(62));
    budget.charge('t', 'reader', 1, s(62));
    const report = budget.report(s(62));
    expect(report.settings.resourceUnitsPerMinute).toBeNull();
    const app = report.apps.find((a) => a.clientId === 'app')!;
    expect(app).toEqual({
      client: 't/app',
      tenantId: 't',
      clientId: 'app',
      totalUnits: 12,
      requests: 5,
      throttledRequests: 0,
      throttledByDayBudget: 0,
      // The window now holds seconds 61 and 62; it held 7 at second 61 (2 of second 2, and 5).
      minuteUnits: 6,
      dayUnits: 12,
      peakMinuteUnits: 7,
      minutes: [
        { start: '2025-01-01T12:00:00.000Z', units: 6, requests: 3, throttledRequests: 0 },
        { start: '2025-01-01T12:01:00.000Z', units: 6, requests: 2, throttledRequests: 0 },
      ],
    });
    expect(report.apps.find((a) => a.clientId === 'reader')!.totalUnits).toBe(1);
    budget.reset();
    expect(budget.report().apps).toEqual([]);
  });
});

describe('emulator resource units over HTTP', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const REDIRECT_URI = 'http://localhost:3000/auth/callback';
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  const get = (path: string, bearer = token) =>
    http(emulator, 'GET', graph(path), { token: bearer });

  /** A delegated token of the default app for the first user (authorization code, no PKCE). */
  async function delegatedToken(): Promise<string> {
    const form = {
      client_id: emulator.info.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'Files.ReadWrite.All Sites.Read.All offline_access',
      state: 's',
    };
    const posted = await http(
      emulator,
      'POST',
      `${emulator.info.authority}/oauth2/v2.0/authorize`,
      {
        form: { ...form, user_id: emulator.info.users[0].id, action: 'accept' },
      }
    );
    expect(posted.status).toBe(302);
    const code = new URL(String(posted.headers.location)).searchParams.get('code')!;
    const issued = await http(emulator, 'POST', `${emulator.info.authority}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'authorization_code',
        client_id: emulator.info.clientId,
        client_secret: emulator.info.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
        scope: form.scope,
      },
    });
    expect(issued.status).toBe(200);
    return issued.body.access_token;
  }

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    await emulator.control.setRedirectUris(emulator.info.clientId, [REDIRECT_URI]);
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
  });
  afterEach(async () => {
    await emulator.control.setThrottling({});
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('accounts every Graph call by its cost, with no budget set, per app and in stats', async () => {
    await emulator.control.clearResourceUnits();
    const mark = await emulator.control.mark();
    expect((await get(`/drives/${driveId}`)).status).toBe(200);
    expect((await get(`/drives/${driveId}/root/children`)).status).toBe(200);
    expect((await get(`/drives/${driveId}/root?$expand=permissions`)).status).toBe(200);
    const delta = await get(`/drives/${driveId}/root/delta`);
    expect(delta.status).toBe(200);
    expect((await get(`/drives/${driveId}/root/delta`)).headers['ratelimit-limit']).toBeUndefined();
    const report = await emulator.control.resourceUnits();
    expect(report.settings).toMatchObject({
      resourceUnitsPerMinute: null,
      resourceUnitsPerDay: null,
    });
    expect(report.apps).toHaveLength(1);
    expect(report.apps[0]).toMatchObject({
      client: `${emulator.info.tenantId}/${emulator.info.clientId}`,
      clientId: emulator.info.clientId,
      totalUnits: 1 + 2 + 5 + 2 + 2,
      requests: 5,
      throttledRequests: 0,
      peakMinuteUnits: 12,
    });
    expect(report.apps[0].minutes.reduce((sum, m) => sum + m.units, 0)).toBe(12);
    expect((await emulator.control.stats(mark)).resourceUnits).toBe(12);
  });

  it('sends RateLimit headers from 80% of the minute budget, then 429 with Retry-After', async () => {
    await emulator.control.setThrottling({ resourceUnitsPerMinute: 10 });
    for (let i = 0; i < 7; i++) {
      const answer = await get(`/drives/${driveId}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['ratelimit-limit']).toBeUndefined();
    }
    const warned = await get(`/drives/${driveId}`);
    expect(warned.status).toBe(200);
    expect(warned.headers['ratelimit-limit']).toBe('10');
    expect(warned.headers['ratelimit-remaining']).toBe('2');
    expect(Number(warned.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    expect(Number(warned.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    expect((await get(`/drives/${driveId}/root/children`)).headers['ratelimit-remaining']).toBe(
      '0'
    );
    const throttled = await get(`/drives/${driveId}`);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({
      code: 'activityLimitReached',
      innerError: { code: 'throttledRequest' },
    });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(throttled.headers['ratelimit-remaining']).toBe('0');
    const report = await emulator.control.resourceUnits();
    expect(report.apps[0]).toMatchObject({ totalUnits: 11, throttledRequests: 1 });
  });

  it("charges the app's delegated calls to the same budget, without RateLimit headers", async () => {
    const user = await delegatedToken();
    await emulator.control.setThrottling({ tier: '0-1k', resourceUnitsPerMinute: 5 });
    for (let i = 0; i < 3; i++) expect((await get(`/drives/${driveId}`)).status).toBe(200);
    const delegated = await get('/me/drive', user);
    expect(delegated.status).toBe(200);
    // 4 of 5: app tokens are warned, delegated ones are not (Microsoft: application permissions only).
    expect(delegated.headers['ratelimit-limit']).toBeUndefined();
    expect((await get(`/drives/${driveId}`)).headers['ratelimit-remaining']).toBe('0');
    expect((await get('/me/drive', user)).status).toBe(429);
    expect((await get(`/drives/${driveId}`)).status).toBe(429);
    // Another app keeps its own budget.
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    expect((await get(`/sites/${emulator.info.sites[0].id}`, reader)).status).toBe(200);
    const { apps } = await emulator.control.resourceUnits();
    expect(apps.find((a) => a.clientId === emulator.info.clientId)).toMatchObject({
      totalUnits: 7,
      requests: 7,
      throttledRequests: 2,
    });
    expect(apps.find((a) => a.clientId === emulator.info.readerClientId)!.totalUnits).toBe(1);
  });

  it('throttles on the day budget, takes the tier by licence count, and refuses nonsense', async () => {
    expect(await emulator.control.setThrottling({ licences: 12_000 })).toEqual({
      resourceUnitsPerMinute: 3_600,
      resourceUnitsPerDay: 3_600_000,
      tier: '5k-15k',
      licences: 12_000,
      windowSeconds: 60,
      daySeconds: 86_400,
    });
    await emulator.control.setThrottling({ resourceUnitsPerDay: 3 });
    for (let i = 0; i < 3; i++) expect((await get(`/drives/${driveId}`)).status).toBe(200);
    const throttled = await get(`/drives/${driveId}`);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(86_000);
    expect(throttled.headers['ratelimit-limit']).toBeUndefined();
    expect((await emulator.control.resourceUnits()).apps[0].throttledByDayBudget).toBe(1);
    await expect(emulator.control.setThrottling({ tier: 'huge' as never })).rejects.toThrow(/400/);
    await expect(
      emulator.control.setThrottling({ resourcesPerMinute: 5 } as never)
    ).rejects.toThrow(/unknown setting/);
  });
});
