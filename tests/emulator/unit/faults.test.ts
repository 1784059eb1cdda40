import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { quickXorHash } from '../../../emulator/src';
import {
  appToken,
  collectDelta,
  http,
  msalConfig,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

const KIB320 = 320 * 1024;

describe('emulator fault injection', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  let otherDriveId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[0].drives[0].id;
    otherDriveId = emulator.info.sites[1].drives[0].id;
  });
  afterEach(async () => {
    await emulator.control.clearFaults();
    await emulator.control.clearRetryAfter();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('hits exactly the 3rd GET on the delta route of one drive with a 429 and Retry-After', async () => {
    const [rule] = await emulator.control.addFaults([
      { kind: 'throttle', method: 'GET', path: '/delta$', driveId, nth: 3, retryAfterSeconds: 7 },
    ]);
    const mark = await emulator.control.mark();
    const statuses: number[] = [];
    let throttled;
    for (let i = 0; i < 4; i++) {
      const response = await http(emulator, 'GET', graph(`/drives/${driveId}/root/delta?$top=1`), {
        token,
      });
      statuses.push(response.status);
      if (response.status === 429) throttled = response;
      // The other drive's delta is outside the rule's scope and is never counted.
      expect(
        (await http(emulator, 'GET', graph(`/drives/${otherDriveId}/root/delta?$top=1`), { token }))
          .status
      ).toBe(200);
    }
    expect(statuses).toEqual([200, 200, 429, 200]);
    expect(throttled!.headers['retry-after']).toBe('7');
    expect(throttled!.body.error.code).toBe('activityLimitReached');
    expect(throttled!.body.error.innerError.code).toBe('throttledRequest');
    const [state] = await emulator.control.faults();
    expect(state).toMatchObject({ id: rule.id, matched: 4, injected: 1 });
    const stats = await emulator.control.stats(mark);
    expect(stats.faultsInjected).toBe(1);
    expect(stats.faultsByKind).toEqual({ throttle: 1 });
    // Requests after the 429 came inside its 7 s Retry-After: each one is a violation.
    expect(stats.retryAfterViolations).toBe(3);
  });

  it('sends a Retry-After of milliseconds as fractional seconds when a rule asks for it', async () => {
    await emulator.control.addFaults([
      { kind: 'unavailable', method: 'GET', path: '/delta$', driveId, nth: 1, retryAfterMs: 20 },
    ]);
    const response = await http(emulator, 'GET', graph(`/drives/${driveId}/root/delta?$top=1`), {
      token,
    });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('0.02');
  });

  it('counts only requests sent before a Retry-After expires, per app and tenant', async () => {
    await emulator.control.addFaults([
      { kind: 'unavailable', path: '/drives/[^/]+$', nth: 1, retryAfterSeconds: 1 },
    ]);
    const mark = await emulator.control.mark();
    const first = await http(emulator, 'GET', graph(`/drives/${driveId}`), { token });
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe('serviceNotAvailable');
    expect(first.headers['retry-after']).toBe('1');
    // Another app of the same tenant is a different client: not a violation.
    const reader = await appToken(
      emulator,
      emulator.info.readerClientId,
      emulator.info.readerClientSecret
    );
    await http(emulator, 'GET', graph('/sites?search=*'), { token: reader });
    expect((await emulator.control.stats(mark)).retryAfterViolations).toBe(0);
    // The same app too early: one violation.
    await http(emulator, 'GET', graph(`/drives/${driveId}`), { token });
    expect((await emulator.control.stats(mark)).retryAfterViolations).toBe(1);
    await delay(1100);
    expect((await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).status).toBe(200);
    expect((await emulator.control.stats(mark)).retryAfterViolations).toBe(1);
    const ledger = await emulator.control.retryAfter();
    const client = ledger.find(
      (entry) => entry.client === `${emulator.info.tenantId}/${emulator.info.clientId}`
    );
    expect(client).toMatchObject({ retryAfterSent: 1, violations: 1 });
  });

  it('answers 500, 502, 504 and eventual-consistency 404s in Graph error shape', async () => {
    await emulator.control.addFaults([
      { kind: 'serverError', nth: 1, path: '/drives/[^/]+$' },
      { kind: 'serverError', status: 502, nth: 2, path: '/drives/[^/]+$' },
      { kind: 'serverError', status: 504, nth: 3, path: '/drives/[^/]+$' },
      { kind: 'notFound', nth: 4, path: '/drives/[^/]+$' },
    ]);
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const response = await http(emulator, 'GET', graph(`/drives/${driveId}`), { token });
      answers.push([response.status, response.body.error?.code ?? 'ok']);
    }
    expect(answers).toEqual([
      [500, 'generalException'],
      [502, 'badGateway'],
      [504, 'gatewayTimeout'],
      [404, 'itemNotFound'],
      [200, 'ok'],
    ]);
  });

  it('resets the connection and holds slow answers past the client timeout', async () => {
    await emulator.control.addFaults([
      { kind: 'reset', nth: 1, path: '/drives/[^/]+$' },
      { kind: 'slow', nth: 2, delayMs: 1500, path: '/drives/[^/]+$' },
    ]);
    const url = graph(`/drives/${driveId}`);
    const headers = { authorization: `Bearer ${token}` };
    await expect(request(url, { headers, dispatcher: emulator.dispatcher })).rejects.toThrow(
      /other side closed|socket|ECONNRESET/i
    );
    const impatient = new Agent({ connect: { ca: emulator.info.caPem }, headersTimeout: 300 });
    try {
      await expect(request(url, { headers, dispatcher: impatient })).rejects.toThrow(/timeout/i);
    } finally {
      await impatient.destroy();
    }
    expect((await http(emulator, 'GET', url, { token })).status).toBe(200);
    expect((await emulator.control.faults()).map((rule) => rule.injected)).toEqual([1, 1]);
  });

  it('expires a token mid-run: the same token stays refused, a fresh one from msal works', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const scopes = ['https://graph.microsoft.com/.default'];
    const first = (await msal.acquireTokenByClientCredential({ scopes }))!.accessToken;
    await emulator.control.addFaults([{ kind: 'expiredToken', nth: 2 }]);
    expect(
      (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token: first })).status
    ).toBe(200);
    const expired = await http(emulator, 'GET', graph(`/drives/${driveId}`), { token: first });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('InvalidAuthenticationToken');
    expect(
      (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token: first })).status
    ).toBe(401);
    // msal would hand back its cached token: a client has to skip the cache after a 401.
    const fresh = (await msal.acquireTokenByClientCredential({ scopes, skipCache: true }))!
      .accessToken;
    expect(fresh).not.toBe(first);
    expect(
      (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token: fresh })).status
    ).toBe(200);
  });

  it('forces a 410 resync on a delta request with a token, and keeps that token dead', async () => {
    const { deltaLink } = await collectDelta(
      emulator,
      token,
      graph(`/drives/${otherDriveId}/root/delta?$top=1000`)
    );
    // A delta without a token is not eligible, so it does not consume the rule.
    await emulator.control.addFaults([{ kind: 'resync', times: 1 }]);
    expect(
      (await http(emulator, 'GET', graph(`/drives/${otherDriveId}/root/delta?$top=1`), { token }))
        .status
    ).toBe(200);
    const gone = await http(emulator, 'GET', deltaLink, { token });
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('resyncRequired');
    expect((await http(emulator, 'GET', deltaLink, { token })).status).toBe(410);
    const fresh = await collectDelta(
      emulator,
      token,
      graph(`/drives/${otherDriveId}/root/delta?$top=1000`)
    );
    expect((await http(emulator, 'GET', fresh.deltaLink, { token })).status).toBe(200);
  });

  it('injects by probability from a seeded sequence, repeatably', async () => {
    const run = async () => {
      await emulator.control.clearFaults();
      await emulator.control.addFaults([
        { kind: 'serverError', probability: 0.3, seed: 'fixed', path: '/drives/[^/]+$' },
      ]);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
    expect((await emulator.control.faults())[0].injected).toBe(failures);
    expect(await run()).toEqual(first);
  });

  it("lets the Graph SDK's retry handler prove it honours Retry-After (zero violations)", async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const authProvider: AuthenticationProvider = {
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
    };
    const dispatcher = new Agent({ connect: { ca: emulator.info.caPem } });
    const client = Client.initWithMiddleware({
      authProvider,
      baseUrl: emulator.info.graphUrl.replace(/\/v1\.0$/, ''),
      defaultVersion: 'v1.0',
      customHosts: new Set(['localhost']),
      fetchOptions: { dispatcher } as RequestInit,
    });
    try {
      await emulator.control.addFaults([
        { kind: 'throttle', path: '/drives/[^/]+$', nth: 1, retryAfterSeconds: 1 },
        { kind: 'unavailable', path: '/drives/[^/]+$', nth: 2, retryAfterSeconds: 1 },
      ]);
      const mark = await emulator.control.mark();
      const started = Date.now();
      const drive = await client.api(`/drives/${driveId}`).get();
      expect(drive.id).toBe(driveId);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      const stats = await emulator.control.stats(mark);
      expect(stats.faultsInjected).toBe(2);
      expect(stats.retryAfterViolations).toBe(0);
    } finally {
      await dispatcher.close();
    }
  });

  it('refuses malformed rules', async () => {
    await expect(emulator.control.addFaults([{ kind: 'explode' as never }])).rejects.toThrow(/400/);
    await expect(
      emulator.control.addFaults([{ kind: 'throttle', probability: 2 }])
    ).rejects.toThrow(/probability/);
    await expect(emulator.control.addFaults([{ kind: 'throttle', path: '(' }])).rejects.toThrow(
      /regular expression/
    );
    await expect(
      emulator.control.addFaults([{ kind: 'throttle', retryAfterSeconds: 1, retryAfterMs: 5 }])
    ).rejects.toThrow(/not both/);
  });

  it('throttles the token endpoint when asked', async () => {
    await emulator.control.addFaults([
      { kind: 'throttle', host: 'identity', path: '/token$', nth: 1, retryAfterSeconds: 3 },
    ]);
    const response = await http(emulator, 'POST', `${emulator.info.authority}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: emulator.info.clientId,
        client_secret: emulator.info.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(await appToken(emulator)).toBeTruthy();
  });

  describe('upload sessions', () => {
    async function createSession(name: string) {
      const response = await http(
        emulator,
        'POST',
        graph(`/drives/${driveId}/root:/Faults/${name}:/createUploadSession`),
        {
          token,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }
      );
      expect(response.status).toBe(200);
      return response.body.uploadUrl as string;
    }
    const put = (url: string, bytes: Buffer, start: number, total: number) =>
      http(emulator, 'PUT', url, {
        headers: {
          'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`,
          'content-length': String(bytes.length),
        },
        body: bytes,
      });

    it('keeps only part of a fragment (202 with a shorter nextExpectedRanges); the file still hashes right', async () => {
      const data = randomBytes(6 * KIB320 + 1000);
      const url = await createSession('partial.bin');
      await emulator.control.addFaults([{ kind: 'partialFragment', nth: 1 }]);
      const partial = await put(url, data.subarray(0, 4 * KIB320), 0, data.length);
      expect(partial.status).toBe(202);
      expect(partial.body.nextExpectedRanges).toEqual([`${2 * KIB320}-${data.length - 1}`]);
      // The client resumes where the server says, not where it thinks it was.
      const rest = await put(url, data.subarray(2 * KIB320), 2 * KIB320, data.length);
      expect(rest.status).toBe(201);
      expect(rest.body.size).toBe(data.length);
      expect(rest.body.file.hashes.quickXorHash).toBe(quickXorHash(data));
    });

    it('expires an upload session under a client (404 on the next fragment)', async () => {
      const data = randomBytes(2 * KIB320);
      const url = await createSession('expired.bin');
      await emulator.control.addFaults([{ kind: 'uploadSessionExpired', host: 'content', nth: 2 }]);
      expect((await put(url, data.subarray(0, KIB320), 0, data.length)).status).toBe(202);
      const expired = await put(url, data.subarray(KIB320), KIB320, data.length);
      expect(expired.status).toBe(404);
      expect(expired.body.error.code).toBe('itemNotFound');
      expect((await http(emulator, 'GET', url)).status).toBe(404);
    });

    it('tracks Retry-After per upload session', async () => {
      const data = randomBytes(KIB320);
      const url = await createSession('retry.bin');
      await emulator.control.addFaults([
        { kind: 'unavailable', host: 'content', nth: 1, retryAfterSeconds: 30 },
      ]);
      const mark = await emulator.control.mark();
      expect((await put(url, data, 0, data.length)).status).toBe(503);
      expect((await put(url, data, 0, data.length)).status).toBe(201);
      expect((await emulator.control.stats(mark)).retryAfterViolations).toBe(1);
    });
  });
});
