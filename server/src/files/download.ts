/**
 * Downloads go through Graph's `/content`: Graph answers 302 to the short-lived pre-authenticated
 * URL and the SDK's redirect handler follows it without the Authorization header (another host),
 * with the browser's Range, so Microsoft answers 206 and the server only relays the stream.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';

export interface DownloadResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
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

export async function downloadContent(
  client: Client,
  driveId: string,
  itemId: string,
  range?: string
): Promise<DownloadResponse> {
  let request = client
    .api(`/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/content`)
    .responseType(ResponseType.RAW);
  if (range) request = request.header('Range', range);
  // RAW: the SDK hands back the fetch Response as is, success or not.
  const response = (await request.get()) as Response;
  if (response.status !== 200 && response.status !== 206) {
    const text = await response.text().catch(() => '');
    let code: string | null = null;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
    } catch {
      code = null;
    }
    throw new DownloadStatusError(response.status, code);
  }
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = response.body
    ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
    : Readable.from([]);
  return { status: response.status, headers, body };
}
