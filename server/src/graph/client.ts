/**
 * Builds Graph SDK clients. The same code talks to Microsoft and to the emulator: only the base URL
 * and the transport's trusted CA differ.
 */
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { fetch, type Dispatcher } from 'undici';
import { wrapForGraphSdk } from './errors';
import { RetryPolicyMiddleware, type GraphMetrics, type RetryPolicyOptions } from './retry-policy';
import { throttleGateFor } from './throttle-gate';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  graphBaseUrl: string;
  dispatcher: Dispatcher;
  getAccessToken: () => Promise<string>;
  /** Requests sharing a throttle key pause together (one per tenant + application). */
  throttleKey: string;
  /** The most requests a second for that key; null: only Microsoft's throttling limits them. */
  maxRequestsPerSecond?: number | null;
  metrics?: GraphMetrics;
  retryPolicy?: RetryPolicyOptions;
}

/**
 * The last link of the chain: undici's own fetch over the plugin's dispatcher. Node's built-in
 * fetch would also take the dispatcher, but it flattens undici's errors (their codes, such as
 * UND_ERR_HEADERS_TIMEOUT, are lost), and the retry policy and error mapping need them.
 */
class UndiciFetchHandler implements Middleware {
  constructor(private readonly dispatcher: Dispatcher) {}

  async execute(context: Context): Promise<void> {
    const response = await fetch(context.request as string, {
      ...(context.options as object),
      dispatcher: this.dispatcher,
    });
    context.response = response as unknown as Response;
  }
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
    new AuthenticationHandler({
      getAccessToken: async () => {
        try {
          return await options.getAccessToken();
        } catch (error) {
          // msal's error would reach the caller as a bare GraphError; keep what it means.
          throw wrapForGraphSdk(error, 'connect');
        }
      },
    }),
    new RetryPolicyMiddleware(
      throttleGateFor(options.throttleKey, options.maxRequestsPerSecond ?? null),
      options.metrics ?? newMetrics(),
      options.retryPolicy
    ),
    // Follows the 302 of /content to the pre-authenticated URL, dropping Authorization on the way.
    new RedirectHandler(),
    new UndiciFetchHandler(options.dispatcher)
  );
  return Client.initWithMiddleware({
    middleware,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, ''),
    // Without this the SDK strips the Bearer token from any host that is not Microsoft's own.
    customHosts: new Set([base.hostname.toLowerCase()]),
  });
}
