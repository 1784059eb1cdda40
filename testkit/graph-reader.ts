/**
 * Reads Graph URLs of the emulator as the plugin's application would (client-credentials token,
 * the emulator's CA trusted explicitly): lets a test look at the very delta page the plugin is
 * about to fetch, to show the feed really had the shape the test is about.
 */
import { Agent, request } from 'undici';
import type { EmulatorInfo } from '../emulator/src';

export interface GraphReader {
  get<T = Record<string, unknown>>(url: string): Promise<T>;
  close(): Promise<void>;
}

export function createGraphReader(info: EmulatorInfo): GraphReader {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  let token: Promise<string> | undefined;
  const accessToken = async () => {
    const response = await request(`${info.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const body = (await response.body.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  };
  return {
    async get<T>(url: string) {
      token ??= accessToken();
      const response = await request(url, {
        dispatcher,
        headers: { authorization: `Bearer ${await token}` },
      });
      const text = await response.body.text();
      if (response.statusCode !== 200)
        throw new Error(`GET ${url}: ${response.statusCode} ${text}`);
      return JSON.parse(text) as T;
    },
    close: () => dispatcher.close(),
  };
}
