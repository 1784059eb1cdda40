/**
 * What a person does on the emulator's Microsoft sign-in page, over HTTPS with the emulator's CA:
 * open the authorize URL, pick a user, press Accept (or Cancel). Resolves with the redirect URL
 * Microsoft sends the browser to (the plugin's callback, with `code` and `state`, or `error`).
 */
import { Agent, request } from 'undici';
import type { EmulatorInfo } from './emulator';

const decodeEntities = (value: string) =>
  value.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

export async function signInAtMicrosoft(
  info: EmulatorInfo,
  authorizationUrl: string,
  userId: string,
  action: 'accept' | 'cancel' = 'accept'
): Promise<URL> {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  try {
    const page = await request(authorizationUrl, { dispatcher });
    const html = await page.body.text();
    if (page.statusCode !== 200) {
      throw new Error(`the sign-in page answered ${page.statusCode}: ${html.slice(0, 300)}`);
    }
    const fields: Record<string, string> = {};
    for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
      fields[match[1]] = decodeEntities(match[2]);
    }
    const posted = await request(authorizationUrl.split('?')[0], {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, user_id: userId, action }).toString(),
    });
    await posted.body.dump();
    if (posted.statusCode !== 302) throw new Error(`sign-in answered ${posted.statusCode}`);
    return new URL(String(posted.headers.location));
  } finally {
    await dispatcher.close();
  }
}
