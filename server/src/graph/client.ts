/**
 * Builds Graph SDK clients. The same code talks to Microsoft and to the emulator: only the base URL
 * and the transport's trusted CA differ.
 */
import {
  Client,
  RedirectHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { fetch, type Dispatcher } from 'undici';
import { wrapForGraphSdk } from './errors';
import {
  RetryPolicyMiddleware,
  type Authorize,
  type GraphMetrics,
  type RetryPolicyOptions,
} from './retry-policy';
import type { Pacer } from './pacing/pacer';
import type { TokenSource } from './token-source';

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 */
  graphBaseUrl: string;
  dispatcher: Dispatcher;
  getAccessToken: TokenSource;
  /**
   * The pacer of the app's tenant (one per tenant + application, whatever the token: Microsoft
   * budgets the app, delegated calls included): every request of the client goes through it.
   */
  pacer: Pacer;
  /** Sync and other work nobody waits for: queues behind user-facing requests at the pacer. */
  inBackground?: boolean;
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

const AUTHORIZATION = 'Authorization';

/** Sets (or removes) a header whether the SDK keeps the request's headers as Headers or a record. */
function setHeader(context: Context, name: string, value: string | undefined) {
  const options = (context.options ??= {});
  if (options.headers instanceof Headers) {
    if (value === undefined) options.headers.delete(name);
    else options.headers.set(name, value);
    return;
  }
  const headers = { ...((options.headers as Record<string, string> | undefined) ?? {}) };
  delete headers[name];
  if (value !== undefined) headers[name] = value;
  options.headers = headers;
}

/**
 * The Bearer token goes to Graph's host only (as the SDK's own AuthenticationHandler does): never
 * to the pre-authenticated download and upload URLs, which live on other hosts.
 */
function authorizeFor(graphHost: string, getAccessToken: TokenSource): Authorize {
  return async (context, request) => {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).hostname.toLowerCase() !== graphHost) {
      setHeader(context, AUTHORIZATION, undefined);
      return;
    }
    let token: string;
    try {
      token = await getAccessToken(request);
    } catch (error) {
      // msal's error would reach the caller as a bare GraphError; keep what it means.
      throw wrapForGraphSdk(error, 'connect');
    }
    setHeader(context, AUTHORIZATION, `Bearer ${token}`);
  };
}

export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.graphBaseUrl);
  const middleware = chain(
    new RetryPolicyMiddleware(
      {
        pacer: options.pacer,
        graphHost: base.hostname.toLowerCase(),
        background: options.inBackground ?? false,
      },
      options.metrics ?? newMetrics(),
      authorizeFor(base.hostname.toLowerCase(), options.getAccessToken),
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
