import { createHash, X509Certificate } from 'node:crypto';
import { badRequest } from '../errors';
import type { AppCertificate, AppRegistration } from '../store/model';

const thumbprint = (der: Buffer, algorithm: 'sha256' | 'sha1') =>
  createHash(algorithm).update(der).digest('base64url');

/**
 * Reads a PEM certificate as Entra ID does when one is uploaded to an app registration: only its
 * public key, validity and thumbprints are kept (the private key never reaches Microsoft).
 */
export function readAppCertificate(pem: string): AppCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw badRequest('certificatePem is not a PEM X.509 certificate');
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    throw badRequest('Entra ID accepts RSA certificates only');
  return {
    thumbprintSha256: thumbprint(certificate.raw, 'sha256'),
    thumbprintSha1: thumbprint(certificate.raw, 'sha1'),
    publicKey: certificate.publicKey,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}

/** Adds a certificate to an app; uploading the same one again changes nothing. */
export function registerAppCertificate(app: AppRegistration, pem: string): AppCertificate {
  const certificate = readAppCertificate(pem);
  const known = app.certificates.find((c) => c.thumbprintSha256 === certificate.thumbprintSha256);
  if (known) return known;
  app.certificates.push(certificate);
  return certificate;
}

/** The certificate a client assertion names: by its SHA-256 thumbprint, or the older SHA-1 one. */
export function findAppCertificate(
  app: AppRegistration,
  header: { 'x5t#S256'?: unknown; x5t?: unknown }
): AppCertificate | undefined {
  const sha256 = header['x5t#S256'];
  if (typeof sha256 === 'string')
    return app.certificates.find((c) => c.thumbprintSha256 === sha256);
  const sha1 = header.x5t;
  if (typeof sha1 === 'string') return app.certificates.find((c) => c.thumbprintSha1 === sha1);
  return undefined;
}

/** How the portal shows a thumbprint: upper-case hex. */
export const hexThumbprint = (base64url: string) =>
  Buffer.from(base64url, 'base64url').toString('hex').toUpperCase();
