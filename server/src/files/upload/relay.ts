/**
 * Relays one browser piece to a Graph upload session, fragment by fragment, holding at most one
 * fragment in memory. A fragment that fails ambiguously (5xx, reset, timeout, 416) is not blindly
 * resent: the session is asked for nextExpectedRanges first, since the bytes may have arrived.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ByteRange } from './fragments';
import { firstExpectedOffset } from './fragments';
import {
  getSessionStatus,
  putFragment,
  type SessionAnswer,
  type SessionTransport,
} from './session-client';

/** A driveItem as Graph returns it (the relay only needs `id`). */
export type GraphDriveItem = Record<string, unknown> & { id: string };

export interface RelayOptions extends SessionTransport {
  uploadUrl: string;
  fragmentSize: number;
  /** Attempts per fragment before giving up (the user can still resume later). */
  maxAttempts?: number;
  /** First backoff; doubles with each attempt, with jitter. */
  backoffMs?: number;
  /**
   * Looks the file up once the session has vanished after the last fragment: an ambiguous failure
   * of the last fragment may hide a committed upload (the session is gone because it succeeded).
   */
  findCommittedItem?: () => Promise<GraphDriveItem | null>;
}

export interface RelayResult {
  /** The next byte the session expects (equals total when complete). */
  nextOffset: number;
  /** The committed driveItem, after the last fragment. */
  item?: GraphDriveItem;
}

/** Why a relay stopped; `nextOffset` is where the user can resume (when the session lives). */
export class UploadRelayError extends Error {
  constructor(
    message: string,
    readonly reason:
      'sessionGone' | 'fragmentRejected' | 'retriesExhausted' | 'pieceInterrupted' | 'pieceTooLong',
    readonly nextOffset: number,
    readonly graphStatus?: number,
    readonly graphBody?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'UploadRelayError';
  }
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504, 509]);

const isCommittedItem = (
  answer: SessionAnswer
): answer is SessionAnswer & { body: GraphDriveItem } =>
  (answer.status === 200 || answer.status === 201) && typeof answer.body?.id === 'string';

const backoff = (options: RelayOptions, attempt: number) => {
  const base = (options.backoffMs ?? 500) * 2 ** (attempt - 1);
  return sleep(Math.min(30_000, base / 2 + Math.random() * base));
};

interface FragmentOutcome {
  nextOffset: number;
  item?: GraphDriveItem;
}

/** The session's status; a hiccup of the status request itself (5xx, reset) is tried again. */
async function sessionStatus(options: RelayOptions): Promise<SessionAnswer> {
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await getSessionStatus(options, options.uploadUrl);
      if (!RETRYABLE_STATUS.has(answer.status) || attempt >= attempts) return answer;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
    await backoff(options, attempt);
  }
}

/** Where the session says it stands, after a failure whose effect is unknown. */
async function askSession(
  options: RelayOptions,
  range: ByteRange,
  failure: string
): Promise<FragmentOutcome | 'resend' | { resendFrom: number }> {
  const status = await sessionStatus(options);
  if (status.status === 404) {
    const isLast = range.end === range.total - 1;
    const committed =
      isLast && options.findCommittedItem ? await options.findCommittedItem() : null;
    if (committed) return { nextOffset: range.total, item: committed };
    throw new UploadRelayError(
      'The upload session has expired or was cancelled: start the upload again',
      'sessionGone',
      range.start,
      404
    );
  }
  if (status.status !== 200) {
    throw new UploadRelayError(
      `The upload session did not answer its status (${status.status}) after ${failure}`,
      'retriesExhausted',
      range.start,
      status.status,
      status.body
    );
  }
  const expected = firstExpectedOffset(status.body?.nextExpectedRanges);
  if (expected === range.start) return 'resend';
  if (expected !== null && expected > range.end) return { nextOffset: expected };
  // Part of the fragment arrived: the rest is resent.
  if (expected !== null && expected > range.start) return { resendFrom: expected };
  throw new UploadRelayError(
    `The upload session expects byte ${expected}, not ${range.start}: resume from there`,
    'fragmentRejected',
    expected ?? range.start,
    status.status,
    status.body
  );
}

/** Sends one fragment until the session has it, asking the session after each failure. */
async function sendFragment(
  options: RelayOptions,
  fragment: Buffer,
  range: ByteRange
): Promise<FragmentOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const answer = await putFragment(options, options.uploadUrl, fragment, range);
      if (answer.status === 202) {
        const expected = firstExpectedOffset(answer.body?.nextExpectedRanges);
        if (expected !== null && expected > range.start && expected <= range.end) {
          // Graph kept only the start of the fragment (a 202 with a shorter nextExpectedRanges):
          // the rest is still in hand, so it goes now instead of failing the piece.
          return sendRest(options, fragment, range, expected);
        }
        if (expected !== range.start) return { nextOffset: expected ?? range.end + 1 };
        failure = 'a 202 that kept none of the fragment';
      } else if (isCommittedItem(answer)) {
        return { nextOffset: range.total, item: answer.body };
      } else if (answer.status === 404) {
        const outcome = await askSession(options, range, 'a 404');
        if (outcome === 'resend')
          throw new UploadRelayError('Session lost', 'sessionGone', range.start, 404);
        return 'resendFrom' in outcome
          ? sendRest(options, fragment, range, outcome.resendFrom)
          : outcome;
      } else if (answer.status === 416 || RETRYABLE_STATUS.has(answer.status)) {
        // 416: the fragment (or part of it) was already received, e.g. after a lost answer.
        failure = `status ${answer.status}`;
      } else {
        throw new UploadRelayError(
          `The upload session refused the fragment at byte ${range.start} (${answer.status})`,
          'fragmentRejected',
          range.start,
          answer.status,
          answer.body
        );
      }
    } catch (error) {
      if (error instanceof UploadRelayError) throw error;
      // Resets, timeouts, TLS drops: the bytes may or may not have arrived.
      failure = (error as Error).message;
    }
    if (attempt >= maxAttempts) {
      throw new UploadRelayError(
        `The fragment at byte ${range.start} failed ${attempt} times (${failure})`,
        'retriesExhausted',
        range.start
      );
    }
    await backoff(options, attempt);
    const outcome = await askSession(options, range, failure);
    if (outcome === 'resend') continue;
    return 'resendFrom' in outcome
      ? sendRest(options, fragment, range, outcome.resendFrom)
      : outcome;
  }
}

/** Sends what the session still lacks of a fragment, from `from` (inside the fragment). */
const sendRest = (options: RelayOptions, fragment: Buffer, range: ByteRange, from: number) =>
  sendFragment(options, fragment.subarray(from - range.start), { ...range, start: from });

/**
 * Reads `piece` (the browser's bytes `range.start..range.end` of a file of `range.total`) and
 * relays it in fragments of `fragmentSize`. Fragments the session already holds are skipped, so a
 * piece can be resent after an interruption.
 */
export async function relayPiece(
  piece: AsyncIterable<Uint8Array>,
  range: ByteRange,
  options: RelayOptions
): Promise<RelayResult> {
  const pieceLength = range.end - range.start + 1;
  const buffer = Buffer.allocUnsafe(Math.min(options.fragmentSize, pieceLength));
  let filled = 0;
  let offset = range.start; // file offset of buffer[0]
  let result: RelayResult = { nextOffset: range.start };

  const flush = async () => {
    const fragmentRange = { start: offset, end: offset + filled - 1, total: range.total };
    const outcome = await sendFragment(options, buffer.subarray(0, filled), fragmentRange);
    result = outcome;
    offset += filled;
    filled = 0;
  };

  const iterator = piece[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch {
      // The browser's connection broke: what whole fragments reached the session stays.
      throw new UploadRelayError(
        `The piece was interrupted: resume from byte ${offset}`,
        'pieceInterrupted',
        offset
      );
    }
    if (next.done) break;
    const chunk = next.value;
    let position = 0;
    while (position < chunk.length) {
      if (offset + filled > range.end) {
        throw new UploadRelayError(
          'The piece is longer than its Content-Range',
          'pieceTooLong',
          result.nextOffset
        );
      }
      const take = Math.min(
        chunk.length - position,
        buffer.length - filled,
        range.end + 1 - offset - filled
      );
      if (take === 0) {
        throw new UploadRelayError(
          'The piece is longer than its Content-Range',
          'pieceTooLong',
          result.nextOffset
        );
      }
      Buffer.from(chunk.buffer, chunk.byteOffset + position, take).copy(buffer, filled);
      filled += take;
      position += take;
      if (filled === buffer.length || offset + filled > range.end) await flush();
    }
  }
  if (offset <= range.end) {
    // The browser stopped early: whole fragments already sent stay, the rest is resent on resume.
    throw new UploadRelayError(
      `The piece ended at byte ${offset + filled} before ${range.end + 1}: resume from ${offset}`,
      'pieceInterrupted',
      offset
    );
  }
  return result;
}
