import { Agent, request } from 'undici';
import {
  ControlClient,
  startEmulator,
  type EmulatorInfo,
  type RunningEmulator,
} from '../emulator/src';

/** Graph answers are inspected field by field in tests; `any` keeps those assertions readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GraphJson = any;

export interface HttpEmulator {
  running: RunningEmulator;
  info: EmulatorInfo;
  control: ControlClient;
  dispatcher: Agent;
  close(): Promise<void>;
}

/** Starts an emulator (quiet) with an undici Agent that trusts its CA explicitly. */
export async function startHttpEmulator(
  options: { seed?: 'demo' | 'empty'; items?: number } = {}
): Promise<HttpEmulator> {
  const running = await startEmulator({ ...options, quiet: true });
  const control = ControlClient.from(running.info);
  const dispatcher = new Agent({ connect: { ca: running.info.caPem } });
  return {
    running,
    info: running.info,
    control,
    dispatcher,
    close: async () => {
      await control.close();
      await dispatcher.close();
      await running.close();
    },
  };
}

export interface HttpResult<T = GraphJson> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export async function http<T = GraphJson>(
  emulator: HttpEmulator,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: {
    token?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    form?: Record<string, string>;
  } = {}
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await request(url, { method, headers, body, dispatcher: emulator.dispatcher });
  const text = await response.body.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, headers: response.headers, body: parsed as T, text };
}

/** A client-credentials token straight from the token endpoint. */
export async function appToken(
  emulator: HttpEmulator,
  clientId = emulator.info.clientId,
  clientSecret = emulator.info.clientSecret
): Promise<string> {
  const response = await http(emulator, 'POST', `${emulator.info.authority}/oauth2/v2.0/token`, {
    form: {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    },
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${response.text}`);
  return response.body.access_token;
}

/** Follows @odata.nextLink until a deltaLink; returns every item and the deltaLink. */
export async function collectDelta(emulator: HttpEmulator, token: string, url: string) {
  const items: GraphJson[] = [];
  const pages: number[] = [];
  let next: string | undefined = url;
  for (;;) {
    const page: HttpResult = await http(emulator, 'GET', next!, { token });
    if (page.status !== 200) throw new Error(`delta ${page.status}: ${page.text}`);
    items.push(...page.body.value);
    pages.push(page.body.value.length);
    if (page.body['@odata.deltaLink'])
      return { items, pages, deltaLink: page.body['@odata.deltaLink'] as string };
    next = page.body['@odata.nextLink'];
    if (!next) throw new Error('page with neither nextLink nor deltaLink');
  }
}

/** msal-node's INetworkModule over undici, trusting the emulator's CA (no global TLS changes). */
export function msalNetworkClient(caPem: string) {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const send = async (
    method: 'GET' | 'POST',
    url: string,
    options?: { headers?: Record<string, string>; body?: string }
  ) => {
    const response = await request(url, {
      method,
      headers: options?.headers,
      body: options?.body,
      dispatcher,
    });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return {
      status: response.statusCode,
      headers,
      body: (text ? JSON.parse(text) : {}) as GraphJson,
    };
  };
  return {
    dispatcher,
    sendGetRequestAsync: (
      url: string,
      options?: { headers?: Record<string, string>; body?: string }
    ) => send('GET', url, options),
    sendPostRequestAsync: (
      url: string,
      options?: { headers?: Record<string, string>; body?: string }
    ) => send('POST', url, options),
  };
}

/** msal-node ConfidentialClientApplication configured for the emulator (no discovery). */
export async function msalConfig(
  info: EmulatorInfo,
  clientId = info.clientId,
  clientSecret = info.clientSecret
) {
  const metadata = await fetchOpenIdConfiguration(info);
  return {
    auth: {
      clientId,
      clientSecret,
      authority: info.authority,
      knownAuthorities: [new URL(info.authority).host],
      authorityMetadata: JSON.stringify(metadata),
    },
    system: { networkClient: msalNetworkClient(info.caPem) },
  };
}

async function fetchOpenIdConfiguration(info: EmulatorInfo): Promise<Record<string, unknown>> {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  try {
    const response = await request(`${info.authority}/v2.0/.well-known/openid-configuration`, {
      dispatcher,
    });
    return (await response.body.json()) as Record<string, unknown>;
  } finally {
    await dispatcher.close();
  }
}
