import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../../testkit/certificates';
import { DEFAULT_CONFIG, validateConfig } from '../../../server/src/config';

describe('plugin config validator', () => {
  it('accepts the defaults', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
    expect(() => validateConfig({ ...DEFAULT_CONFIG, maxRequestsPerSecond: 20 })).not.toThrow();
    expect(() => validateConfig({ ...DEFAULT_CONFIG, maxConcurrentSyncs: 12 })).not.toThrow();
    expect(() =>
      validateConfig({ ...DEFAULT_CONFIG, resourceUnitsPerMinute: null, resourceUnitsPerDay: null })
    ).not.toThrow();
  });

  it.each([
    ['graphBaseUrl', 'http://graph.example/v1.0', /graphBaseUrl.*https/],
    ['authorityHost', 'not a url', /authorityHost.*https/],
    ['tenantId', '', /tenantId/],
    ['redisUrl', 'localhost:6379', /redisUrl/],
    ['encryptionKey', 'short', /encryptionKey.*16/],
    ['previousEncryptionKeys', ['short'], /previousEncryptionKeys/],
    ['syncIntervalMinutes', 0, /syncIntervalMinutes.*1 to 1440/],
    ['syncIntervalMinutes', 2.5, /syncIntervalMinutes/],
    ['maxConcurrentSyncs', 0, /maxConcurrentSyncs.*1 to 64/],
    ['maxConcurrentSyncs', 2.5, /maxConcurrentSyncs/],
    ['requestTimeoutMs', 10, /requestTimeoutMs/],
    ['retryBaseDelayMs', 0, /retryBaseDelayMs/],
    ['retryBaseDelayMs', 120_000, /retryBaseDelayMs/],
    ['maxRequestsPerSecond', 0, /maxRequestsPerSecond.*at least 1, or null/],
    ['maxRequestsPerSecond', 2.5, /maxRequestsPerSecond.*deprecated.*resourceUnitsPerMinute/],
    ['resourceUnitsPerMinute', 0, /resourceUnitsPerMinute.*at least 10.*or null/],
    ['resourceUnitsPerMinute', 1200.5, /resourceUnitsPerMinute.*whole number/],
    ['resourceUnitsPerMinute', undefined, /resourceUnitsPerMinute/],
    ['resourceUnitsPerDay', '1200000', /resourceUnitsPerDay/],
    ['resourceUnitWindowSeconds', 0, /resourceUnitWindowSeconds.*1 to 3600/],
    ['uploadFragmentBytes', 1_000_000, /uploadFragmentBytes.*320 KiB/],
  ])('rejects a bad %s with a message naming it', (key, value, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, [key]: value })).toThrow(message);
  });
});

describe('plugin config: the certificate credential', () => {
  const folder = mkdtempSync(join(tmpdir(), 'external-drives-cert-'));
  const certificate = selfSignedCertificate();
  const other = selfSignedCertificate();
  const certificateFile = join(folder, 'app.crt');
  const keyFile = join(folder, 'app.key');
  writeFileSync(certificateFile, certificate.certificatePem);
  writeFileSync(keyFile, certificate.privateKeyPem);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const withCertificate = (values: Record<string, unknown>) => () =>
    validateConfig({ ...DEFAULT_CONFIG, ...values });

  it('accepts PEM values or file paths, and either thumbprint kind', () => {
    expect(
      withCertificate({
        clientCertificate: certificate.certificatePem,
        clientPrivateKey: certificate.privateKeyPem,
      })
    ).not.toThrow();
    expect(
      withCertificate({
        clientCertificate: certificateFile,
        clientPrivateKey: keyFile,
        clientCertificateThumbprint: 'sha1',
      })
    ).not.toThrow();
  });

  it.each([
    [{ clientCertificate: 'app.crt' }, /clientPrivateKey.*must be set with clientCertificate/],
    [{ clientPrivateKey: 'app.key' }, /clientCertificate.*must be set with clientPrivateKey/],
    [
      { clientCertificate: join(folder, 'missing.crt'), clientPrivateKey: 'x' },
      /clientCertificate.*cannot be read.*ENOENT/,
    ],
    [
      { clientCertificate: certificateFile, clientPrivateKey: other.privateKeyPem },
      /clientCertificate.*not usable: The private key does not belong to this certificate/,
    ],
    [
      {
        clientCertificate: certificateFile,
        clientPrivateKey: keyFile,
        clientCertificateThumbprint: 'md5',
      },
      /clientCertificateThumbprint/,
    ],
  ])('refuses %o', (values, message) => {
    expect(withCertificate(values)).toThrow(message);
  });
});
