/**
 * The integration form's values: what the settings show in it, and the update to send, holding
 * only what changed and never a field the server's configuration has locked.
 */
import type { ClientCredentialKind, PublicSettings, SettingsUpdate } from '../../api/types';

export interface FormValues {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clientSecretExpiresAt: string;
  /** Client secret or certificate: which one the app authenticates with. */
  clientCredential: ClientCredentialKind;
  /** PEM text of the files picked (empty: none picked; the stored certificate stays). */
  clientCertificate: string;
  clientPrivateKey: string;
  enabled: boolean;
  personalConnectionsAllowed: boolean;
  downloadsEnabled: boolean;
  /** null: follows Downloads. */
  sharingLinksEnabled: boolean | null;
  rejectDiscouragedCharacters: boolean;
  syncIntervalMinutes: number;
  zipMaxMegabytes: number;
  zipMaxFiles: number;
  /** Sites of personal connections, by id; empty allows any site a user can reach. */
  allowedSiteIds: string[];
}

export const valuesOf = (settings: PublicSettings): FormValues => ({
  tenantId: settings.tenantId ?? '',
  clientId: settings.clientId ?? '',
  clientSecret: '',
  clientSecretExpiresAt: settings.clientSecretExpiresAt?.slice(0, 10) ?? '',
  clientCredential: settings.clientCredential,
  clientCertificate: '',
  clientPrivateKey: '',
  enabled: settings.enabled,
  personalConnectionsAllowed: settings.personalConnectionsAllowed,
  downloadsEnabled: settings.downloadsEnabled,
  sharingLinksEnabled: settings.sharingLinksEnabled,
  rejectDiscouragedCharacters: settings.rejectDiscouragedCharacters,
  syncIntervalMinutes: settings.syncIntervalMinutes,
  zipMaxMegabytes: settings.zipMaxMegabytes,
  zipMaxFiles: settings.zipMaxFiles,
  allowedSiteIds: [...settings.allowedSiteIds],
});

/** Only what changed, and never a field the server's configuration has locked. */
export const changesOf = (values: FormValues, settings: PublicSettings): SettingsUpdate => {
  const update: SettingsUpdate = {};
  const original = valuesOf(settings);
  const locked = new Set(settings.lockedFields);
  if (!locked.has('tenantId') && values.tenantId !== original.tenantId)
    update.tenantId = values.tenantId.trim() || null;
  if (!locked.has('clientId') && values.clientId !== original.clientId)
    update.clientId = values.clientId.trim() || null;
  if (!locked.has('clientSecret') && values.clientSecret) update.clientSecret = values.clientSecret;
  const credentialLocked = locked.has('clientSecret') || locked.has('clientCertificate');
  if (!credentialLocked && values.clientCredential !== original.clientCredential)
    update.clientCredential = values.clientCredential;
  // Both go together: the server checks the key against the certificate and says what is missing.
  if (!locked.has('clientCertificate') && (values.clientCertificate || values.clientPrivateKey)) {
    update.clientCertificate = values.clientCertificate || null;
    update.clientPrivateKey = values.clientPrivateKey || null;
  }
  if (values.clientSecretExpiresAt !== original.clientSecretExpiresAt)
    update.clientSecretExpiresAt = values.clientSecretExpiresAt || null;
  for (const key of [
    'enabled',
    'personalConnectionsAllowed',
    'downloadsEnabled',
    'sharingLinksEnabled',
    'rejectDiscouragedCharacters',
    'syncIntervalMinutes',
    'zipMaxMegabytes',
    'zipMaxFiles',
  ] as const) {
    if (values[key] !== original[key]) (update as Record<string, unknown>)[key] = values[key];
  }
  // The whole list is sent when it changed: the server keeps what it is given.
  if (values.allowedSiteIds.join('\n') !== original.allowedSiteIds.join('\n'))
    update.allowedSiteIds = values.allowedSiteIds;
  return update;
};

/** Sets one value of the form. */
export type SetValue = <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;
