/**
 * Downloads: Graph answers `/content` with a 302 to a short-lived pre-authenticated URL. The
 * redirect is not followed by the SDK: the URL is read with undici's own request (a Node stream,
 * much cheaper per chunk than fetch's web streams), without the Authorization header (another
 * host, pre-authenticated, as upload URLs), with the browser's Range, so Microsoft answers 206
 * and the server only relays the stream.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  RedirectHandlerOptions,
  ResponseType,
  type Client,
} from '@microsoft/microsoft-graph-client';
import { request, type Dispatcher } from 'undici';
import { microsoftErrorOf } from '../graph/errors';

export interface DownloadResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export interface DownloadTransport {
  dispatcher: Dispatcher;
  /** Milliseconds to wait for the answer, and between chunks of the content. */
  timeoutMs?: number;
}

/** Headers worth passing to the browser; the rest (cookies, server names) stays here. */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
];

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A Graph failure shaped like the SDK's GraphError, for the one error mapping. */
export class DownloadStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string | null
  ) {
    super(`The download answered ${statusCode}${code ? ` (${code})` : ''}`);
    this.name = 'DownloadStatusError';
  }
}

const graphCodeOf = (text: string) => microsoftErrorOf(text).code ?? null;

const passedHeaders = (get: (name: string) => string | string[] | null | undefined) => {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = get(name);
    if (value !== null && value !== undefined) headers[name] = String(value);
  }
  return headers;
};

/** Reads the pre-authenticated URL (no Authorization header), passing the Range on. */
async function readDownloadUrl(
  transport: DownloadTransport,
  url: string,
  range?: string
): Promise<DownloadResponse> {
  const timeout = transport.timeoutMs;
  const response = await request(url, {
    headers: range ? { range } : {},
    dispatcher: transport.dispatcher,
    // Without its own timeout, the dispatcher's (the plugin's transport: requestTimeoutMs).
    ...(timeout ? { headersTimeout: timeout, bodyTimeout: timeout } : {}),
  });
  if (response.statusCode !== 200 && response.statusCode !== 206) {
    const text = await response.body.text().catch(() => '');
    throw new DownloadStatusError(response.statusCode, graphCodeOf(text));
  }
  return {
    status: response.statusCode,
    headers: passedHeaders((name) => response.headers[name]),
    body: response.body,
  };
}

export async function downloadContent(
  client: Client,
  transport: DownloadTransport,
  driveId: string,
  itemId: string,
  range?: string
): Promise<DownloadResponse> {
  return downloadFromContentPath(
    client,
    transport,
    `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/content`,
    range
  );
}

/**
 * Reads any Graph `.../content` path the same way (an item's, or one of its versions'): Graph
 * answers both with a 302 to a pre-authenticated URL.
 */
export async function downloadFromContentPath(
  client: Client,
  transport: DownloadTransport,
  contentPath: string,
  range?: string
): Promise<DownloadResponse> {
  // RAW: the SDK hands back the fetch Response as is, success, redirect or not.
  let graphRequest = client
    .api(contentPath)
    .responseType(ResponseType.RAW)
    .middlewareOptions([new RedirectHandlerOptions(0)]);
  if (range) graphRequest = graphRequest.header('Range', range);
  const response = (await graphRequest.get()) as Response;
  const location = response.headers.get('location');
  if (REDIRECTS.has(response.status) && location) {
    await response.body?.cancel().catch(() => undefined);
    return readDownloadUrl(transport, location, range);
  }
  if (response.status === 200 || response.status === 206) return webResponse(response);
  const text = await response.text().catch(() => '');
  throw new DownloadStatusError(response.status, graphCodeOf(text));
}

/** Graph sent the bytes itself instead of a redirect. */
function webResponse(response: Response): DownloadResponse {
  return {
    status: response.status,
    headers: passedHeaders((name) => response.headers.get(name)),
    body: response.body
      ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
      : Readable.from([]),
  };
}
