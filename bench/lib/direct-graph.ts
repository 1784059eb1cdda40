/**
 * The baselines' side door: plain undici calls from the bench process straight to the emulator,
 * with an app token of the same application the plugin uses. No plugin code on this path.
 */
import { Readable } from 'node:stream';
import { Agent, fetch, request } from 'undici';
import type { EmulatorInfo } from '../../emulator/src';
import { sourceStream } from './source-bytes';

export interface DirectGraph {
  graphUrl: string;
  dispatcher: Agent;
  token(): Promise<string>;
  /** A Graph call answered with JSON (throws on an error status). */
  json<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  close(): Promise<void>;
}

export function directGraph(info: EmulatorInfo): DirectGraph {
  const dispatcher = new Agent({ connect: { ca: info.caPem } });
  let token: Promise<string> | undefined;
  const getToken = () =>
    (token ??= fetch(`${info.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
      dispatcher,
    }).then(
      async (response) => ((await response.json()) as { access_token: string }).access_token
    ));
  return {
    graphUrl: info.graphUrl,
    dispatcher,
    token: getToken,
    async json<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(`${info.graphUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${await getToken()}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        dispatcher,
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`${init.method ?? 'GET'} ${path} -> ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    close: () => dispatcher.close(),
  };
}

/**
 * The upload baseline: the source's first `size` bytes PUT to a fresh upload session in fragments
 * of `fragmentSize`, one after the other, each streamed from the generator. Returns the driveItem.
 */
export async function uploadDirect(
  graph: DirectGraph,
  target: { driveId: string; parentId: string; name: string; size: number },
  fragmentSize: number
): Promise<{ id: string }> {
  const session = await graph.json<{ uploadUrl: string }>(
    `/drives/${target.driveId}/items/${target.parentId}:/${encodeURIComponent(target.name)}:/createUploadSession`,
    {
      method: 'POST',
      body: {
        item: { '@microsoft.graph.conflictBehavior': 'replace', name: target.name },
        deferCommit: false,
      },
    }
  );
  let item: { id: string } | undefined;
  for (let start = 0; start < target.size; start += fragmentSize) {
    const end = Math.min(start + fragmentSize, target.size);
    // The upload URL is pre-authenticated: no Authorization header.
    const answer = await request(session.uploadUrl, {
      method: 'PUT',
      headers: {
        'content-length': String(end - start),
        'content-range': `bytes ${start}-${end - 1}/${target.size}`,
      },
      body: sourceStream(start, end),
      dispatcher: graph.dispatcher,
    });
    const body = (await answer.body.json()) as { id?: string };
    if (answer.statusCode >= 300)
      throw new Error(`fragment at ${start} -> ${answer.statusCode}: ${JSON.stringify(body)}`);
    if (body.id) item = { id: body.id };
  }
  if (!item) throw new Error('the upload session never answered with the driveItem');
  return item;
}

/** The pre-authenticated download URL Graph redirects `/content` to (the 302 is not followed). */
export async function downloadUrlOf(graph: DirectGraph, driveId: string, itemId: string) {
  const answer = await request(`${graph.graphUrl}/drives/${driveId}/items/${itemId}/content`, {
    headers: { authorization: `Bearer ${await graph.token()}` },
    dispatcher: graph.dispatcher,
  });
  await answer.body.dump();
  const location = answer.headers.location;
  if (answer.statusCode !== 302 || typeof location !== 'string')
    throw new Error(`/content answered ${answer.statusCode} without a redirect`);
  return location;
}

/** Reads a response body to its end, counting bytes (nothing kept). */
export async function drain(body: Readable | AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) bytes += (chunk as Uint8Array).length;
  return bytes;
}
