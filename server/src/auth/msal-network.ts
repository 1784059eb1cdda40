/**
 * msal-node's network module over the plugin's own transport, so token requests trust exactly the
 * CAs Graph requests trust (Node's roots plus the configured one) and share their timeouts.
 *
 * Entra ID's passing failures (timeouts, resets, 429, 5xx, temporarily_unavailable) are retried
 * here by the plugin's retry policy, before msal sees them: msal would otherwise remember a 5xx
 * for a minute and refuse every token request meanwhile without asking again.
 */
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';
import {
  DEFAULT_RETRY_POLICY,
  withRetryPolicy,
  type RetryPolicyOptions,
} from '../graph/retry-policy';
import { apartFromDepartures } from '../graph/departures';

/** A sign-in should not hang for minutes: fewer, shorter waits than for Graph requests. */
export const TOKEN_RETRY_POLICY: RetryPolicyOptions = {
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 4,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

const flattenHeaders = (headers: Record<string, string | string[] | undefined>) => {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
};

/**
 * Token requests go through the transport's dispatcher and back off from its first delay, with the
 * token policy's fewer attempts and shorter caps.
 */
export function createMsalNetworkClient(transport: {
  dispatcher: Dispatcher;
  retryPolicy?: Pick<RetryPolicyOptions, 'baseDelayMs'>;
}): INetworkModule {
  const { dispatcher } = transport;
  const retryPolicy: RetryPolicyOptions = {
    ...TOKEN_RETRY_POLICY,
    baseDelayMs: transport.retryPolicy?.baseDelayMs ?? TOKEN_RETRY_POLICY.baseDelayMs,
  };
  const sendOnce = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions
  ): Promise<NetworkResponse<T>> => {
    const response = await request(url, {
      method,
      headers: options?.headers,
      body: options?.body,
      dispatcher,
    });
    const text = await response.body.text();
    let body: T;
    try {
      body = (text ? JSON.parse(text) : {}) as T;
    } catch {
      // msal reads error fields off the body; a non-JSON answer (a proxy's HTML page) has none.
      body = { error: 'invalid_response', error_description: text.slice(0, 200) } as T;
    }
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
  };
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions
  ): Promise<NetworkResponse<T>> => {
    try {
      // A token request is never the Graph request a sync waits to see leave (graph/departures).
      return await apartFromDepartures(() =>
        withRetryPolicy(async () => {
          const answer = await sendOnce<T>(method, url, options);
          return { ...answer, retryAfter: answer.headers['retry-after'] };
        }, retryPolicy)
      );
    } catch (error) {
      // msal replaces any other error by a bare network_error; the cause (a timeout, a refused
      // connection) is what the user is told.
      const failure = new AuthError(
        'network_error',
        `Microsoft Entra ID could not be reached: ${(error as Error).message}`
      );
      throw Object.assign(failure, { cause: error });
    }
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, options),
  };
}
