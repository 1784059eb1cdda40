/**
 * Relays one browser piece to a Graph upload session, fragment by fragment, holding at most one
 * fragment in memory. Each fragment goes to Graph while it arrives from the browser (the two
 * transfers overlap instead of taking turns) and is kept until Graph has it, so a fragment that
 * fails ambiguously (5xx, reset, timeout, 416) can be sent again; but not blindly: the session is
 * asked for nextExpectedRanges first, since the bytes may have arrived. That question is itself
 * retried by the plugin's retry policy: one 5xx or reset on it must not fail the whole piece.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RETRY_POLICY, backoffDelay, retryDecision } from '../../graph/retry-policy';
import { FragmentBuffer, PieceSource, streamed } from './fragment-buffer';
import type { ByteRange } from './fragments';
import { firstExpectedOffset } from './fragments';
import { UploadRelayError } from './relay-error';
import {
  askSessionStatus,
  isSessionGone,
  putFragment,
  putFragmentStream,
  type SessionAnswer,
  type SessionTransport,
} from './session-client';

export { UploadRelayError } from './relay-error';

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

const RETRYABLE_STATUS = new Set([500, 502, 503, 504, 509]);

const isCommittedItem = (
  answer: SessionAnswer
): answer is SessionAnswer & { body: GraphDriveItem } =>
  (answer.status === 200 || answer.status === 201) && typeof answer.body?.id === 'string';

/** The retry policy's timings, with this relay's first backoff. */
const retryTimings = (options: RelayOptions) => ({
  ...DEFAULT_RETRY_POLICY,
  baseDelayMs:
    options.backoffMs ?? options.retryPolicy?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
});

const backoff = (options: RelayOptions, attempt: number) =>
  sleep(backoffDelay(attempt - 1, retryTimings(options)));

interface FragmentOutcome {
  nextOffset: number;
  item?: GraphDriveItem;
}

/**
 * Where the session says it stands, after a failure whose effect is unknown: 'resend' from
 * `range.start`, or the outcome when the session already holds (part of) the fragment.
 */
async function askSession(
  options: RelayOptions,
  range: ByteRange,
  failure: string
): Promise<FragmentOutcome | 'resend'> {
  const status = await askSessionStatus(options, options.uploadUrl, retryTimings(options)).catch(
    (error: Error) => {
      throw new UploadRelayError(
        `The upload session did not answer its status (${error.message}) after ${failure}`,
        'retriesExhausted',
        range.start
      );
    }
  );
  if (isSessionGone(status.status)) {
    const isLast = range.end === range.total - 1;
    const committed =
      isLast && options.findCommittedItem ? await options.findCommittedItem() : null;
    if (committed) return { nextOffset: range.total, item: committed };
    throw new UploadRelayError(
      'The upload session has expired or was cancelled: start the upload again',
      'sessionGone',
      range.start,
      status.status
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
  // The session holds part of the range, or all of it (and maybe more, after a resent piece).
  if (expected !== null && expected > range.start) return { nextOffset: expected };
  throw new UploadRelayError(
    `The upload session expects byte ${expected}, not ${range.start}: resume from there`,
    'fragmentRejected',
    expected ?? range.start,
    status.status,
    status.body
  );
}

/**
 * Sends bytes `range` of the fragment until the session has them: the first attempt streams the
 * fragment as it arrives, later ones resend it from the buffer, each after asking the session.
 */
async function sendRange(
  options: RelayOptions,
  fragment: FragmentBuffer,
  range: ByteRange,
  firstAttemptStreams: boolean
): Promise<FragmentOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const slice = () =>
    fragment.bytes.subarray(range.start - fragment.fileOffset, range.end + 1 - fragment.fileOffset);
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    // Set when Microsoft said how long to wait (429/503 with Retry-After): that, not our backoff.
    let retryAfterMs: number | undefined;
    try {
      const answer =
        attempt === 1 && firstAttemptStreams
          ? await putFragmentStream(options, options.uploadUrl, streamed(fragment), range)
          : await putFragment(options, options.uploadUrl, slice(), range);
      if (answer.status === 202) {
        const expected = firstExpectedOffset(answer.body?.nextExpectedRanges);
        return { nextOffset: expected ?? range.end + 1 };
      }
      if (isCommittedItem(answer)) return { nextOffset: range.total, item: answer.body };
      if (isSessionGone(answer.status)) {
        const outcome = await askSession(options, range, `a ${answer.status}`);
        if (outcome === 'resend')
          throw new UploadRelayError('Session lost', 'sessionGone', range.start, answer.status);
        return outcome;
      }
      // 416: the fragment (or part of it) was already received, e.g. after a lost answer.
      if (answer.status !== 416 && !RETRYABLE_STATUS.has(answer.status)) {
        throw new UploadRelayError(
          `The upload session refused the fragment at byte ${range.start} (${answer.status})`,
          'fragmentRejected',
          range.start,
          answer.status,
          answer.body
        );
      }
      failure = `status ${answer.status}`;
      const decision = retryDecision(answer.status, answer.retryAfter, retryTimings(options));
      if (decision.kind === 'retryAfter') retryAfterMs = decision.ms;
    } catch (error) {
      if (error instanceof UploadRelayError) throw error;
      // Resets, timeouts, TLS drops: the bytes may or may not have arrived.
      failure = (error as Error).message;
    }
    // Whatever comes next (resend, skip ahead) needs the whole fragment from the browser.
    await fragment.complete();
    if (attempt >= maxAttempts) {
      throw new UploadRelayError(
        `The fragment at byte ${range.start} failed ${attempt} times (${failure})`,
        'retriesExhausted',
        range.start
      );
    }
    await (retryAfterMs === undefined ? backoff(options, attempt) : sleep(retryAfterMs));
    const outcome = await askSession(options, range, failure);
    if (outcome !== 'resend') return outcome;
  }
}

/**
 * One fragment, from the browser to the session. When the session keeps only the start of it
 * (its 202 expects a byte inside the fragment, as Microsoft allows), the rest is sent again from
 * the buffer: each rest is a whole number of 320 KiB units or ends the file.
 */
async function sendFragment(options: RelayOptions, fragment: FragmentBuffer, total: number) {
  const end = fragment.fileOffset + fragment.bytes.length - 1;
  let outcome = await sendRange(
    options,
    fragment,
    { start: fragment.fileOffset, end, total },
    true
  );
  // The browser's bytes of this fragment are all read before the next fragment starts.
  await fragment.complete();
  for (let rounds = 0; !outcome.item && outcome.nextOffset <= end; rounds++) {
    if (outcome.nextOffset < fragment.fileOffset || rounds >= (options.maxAttempts ?? 5)) {
      throw new UploadRelayError(
        `The upload session expects byte ${outcome.nextOffset}: resume from there`,
        'fragmentRejected',
        outcome.nextOffset
      );
    }
    outcome = await sendRange(options, fragment, { start: outcome.nextOffset, end, total }, false);
  }
  return outcome;
}

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
  const source = PieceSource.of(piece);
  const buffer = Buffer.allocUnsafe(Math.min(options.fragmentSize, range.end - range.start + 1));
  let result: RelayResult = { nextOffset: range.start };
  for (let offset = range.start; offset <= range.end; offset += buffer.length) {
    const length = Math.min(buffer.length, range.end + 1 - offset);
    const fragment = new FragmentBuffer(buffer.subarray(0, length), source, offset);
    result = await sendFragment(options, fragment, range.total);
  }
  // The browser must not send more than its Content-Range announced.
  const extra = await source.read(1).catch(() => null);
  if (extra && extra.length > 0) {
    throw new UploadRelayError(
      'The piece is longer than its Content-Range',
      'pieceTooLong',
      result.nextOffset
    );
  }
  return result;
}
