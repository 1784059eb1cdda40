/**
 * The HTTP transport every request to Microsoft (or the emulator) goes through: an undici Agent
 * that trusts Node's root certificates plus, when configured, one extra CA (the emulator's in
 * tests and the demo). TLS verification always stays on; nothing global is changed.
 * The transport carries the retry policy its requests follow, so every caller (Graph SDK clients,
 * msal's token requests, upload session URLs) backs off the same way.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { signallingDepartures } from './departures';
import { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retry-policy';

export interface TransportOptions {
  /** PEM file of an extra CA to trust, on top of Node's roots. */
  caFile?: string | null;
  /** Milliseconds to wait for response headers, and between body chunks. */
  timeoutMs?: number;
  /** First backoff of retried requests (see `retryBaseDelayMs` in the plugin config). */
  retryBaseDelayMs?: number;
}

export interface Transport {
  dispatcher: Dispatcher;
  retryPolicy: RetryPolicyOptions;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function createTransport({
  caFile,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  retryBaseDelayMs = DEFAULT_RETRY_POLICY.baseDelayMs,
}: TransportOptions): Transport {
  const ca = caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
  const agent = new Agent({
    connect: ca ? { ca } : {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  });
  // A composed dispatcher closes the agent it wraps.
  const dispatcher = agent.compose(signallingDepartures);
  return {
    dispatcher,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: retryBaseDelayMs },
    close: () => dispatcher.close(),
  };
}
