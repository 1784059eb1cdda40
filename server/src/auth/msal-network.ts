/**
 * msal-node's network module over the plugin's own transport, so token requests trust exactly the
 * CAs Graph requests trust (Node's roots plus the configured one) and share their timeouts.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';

const flattenHeaders = (headers: Record<string, string | string[] | undefined>) => {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
};

export function createMsalNetworkClient(dispatcher: Dispatcher): INetworkModule {
  const send = async <T>(
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
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, options),
  };
}
