/**
 * An HTTPS front before a test Strapi, with a certificate from the emulator's CA: Graph (and so the
 * emulator) only notifies https URLs, and the tests keep that rule instead of relaxing it.
 * The front listens first (its URL goes into Strapi's config); `target` is set once Strapi runs.
 */
import http from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface TlsFront {
  url: string;
  target: string | null;
  close(): Promise<void>;
}

export async function startTlsFront(certificate: {
  keyPem: string;
  certPem: string;
}): Promise<TlsFront> {
  const front: TlsFront = { url: '', target: null, close: async () => undefined };
  const server: Server = createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    (incoming, outgoing) => {
      if (!front.target) {
        outgoing.writeHead(503).end();
        return;
      }
      const upstream = http.request(
        new URL(incoming.url ?? '/', front.target),
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        }
      );
      upstream.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(upstream);
    }
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  front.url = `https://localhost:${(server.address() as AddressInfo).port}`;
  front.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  };
  return front;
}
