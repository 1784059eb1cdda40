/**
 * Single-use download tickets for folder ZIPs. The admin panel's calls carry the admin's token in
 * a header, which a plain navigation cannot send; fetching the archive instead would hold all of
 * it in the browser's memory. So the panel asks for a ticket (an authorised call, every check of a
 * ZIP made then), and the browser navigates to the ticket's URL: the server streams the archive
 * as an attachment straight to disk. A ticket is 256 random bits, kept only as its SHA-256 (a
 * database read gives nothing to redeem), bound to the user, their session, the drive and the
 * folder, valid for 60 seconds and redeemed once (its row is deleted by whoever redeems it first).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';

export const ZIP_TICKET_LIFETIME_MS = 60_000;

export interface ZipTicket {
  driveId: number;
  itemId: string;
  userId: number;
  /** The admin session the ticket was asked in: redeemed only while it is still active. */
  sessionId: string | null;
  expiresAt: string;
}

const KEY_PREFIX = 'zip-ticket-';
/** The core-store key prefix of ticket rows (`strapi.store` prefixes its type and name). */
const ROW_PREFIX = `plugin_${PLUGIN_ID}_${KEY_PREFIX}`;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
const coreStore = (strapi: Core.Strapi) => strapi.db.query('strapi::core-store');

/** Forgets tickets past their lifetime that nobody redeemed (a closed tab, a blocked download). */
async function sweepExpired(strapi: Core.Strapi, now: number) {
  const rows = (await coreStore(strapi).findMany({
    where: { key: { $startsWith: ROW_PREFIX } },
    select: ['id', 'value'],
  })) as Array<{ id: number; value: string | null }>;
  const expired = rows.filter((row) => {
    try {
      return !(Date.parse((JSON.parse(row.value ?? '') as ZipTicket).expiresAt) > now);
    } catch {
      return true;
    }
  });
  if (expired.length > 0)
    await coreStore(strapi).deleteMany({ where: { id: { $in: expired.map((row) => row.id) } } });
}

/** A new ticket for this user's ZIP of this folder: the opaque value, given once. */
export async function issueZipTicket(
  strapi: Core.Strapi,
  binding: Omit<ZipTicket, 'expiresAt'>,
  now = Date.now()
): Promise<{ ticket: string; expiresAt: string }> {
  await sweepExpired(strapi, now);
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + ZIP_TICKET_LIFETIME_MS).toISOString();
  await strapi
    .store({ type: 'plugin', name: PLUGIN_ID })
    .set({ key: `${KEY_PREFIX}${hashOf(ticket)}`, value: { ...binding, expiresAt } });
  return { ticket, expiresAt };
}

/**
 * The ticket's binding, once: its row is deleted here, and only the request whose delete removed
 * it goes on (two redeeming at once: one wins). Null for a malformed, unknown, used or expired one.
 */
export async function redeemZipTicket(
  strapi: Core.Strapi,
  ticket: string,
  now = Date.now()
): Promise<ZipTicket | null> {
  if (typeof ticket !== 'string' || !TICKET_FORMAT.test(ticket)) return null;
  const key = `${ROW_PREFIX}${hashOf(ticket)}`;
  const row = (await coreStore(strapi).findOne({ where: { key }, select: ['id', 'value'] })) as {
    id: number;
    value: string | null;
  } | null;
  if (!row) return null;
  const { count } = await coreStore(strapi).deleteMany({ where: { id: row.id } });
  if (count !== 1) return null;
  try {
    const binding = JSON.parse(row.value ?? '') as ZipTicket;
    return Date.parse(binding.expiresAt) > now ? binding : null;
  } catch {
    return null;
  }
}
