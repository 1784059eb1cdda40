/**
 * departing(): a request made inside it tells when it is on the wire, before its answer, through
 * the transport's dispatcher interceptor; a request made elsewhere passes untouched.
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { createMsalNetworkClient } from '../../../server/src/auth/msal-network';
import { departing, signallingDepartures } from '../../../server/src/graph/departures';

describe('departing', () => {
  let server: Server;
  let url: string;
  /** The requests the server holds, unanswered until the test answers them. */
  const held: ServerResponse[] = [];
  const dispatcher = new Agent().compose(signallingDepartures);

  beforeAll(async () => {
    server = createServer((_, response) => held.push(response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of held) response.end();
    await dispatcher.close();
    server.close();
  });

  /** Answers what the server holds, once it holds something (sent is not yet received). */
  const answerAll = async () => {
    while (!held.length) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const response of held.splice(0)) response.end('answered');
  };

  /** Which comes first: the request's departure, its answer, or neither within 5 s. */
  const firstOf = (request: { sent: Promise<void>; answer: Promise<unknown> }) =>
    Promise.race([
      request.sent.then(() => 'sent'),
      request.answer.then(() => 'answered'),
      new Promise((resolve) => setTimeout(resolve, 5_000, 'neither')),
    ]);

  it('resolves sent once the request is written, while its answer is still held', async () => {
    const request = departing(async () => (await fetch(`${url}/page`, { dispatcher })).text());
    expect(await firstOf(request)).toBe('sent');
    await answerAll();
    expect(await request.answer).toBe('answered');
  });

  it('signals through the turns and awaits between the caller and undici', async () => {
    const pages: string[] = [];
    const request = departing(async () => {
      // Turns of the event loop and awaits before the request, as the pacer and token take.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.resolve();
      pages.push(await (await fetch(`${url}/one`, { dispatcher })).text());
      return pages;
    });
    expect(await firstOf(request)).toBe('sent');
    await answerAll();
    expect(await request.answer).toEqual(['answered']);
  });

  it('does not take a token request made on the way for the request itself', async () => {
    const tokens = createMsalNetworkClient({ dispatcher });
    let tokenAnswered = false;
    const request = departing(async () => {
      // As the token source does when msal must refresh the token before the Graph request.
      await tokens.sendPostRequestAsync(`${url}/token`, { body: 'grant_type=client_credentials' });
      tokenAnswered = true;
      return (await fetch(`${url}/page`, { dispatcher })).text();
    });
    while (!held.length) await new Promise((resolve) => setTimeout(resolve, 5));
    // The token request is written and held: the Graph request has not left yet.
    const early = await Promise.race([
      request.sent.then(() => 'sent'),
      new Promise((resolve) => setTimeout(resolve, 200, 'not yet')),
    ]);
    expect(early).toBe('not yet');
    for (const response of held.splice(0)) response.end('{"access_token":"t"}');
    expect(await firstOf(request)).toBe('sent');
    expect(tokenAnswered).toBe(true);
    await answerAll();
    expect(await request.answer).toBe('answered');
  });

  it('resolves sent when the request fails without leaving, and never rejects it', async () => {
    const request = departing(async () => {
      throw new Error('refused before it left');
    });
    await expect(request.answer).rejects.toThrow('refused before it left');
    await expect(request.sent).resolves.toBeUndefined();
  });

  it('leaves requests made outside departing as they are', async () => {
    const answer = fetch(`${url}/plain`, { dispatcher }).then((response) => response.text());
    await answerAll();
    expect(await answer).toBe('answered');
  });
});
