/**
 * The `sealedValues` service: re-seals everything the plugin keeps sealed (the client secret and
 * the certificate's private key in the plugin store, the token caches of connected accounts, open uploads' session URLs, pending
 * sign-ins' PKCE verifiers) under the current encryption key and the current format.
 *
 * It runs once in the background at every boot, so a key rotation (or an upgrade from the unbound
 * format) completes online: readers keep accepting `previousEncryptionKeys` meanwhile. Several
 * instances may run it at once: every row is replaced by compare-and-swap (see reseal-rows.ts).
 */
import type { Core } from '@strapi/strapi';
import { sealedNames } from './sealed-names';
import { resealRows, type ResealCount, type SealedColumn } from './reseal-rows';
import { PLUGIN_ID, UID } from '../constants';
import { UPLOAD_KEY_PREFIX } from '../files/upload/upload-store';
import type { SettingsService } from '../settings/service';

export type ResealReport = ResealCount;

interface CoreStoreRow {
  id: number;
  key: string;
  value: string;
}

const CORE_STORE = 'strapi::core-store';
// How strapi.store({ type: 'plugin', name }) prefixes its keys.
const pluginStoreKey = (key: string) => `plugin_${PLUGIN_ID}_${key}`;

/** A sealed field of a JSON value in the plugin store. */
function storeField(
  where: Record<string, unknown>,
  field: string,
  nameOf: (value: Record<string, unknown>) => string
): SealedColumn<CoreStoreRow> {
  const parse = (row: CoreStoreRow) => JSON.parse(row.value) as Record<string, unknown>;
  return {
    uid: CORE_STORE,
    where,
    column: 'value',
    read: (row) => {
      const value = parse(row);
      const sealed = value[field];
      return typeof sealed === 'string' && sealed ? { sealed, boundTo: nameOf(value) } : null;
    },
    write: (row, resealed) => JSON.stringify({ ...parse(row), [field]: resealed }),
  };
}

const SEALED_COLUMNS = [
  storeField({ key: pluginStoreKey('integration') }, 'sealedClientSecret', () =>
    sealedNames.clientSecret()
  ),
  storeField({ key: pluginStoreKey('integration') }, 'sealedClientPrivateKey', () =>
    sealedNames.clientPrivateKey()
  ),
  storeField(
    { key: { $startsWith: pluginStoreKey(UPLOAD_KEY_PREFIX) } },
    'sealedUploadUrl',
    (value) => sealedNames.uploadUrl(String(value.id))
  ),
  {
    uid: UID.account,
    where: { sealedCache: { $notNull: true } },
    column: 'sealedCache',
    read: (row: { ownerId: number; homeAccountId: string; sealedCache: string | null }) =>
      row.sealedCache
        ? {
            sealed: row.sealedCache,
            boundTo: sealedNames.tokenCache(row.ownerId, row.homeAccountId),
          }
        : null,
    write: (_row: unknown, resealed: string) => resealed,
  },
  {
    uid: UID.oauthState,
    where: {},
    column: 'sealedCodeVerifier',
    read: (row: { stateHash: string; sealedCodeVerifier: string }) => ({
      sealed: row.sealedCodeVerifier,
      boundTo: sealedNames.codeVerifier(row.stateHash),
    }),
    write: (_row: unknown, resealed: string) => resealed,
  },
] as Array<SealedColumn<{ id: number }>>;

interface SealedValuesDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'secretBox'>;
}

export const createSealedValuesService = ({ strapi, settings }: SealedValuesDeps) => {
  let running: Promise<ResealReport> | null = null;

  const run = async (): Promise<ResealReport> => {
    const total: ResealReport = { resealed: 0, unreadable: 0 };
    let box: ReturnType<SettingsService['secretBox']>;
    try {
      box = settings.secretBox();
    } catch {
      // No encryption key is configured: nothing can be sealed now, and nothing sealed before can
      // be re-sealed (its readers say so where it is used: the Settings page, a drive's status).
      return total;
    }
    for (const kind of SEALED_COLUMNS) {
      const count = await resealRows(strapi, box, kind);
      total.resealed += count.resealed;
      total.unreadable += count.unreadable;
    }
    if (total.resealed || total.unreadable) {
      strapi.log.info(
        `[external-drives] re-sealed ${total.resealed} stored secret(s) under the current encryption key` +
          (total.unreadable
            ? `; ${total.unreadable} could not be opened with any configured key and must be entered or connected again`
            : '')
      );
    }
    return total;
  };

  return {
    /** One pass over everything sealed; a call while a pass runs joins it. */
    resealAll(): Promise<ResealReport> {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },

    /** At boot: the pass runs while the server already serves (readers accept previous keys). */
    startInBackground(): void {
      this.resealAll().catch((error: Error) =>
        strapi.log.error(`[external-drives] re-sealing stored secrets failed: ${error.message}`)
      );
    },

    /** Lets a running pass finish before the database closes. */
    async destroy(): Promise<void> {
      await running?.catch(() => undefined);
    },
  };
};

export type SealedValuesService = ReturnType<typeof createSealedValuesService>;
