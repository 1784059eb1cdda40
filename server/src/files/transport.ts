/**
 * The HTTP transport for pre-authenticated URLs (upload sessions, downloads): Node's root CAs plus
 * the configured extra CA (the emulator's in tests). TLS verification always stays on.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Core } from '@strapi/strapi';
import { Agent } from 'undici';
import { PLUGIN_ID } from '../constants';
import type { SessionTransport } from './upload/session-client';

const agents = new Map<string, Agent>();

export function transportFor(strapi: Core.Strapi): SessionTransport {
  const caFile = (strapi.plugin(PLUGIN_ID).config('caFile') as string | null | undefined) ?? '';
  let agent = agents.get(caFile);
  if (!agent) {
    const ca = caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
    agent = new Agent({ connect: ca ? { ca } : {} });
    agents.set(caFile, agent);
  }
  return { dispatcher: agent };
}

export async function closeTransports() {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((agent) => agent.close()));
}
