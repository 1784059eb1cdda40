/**
 * Builds Graph SDK clients. The same code talks to Microsoft and to the emulator: only the base URL
 * and the transport's trusted CA differ.
 */
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Dispatcher } from 'undici';
import { RetryPolicyMiddleware, type GraphMetrics, type RetryPolicyOptions } from './retry-policy';
import { throttleGateFor } from './throttle-gate';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  graphBaseUrl: string;
  dispatcher: Dispatcher;
  getAccessToken: () => Promise<string>;
  /** Requests sharing a throttle key pause together (one per tenant + application). */
  throttleKey: string;
  metrics?: GraphMetrics;
  retryPolicy?: RetryPolicyOptions;
}

const chain = (...middlewares: Middleware[]) => {
  middlewares.reduce((previous, next) => {
    previous.setNext!(next);
    return next;
  });
  return middlewares[0];
};

export const newMetrics = (): GraphMetrics => ({ requests: 0, throttledWaits: 0 });

export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.graphBaseUrl);
  const middleware = chain(
    new AuthenticationHandler({ getAccessToken: options.getAccessToken }),
    new RetryPolicyMiddleware(
      throttleGateFor(options.throttleKey),
      options.metrics ?? newMetrics(),
      options.retryPolicy
    ),
    // Follows the 302 of /content to the pre-authenticated URL, dropping Authorization on the way.
    new RedirectHandler(),
    new HTTPMessageHandler()
  );
  return Client.initWithMiddleware({
    middleware,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ''),
    // Without this the SDK strips the Bearer token from any host that is not Microsoft's own.
    customHosts: new Set([base.hostname.toLowerCase()]),
    // Node's fetch takes an undici dispatcher: the extra CA is trusted for these requests only.
    fetchOptions: { dispatcher: options.dispatcher } as RequestInit,
  });
}
