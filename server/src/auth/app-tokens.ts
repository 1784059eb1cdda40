/**
 * App-only tokens (client credentials) for platform-level drives: one msal-node
 * ConfidentialClientApplication per set of credentials, kept so msal's in-memory token cache
 * serves repeated calls until the token nears expiry.
 */
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import {
  goesPastCache,
  reusingTokens,
  type TokenRequest,
  type TokenSource,
} from '../graph/token-source';
import { authorityFor } from './authority';
import {
  msalClientCertificate,
  type CertificateCredential,
  type ThumbprintAlgorithm,
} from './certificate-credential';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * CP1: this client handles claims challenges, so Entra ID may issue it continuous access
 * evaluation tokens, which Graph refuses (with a challenge) as soon as they are revoked.
 */
export const CLIENT_CAPABILITIES = ['CP1'];

/** How the app proves itself to Entra ID: a client secret, or a certificate and its key. */
export type ClientCredential =
  | { kind: 'secret'; secret: string }
  | {
      kind: 'certificate';
      certificate: Pick<
        CertificateCredential,
        'certificatePem' | 'privateKeyPem' | 'thumbprintSha256' | 'thumbprintSha1'
      >;
      thumbprintAlgorithm: ThumbprintAlgorithm;
    };

export interface AppCredentials {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
}

/** What tells two credentials apart (the secret, or the certificate, key and thumbprint kind). */
export const credentialFingerprint = (credential: ClientCredential): string =>
  credential.kind === 'secret'
    ? `secret:${credential.secret}`
    : `certificate:${credential.certificate.thumbprintSha256}:${credential.thumbprintAlgorithm}:${credential.certificate.privateKeyPem}`;

/** The part of msal-node's `auth` options that carries the credential. */
export const msalCredentialOptions = (credential: ClientCredential) =>
  credential.kind === 'secret'
    ? { clientSecret: credential.secret }
    : {
        clientCertificate: msalClientCertificate(
          credential.certificate,
          credential.thumbprintAlgorithm
        ),
      };

export function createAppTokenProvider(credentials: AppCredentials, networkClient: INetworkModule) {
  const authority = authorityFor(credentials.authorityHost, credentials.tenantId);
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      ...msalCredentialOptions(credentials.credential),
      authority: authority.url,
      knownAuthorities: [authority.host],
      authorityMetadata: authority.metadata,
      clientCapabilities: CLIENT_CAPABILITIES,
    },
    system: { networkClient },
  });

  const getToken: TokenSource = reusingTokens(async (request: TokenRequest) => {
    const result = await application.acquireTokenByClientCredential({
      scopes: [GRAPH_DEFAULT_SCOPE],
      // Past msal's cache after a 401 or for a claims challenge, as reusingTokens goes past its own.
      skipCache: goesPastCache(request),
      claims: request.claims,
    });
    if (!result?.accessToken) throw new Error('Entra ID returned no access token');
    return { accessToken: result.accessToken, expiresOn: result.expiresOn };
  });
  return getToken;
}

export type AppTokenProvider = ReturnType<typeof createAppTokenProvider>;

/**
 * The application permissions an app-only token carries (its `roles` claim), or null when the
 * token cannot be read as a JWT. Read without verifying the signature: the token came straight
 * from Entra ID over TLS, and what is read only decides what the admin panel offers (Graph still
 * decides every request).
 */
export function applicationPermissionsOf(accessToken: string): string[] | null {
  const payload = accessToken.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      roles?: unknown;
    };
    if (claims.roles === undefined) return [];
    return Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : null;
  } catch {
    return null;
  }
}

/** Application permissions under which `GET /sites?search=` answers (not Sites.Selected). */
const SITE_SEARCH_PERMISSIONS = [
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Sites.Manage.All',
  'Sites.FullControl.All',
];

/** Unknown permissions (null) are given the benefit of the doubt: search is tried. */
export const permissionsAllowSiteSearch = (permissions: string[] | null): boolean =>
  permissions === null || permissions.some((p) => SITE_SEARCH_PERMISSIONS.includes(p));
