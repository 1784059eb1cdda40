/**
 * The graph layer against the emulator over HTTPS, through the real msal-node and Graph SDK:
 * retries and Retry-After, the per-tenant pause, and the one error mapping.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { createAppTokenProvider } from '../../../server/src/auth/app-tokens';
import { createMsalNetworkClient } from '../../../server/src/auth/msal-network';
import { createGraphClient, newMetrics } from '../../../server/src/graph/client';
import { bucketSpecsOf } from '../../../server/src/graph/pacing/budget';
import { Pacer } from '../../../server/src/graph/pacing/pacer';
import { createMemoryStore } from '../../../server/src/graph/pacing/store';
import { toExternalDrivesError } from '../../../server/src/graph/errors';
import { TOKEN_FAILURES } from '../../../shared/errors';
import type { RetryPolicyOptions } from '../../../server/src/graph/retry-policy';
import { createTransport, type Transport } from '../../../server/src/graph/transport';
import { startHttpEmulator, type HttpEmulator } from '../../../testkit/emulator-http';

const FAST_RETRIES: RetryPolicyOptions = {
  maxAttempts: 4,
  baseDelayMs: 20,
  maxDelayMs: 100,
  maxRetryAfterMs: 60_000,
};

describe('graph layer against the emulator', () => {
  let emulator: HttpEmulator;
  let transport: Transport;

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    transport = createTransport({ caFile: emulator.info.caFile, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await transport.close();
    await emulator.close();
  });
  afterEach(() => emulator.control.clearFaults());

  const client = (
    options: {
      clientSecret?: string;
      clientId?: string;
      pacer?: Pacer;
    } = {}
  ) => {
    const metrics = newMetrics();
    const getAccessToken = createAppTokenProvider(
      {
        authorityHost: emulator.info.authorityHost,
        tenantId: emulator.info.tenantId,
        clientId: options.clientId ?? emulator.info.clientId,
        credential: { kind: 'secret', secret: options.clientSecret ?? emulator.info.clientSecret },
      },
      createMsalNetworkClient(transport)
    );
    const graph = createGraphClient({
      graphBaseUrl: emulator.info.graphUrl,
      dispatcher: transport.dispatcher,
      getAccessToken,
      pacer: options.pacer ?? new Pacer('unpaced', createMemoryStore(), null),
      metrics,
      retryPolicy: FAST_RETRIES,
    });
    return { graph, metrics };
  };

  const site = () => emulator.info.sites[0];

  it('reads a site with an app-only token from msal-node', async () => {
    const { graph, metrics } = client();
    const result = await graph.api(`/sites/${site().id}`).get();
    expect(result.id).toBe(site().id);
    expect(metrics).toEqual({ requests: 1, throttledWaits: 0 });
  });

  it('waits out Retry-After on 429, then succeeds, sending nothing early', async () => {
    await emulator.control.addFaults([
      { kind: 'throttle', method: 'GET', path: '/sites/', nth: 1, retryAfterSeconds: 1 },
    ]);
    const { graph, metrics } = client();
    const started = Date.now();
    const result = await graph.api(`/sites/${site().id}`).get();
    expect(result.id).toBe(site().id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(metrics).toEqual({ requests: 2, throttledWaits: 1 });
    const stats = await emulator.control.stats();
    expect(stats.retryAfterViolations).toBe(0);
  });

  it('pauses every request of the tenant while one is throttled', async () => {
    await emulator.control.addFaults([
      { kind: 'unavailable', method: 'GET', path: '/sites/', nth: 1, retryAfterSeconds: 1 },
    ]);
    const pacer = new Pacer('shared-tenant', createMemoryStore(), null);
    const first = client({ pacer });
    const second = client({ pacer });
    const throttled = first.graph.api(`/sites/${site().id}`).get();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await second.graph.api(`/sites/${site().id}`).get();
    await throttled;
    expect(second.metrics.throttledWaits).toBe(1);
    expect((await emulator.control.stats()).retryAfterViolations).toBe(0);
  });

  it('spaces the requests of a tenant to its resource-unit budget, across clients', async () => {
    // 20 RU a second: a 10 RU burst (two of the dearest requests), then 88% of the budget less
    // the burst, 7.6 RU a second.
    const specs = bucketSpecsOf({
      resourceUnitsPerMinute: 20,
      resourceUnitsPerDay: null,
      resourceUnitWindowSeconds: 1,
    });
    const pacer = new Pacer('rate-limited-tenant', createMemoryStore(), specs);
    const clients = [client({ pacer }), client({ pacer })];
    const started = Date.now();
    // Reading a site costs 1 RU: 30 of them, the last 20 at the refill rate (~2.6 s).
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => clients[i % 2].graph.api(`/sites/${site().id}`).get())
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_300);
    // Our own spacing is not Microsoft's throttling.
    expect(clients.map(({ metrics }) => metrics.throttledWaits)).toEqual([0, 0]);
  });

  it('retries 5xx and connection resets with backoff', async () => {
    await emulator.control.addFaults([
      { kind: 'serverError', status: 502, method: 'GET', path: '/sites/', nth: 1 },
      { kind: 'reset', method: 'GET', path: '/sites/', nth: 2 },
    ]);
    const { graph, metrics } = client();
    expect((await graph.api(`/sites/${site().id}`).get()).id).toBe(site().id);
    expect(metrics.requests).toBe(3);
    expect(metrics.throttledWaits).toBe(2);
  });

  it('gives up after the last attempt and maps the failure', async () => {
    await emulator.control.addFaults([
      {
        kind: 'serverError',
        status: 500,
        method: 'GET',
        path: '/sites/',
        times: 10,
        probability: 1,
      },
    ]);
    const { graph, metrics } = client();
    const error = await graph
      .api(`/sites/${site().id}`)
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(metrics.requests).toBe(FAST_RETRIES.maxAttempts);
    expect(toExternalDrivesError(error, 'sync')).toMatchObject({
      code: 'unableToConnect',
      message: 'Unable to connect',
    });
  });

  it('does not retry a 404, and maps it by operation', async () => {
    const { graph, metrics } = client();
    const error = await graph
      .api(`/drives/${site().drives[0].id}/items/nope`)
      .get()
      .catch((e: unknown) => e);
    expect(metrics.requests).toBe(1);
    expect(toExternalDrivesError(error, 'read').code).toBe('notFound');
    expect(toExternalDrivesError(error, 'connect').code).toBe('unableToConnect');
  });

  it('maps a wrong client secret to "Authentication failed", through the Graph SDK', async () => {
    const { graph } = client({ clientSecret: 'not-the-secret' });
    const error = await graph
      .api(`/sites/${site().id}`)
      .get()
      .catch((e: unknown) => e);
    const mapped = toExternalDrivesError(error, 'connect');
    expect(mapped).toMatchObject({
      code: 'authenticationFailed',
      message: TOKEN_FAILURES.invalidClientSecret.message,
      details: { reason: 'invalidClientSecret' },
    });
    expect(mapped.status).not.toBe(401);
    expect(mapped.details.nextStep).toBe(TOKEN_FAILURES.invalidClientSecret.nextStep);
  });

  it('maps a site the app was not granted to "Unable to connect"', async () => {
    const other = await emulator.control.createSite(`Restricted ${Date.now()}`);
    const { graph } = client();
    const error = await graph
      .api(`/sites/${other.id}`)
      .get()
      .catch((e: unknown) => e);
    expect((error as GraphError).statusCode).toBe(403);
    expect(toExternalDrivesError(error, 'connect').message).toBe('Unable to connect');
    expect(toExternalDrivesError(error, 'write').message).toBe(
      'Permission error: you need edit permission on this library'
    );
  });

  it('maps a timeout to "Timeout"', async () => {
    await emulator.control.addFaults([
      { kind: 'slow', method: 'GET', path: '/sites/', delayMs: 5_000, times: 10, probability: 1 },
    ]);
    const { graph } = client();
    const error = await graph
      .api(`/sites/${site().id}`)
      .get()
      .catch((e: unknown) => e);
    expect(toExternalDrivesError(error, 'list')).toMatchObject({
      code: 'timeout',
      message: 'Timeout',
    });
  });
});
