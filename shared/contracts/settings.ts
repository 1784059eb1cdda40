/**
 * The integration settings on the wire (Settings > External Drives): what `GET /settings`
 * answers, never the secret itself, what `PUT /settings` accepts, and the connection test.
 */
import type { SiteSummary } from './connections';
import type { SharingLinksSetting } from './sharing-links';

/**
 * Fields set by deploy-time configuration: read-only in the Settings page. When the configuration
 * gives a secret or a certificate, it also decides which credential is used.
 */
export type LockedField = 'tenantId' | 'clientId' | 'clientSecret' | 'clientCertificate';

/** How the app authenticates to Microsoft Entra ID. */
export type ClientCredentialKind = 'secret' | 'certificate';

/** The certificate credential as the API shows it, read from the certificate (never its key). */
export interface ClientCertificateSummary {
  /** Upper-case hex SHA-256 of the certificate (as the app registration lists it). */
  thumbprintSha256: string;
  /** Upper-case hex SHA-1 (the "Thumbprint" column of Certificates & secrets). */
  thumbprint: string;
  subject: string;
  notBefore: string;
  notAfter: string;
}

export interface PublicSettings {
  enabled: boolean;
  tenantId: string | null;
  clientId: string | null;
  /** The secret is write-only: the API says whether one is set, and its expiry. */
  clientSecretSet: boolean;
  clientSecretExpiresAt: string | null;
  /**
   * A secret is stored but was sealed under an encryption key this server no longer has (the key
   * was changed without listing the old one in previousEncryptionKeys): it must be entered again.
   */
  clientSecretUnreadable: boolean;
  /** The credential in use: the secret, or the certificate (Microsoft's recommendation). */
  clientCredential: ClientCredentialKind;
  /** The certificate set, read from the certificate itself; null when none. */
  clientCertificate: ClientCertificateSummary | null;
  /** As clientSecretUnreadable, for the certificate's private key (sealed like the secret). */
  clientPrivateKeyUnreadable: boolean;
  personalConnectionsAllowed: boolean;
  downloadsEnabled: boolean;
  /** "Sharing links": null follows Downloads (shared/contracts/sharing-links.ts). */
  sharingLinksEnabled: SharingLinksSetting;
  /** Refuse `#`, `%` and `&` in names (SharePoint allows them; some older tools break on them). */
  rejectDiscouragedCharacters: boolean;
  /** A folder ZIP holds at most this many megabytes of files (shared/zip-limits.ts)... */
  zipMaxMegabytes: number;
  /** ...and at most this many files. */
  zipMaxFiles: number;
  syncIntervalMinutes: number;
  allowedSiteIds: string[];
  lockedFields: LockedField[];
  /** Where Microsoft sends the browser back after a personal sign-in (to copy into Entra ID). */
  redirectUri: string;
}

/**
 * What an admin may change: any of the editable fields, the secret as a new value, a certificate
 * as its PEM (the certificate, optionally followed by its chain) with its private key's PEM, both
 * at once (null for both removes it).
 */
export type SettingsUpdate = Partial<
  Omit<
    PublicSettings,
    | 'clientSecretSet'
    | 'clientSecretUnreadable'
    | 'clientCertificate'
    | 'clientPrivateKeyUnreadable'
    | 'lockedFields'
    | 'redirectUri'
  > & {
    clientSecret: string | null;
    clientCertificate: string | null;
    clientPrivateKey: string | null;
  }
>;

/**
 * `GET /integration`: what every My Files user may know of the integration, so the panel says
 * "Integration not available" up front instead of after an action fails. No secret, no tenant.
 */
export interface IntegrationAvailability {
  /** On, configured and its secret readable: Microsoft 365 can be reached. */
  available: boolean;
  /** The admin's switch for personal connections (sign-in also needs `available`). */
  personalConnectionsAllowed: boolean;
  /** The admin's Downloads switch. */
  downloadsEnabled: boolean;
  /** Whether "Copy link" may be used at all (the switch, or Downloads when it follows them). */
  sharingLinksOn: boolean;
  /**
   * Names with `#`, `%` or `&` are refused (PublicSettings' switch): the panel checks a name as
   * the user types with the rule the server applies (shared/names.ts), so both say the same.
   */
  rejectDiscouragedCharacters: boolean;
}

/** `POST /settings/test-connection`: a token was had; the site read with it, where one could be. */
export interface ConnectionTestResult {
  ok: boolean;
  site: SiteSummary | null;
}

/**
 * `GET /sites/access`: what the app may do with sites, from the `roles` claim of its app-only token
 * (its application permissions). Site search needs Sites.Read.All or more: an app granted chosen
 * sites only (Sites.Selected) finds a site by its URL.
 */
export interface AppSiteAccess {
  /** The token's application permissions; null when the token could not be read (not a JWT). */
  permissions: string[] | null;
  /** false when the permissions are known and none of them allows searching sites. */
  canSearchSites: boolean;
}
