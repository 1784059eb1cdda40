/**
 * Open uploads, kept in the plugin store (one key per upload) so any instance can continue one.
 * The session URL is pre-authenticated (whoever holds it can write the file): sealed at rest with
 * the plugin's secret box and never sent to the browser.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { sealedNames } from '../../auth/sealed-names';
import { PLUGIN_ID } from '../../constants';
import type { SecretBox } from '../../auth/secret-box';
import type { ConflictBehavior } from '../graph-operations';

export interface UploadRecord {
  id: string;
  driveId: number;
  ownerId: number;
  mode: 'simple' | 'session';
  parentRemoteId: string;
  name: string;
  size: number;
  conflictBehavior: ConflictBehavior;
  sealedUploadUrl?: string;
  nextOffset: number;
  expiresAt: string;
  createdAt: string;
}

/** Upload records are the plugin store's keys with this prefix. */
export const UPLOAD_KEY_PREFIX = 'upload-';
const keyOf = (id: string) => `${UPLOAD_KEY_PREFIX}${id}`;
const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: PLUGIN_ID });

export const newUploadId = () => randomUUID();

// `box` is the plugin's one secret box: the configured key and the previous keys still accepted.
export const sealUploadUrl = (box: SecretBox, uploadId: string, url: string) =>
  box.seal(url, sealedNames.uploadUrl(uploadId));
export const openUploadUrl = (box: SecretBox, record: UploadRecord) =>
  record.sealedUploadUrl
    ? box.open(record.sealedUploadUrl, sealedNames.uploadUrl(record.id))
    : undefined;

export async function saveUpload(strapi: Core.Strapi, box: SecretBox, record: UploadRecord) {
  // Progress is saved with the URL as it should be stored now: a piece that was loaded before a
  // re-seal and saved after it never writes the old sealing back.
  if (record.sealedUploadUrl) {
    record.sealedUploadUrl = box.reseal(record.sealedUploadUrl, sealedNames.uploadUrl(record.id));
  }
  await store(strapi).set({ key: keyOf(record.id), value: record });
}

/** The upload, or null when unknown or expired (expired ones are forgotten). */
export async function loadUpload(strapi: Core.Strapi, id: string): Promise<UploadRecord | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const record = (await store(strapi).get({ key: keyOf(id) })) as UploadRecord | null;
  if (!record) return null;
  if (Date.parse(record.expiresAt) <= Date.now()) {
    await forgetUpload(strapi, id);
    return null;
  }
  return record;
}

export async function forgetUpload(strapi: Core.Strapi, id: string) {
  await store(strapi).delete({ key: keyOf(id) });
}

/** The core-store key prefix of upload records (`strapi.store` prefixes its type and name). */
const RECORD_KEY_PREFIX = `plugin_${PLUGIN_ID}_${keyOf('')}`;

/**
 * Forgets every upload record past its expiry. An upload the browser abandoned (a closed tab, a
 * lost network) is never loaded again, so forgetting on load alone would keep it, and its sealed
 * session URL, for ever. A record that cannot be read has no expiry left to honour and goes too.
 */
export async function sweepExpiredUploads(strapi: Core.Strapi, now = Date.now()): Promise<number> {
  const coreStore = strapi.db.query('strapi::core-store');
  const rows = (await coreStore.findMany({
    where: { key: { $startsWith: RECORD_KEY_PREFIX } },
    select: ['id', 'value'],
  })) as Array<{ id: number; value: string | null }>;
  const expired = rows.filter((row) => {
    try {
      const { expiresAt } = JSON.parse(row.value ?? '') as Partial<UploadRecord>;
      return !(Date.parse(expiresAt ?? '') > now);
    } catch {
      return true;
    }
  });
  if (expired.length > 0) {
    await coreStore.deleteMany({ where: { id: { $in: expired.map((row) => row.id) } } });
  }
  return expired.length;
}
