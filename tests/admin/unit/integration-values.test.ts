/**
 * What the Settings form sends for the credential: the choice when it changed, the certificate and
 * key together once a file is picked, and nothing the server's configuration has locked.
 */
import { changesOf, valuesOf } from '../../../admin/src/pages/Settings/integrationValues';
import type { PublicSettings } from '../../../shared/contracts/settings';
import { ZIP_LIMITS } from '../../../shared/zip-limits';

const settings = (overrides: Partial<PublicSettings> = {}): PublicSettings => ({
  enabled: true,
  tenantId: 'tenant',
  clientId: 'client',
  clientSecretSet: true,
  clientSecretExpiresAt: null,
  clientSecretUnreadable: false,
  clientCredential: 'secret',
  clientCertificate: null,
  clientPrivateKeyUnreadable: false,
  personalConnectionsAllowed: true,
  downloadsEnabled: true,
  sharingLinksEnabled: null,
  rejectDiscouragedCharacters: true,
  syncIntervalMinutes: 15,
  zipMaxMegabytes: ZIP_LIMITS.maxMegabytes.default,
  zipMaxFiles: ZIP_LIMITS.maxFiles.default,
  allowedSiteIds: [],
  lockedFields: [],
  redirectUri: 'https://strapi.example/api/external-drives/oauth/callback',
  ...overrides,
});

describe('the credential in the settings update', () => {
  it('sends nothing when nothing changed', () => {
    expect(changesOf(valuesOf(settings()), settings())).toEqual({});
  });

  it('sends the choice and both PEMs once picked', () => {
    const values = {
      ...valuesOf(settings()),
      clientCredential: 'certificate' as const,
      clientCertificate: 'CERT',
      clientPrivateKey: 'KEY',
    };
    expect(changesOf(values, settings())).toEqual({
      clientCredential: 'certificate',
      clientCertificate: 'CERT',
      clientPrivateKey: 'KEY',
    });
  });

  it('sends a lone key with no certificate, for the server to say both are needed', () => {
    const values = { ...valuesOf(settings()), clientPrivateKey: 'KEY' };
    expect(changesOf(values, settings())).toEqual({
      clientCertificate: null,
      clientPrivateKey: 'KEY',
    });
  });

  it('never sends what the server configuration set', () => {
    const locked = settings({
      lockedFields: ['clientCertificate'],
      clientCredential: 'certificate',
    });
    const values = {
      ...valuesOf(locked),
      clientCredential: 'secret' as const,
      clientCertificate: 'CERT',
      clientPrivateKey: 'KEY',
    };
    expect(changesOf(values, locked)).toEqual({});
  });
});
