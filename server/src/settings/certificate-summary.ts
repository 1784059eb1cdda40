/**
 * What of the certificate credential the settings keep in the clear (the certificate is public;
 * only its private key is sealed) and show: read from the certificate itself.
 */
import type { CertificateCredential } from '../auth/certificate-credential';
import type { ClientCertificateSummary } from '../../../shared/contracts/settings';

/** The certificate as the plugin store keeps it: everything but the private key. */
export type StoredCertificate = Omit<CertificateCredential, 'privateKeyPem'>;

export const storedCertificateOf = ({
  privateKeyPem: _key,
  ...certificate
}: CertificateCredential): StoredCertificate => certificate;

export const certificateSummaryOf = (certificate: StoredCertificate): ClientCertificateSummary => ({
  thumbprintSha256: certificate.thumbprintSha256,
  thumbprint: certificate.thumbprintSha1,
  subject: certificate.subject,
  notBefore: certificate.notBefore,
  notAfter: certificate.notAfter,
});
