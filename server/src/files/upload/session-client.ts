/**
 * The three calls on a Graph upload session URL: PUT a fragment, GET its status, DELETE it.
 * The URL is pre-authenticated: no Authorization header is ever sent to it, which is why these go
 * through undici directly and not through the Graph SDK (whose middleware would add the token).
 */
import { request, type Dispatcher } from 'undici';
import {
  DEFAULT_RETRY_POLICY,
  withRetryPolicy,
  type RetryPolicyOptions,
} from '../../graph/retry-policy';
import { formatContentRange, type ByteRange } from './fragments';

export interface SessionAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
  /** Sent with 429 and 503: how long to wait before asking again. */
  retryAfter?: string;
}

export interface SessionTransport {
  dispatcher: Dispatcher;
  /** Milliseconds without progress before a fragment counts as failed (timeout). */
  timeoutMs?: number;
  /** The transport's retry policy (its first backoff); the default policy when absent. */
  retryPolicy?: Pick<RetryPolicyOptions, 'baseDelayMs'>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

async function readJson(body: Dispatcher.ResponseData['body']) {
  const text = await body.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { raw: text };
  }
}

async function call(
  transport: SessionTransport,
  url: string,
  method: 'GET' | 'PUT' | 'DELETE',
  options: {
    headers?: Record<string, string>;
    body?: Buffer | AsyncIterable<Uint8Array>;
  } = {}
): Promise<SessionAnswer> {
  const timeout = transport.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await request(url, {
    method,
    headers: options.headers,
    // undici sends an async iterable body chunk by chunk, pulling the next one only once the
    // last is written; its type definitions leave iterables out.
    body: options.body as Buffer | undefined,
    dispatcher: transport.dispatcher,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const retryAfter = response.headers['retry-after'];
  return {
    status: response.statusCode,
    body: await readJson(response.body),
    ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
  };
}

const fragmentHeaders = (length: number, range: ByteRange) => ({
  'content-length': String(length),
  'content-range': formatContentRange(range),
});

export function putFragment(
  transport: SessionTransport,
  uploadUrl: string,
  fragment: Buffer,
  range: ByteRange
): Promise<SessionAnswer> {
  return call(transport, uploadUrl, 'PUT', {
    headers: fragmentHeaders(fragment.length, range),
    body: fragment,
  });
}

/**
 * A fragment PUT whose body arrives while it is sent (`streamed`). undici counts its headers
 * timeout from the end of the body (and from each write Graph is slow to take), so a slow browser
 * does not trip it while a stalled Graph does.
 */
export const putFragmentStream = (
  transport: SessionTransport,
  uploadUrl: string,
  body: AsyncIterable<Uint8Array>,
  range: ByteRange
): Promise<SessionAnswer> =>
  call(transport, uploadUrl, 'PUT', {
    headers: fragmentHeaders(range.end - range.start + 1, range),
    body,
  });

/**
 * The session is gone: 404 (expired, cancelled), or 401 (the URL carries its own authorization,
 * and Microsoft no longer accepts it). Either way it cannot be resumed.
 */
export const isSessionGone = (status: number) => status === 404 || status === 401;

export const getSessionStatus = (transport: SessionTransport, uploadUrl: string) =>
  call(transport, uploadUrl, 'GET');

/** Attempts of a status request (network failures, 429, 5xx): it decides what is sent next. */
const STATUS_ATTEMPTS = 3;

/**
 * The session's status, asked again through the retry policy when asking fails: after an
 * ambiguous fragment failure, and when the browser resumes, it is what every next step hangs on.
 */
export const askSessionStatus = (
  transport: SessionTransport,
  uploadUrl: string,
  timings: Pick<RetryPolicyOptions, 'baseDelayMs'> = transport.retryPolicy ?? DEFAULT_RETRY_POLICY
) =>
  withRetryPolicy(() => getSessionStatus(transport, uploadUrl), {
    ...DEFAULT_RETRY_POLICY,
    ...timings,
    maxAttempts: STATUS_ATTEMPTS,
  });

export const deleteSession = (transport: SessionTransport, uploadUrl: string) =>
  call(transport, uploadUrl, 'DELETE');
