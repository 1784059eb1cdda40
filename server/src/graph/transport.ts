/**
 * The HTTP transport every request to Microsoft (or the emulator) goes through: an undici Agent
 * that trusts Node's root certificates plus, when configured, one extra CA (the emulator's in
 * tests and the demo). TLS verification always stays on; nothing global is changed.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';

export interface TransportOptions {
  /** PEM file of an extra CA to trust, on top of Node's roots. */
  caFile?: string | null;
  /** Milliseconds to wait for response headers, and between body chunks. */
  timeoutMs?: number;
}

export interface Transport {
  dispatcher: Agent;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function createTransport({
  caFile,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: TransportOptions): Transport {
  const ca = caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
  const dispatcher = new Agent({
    connect: ca ? { ca } : {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  });
  return { dispatcher, close: () => dispatcher.close() };
}
