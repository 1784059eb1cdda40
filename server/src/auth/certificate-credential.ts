/**
 * A certificate credential for the app registration: the certificate (PEM, optionally followed by
 * its chain) and its private key, checked before anything is kept, and turned into what msal-node's
 * `clientCertificate` takes. Microsoft recommends certificates over client secrets; Entra ID only
 * ever holds the public half (uploaded under Certificates & secrets).
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The thumbprint msal-node names the certificate by: SHA-256, or the deprecated SHA-1. */
export type ThumbprintAlgorithm = 'sha256' | 'sha1';

export interface CertificateCredential {
  /** The certificate first, then any chain: sent as the assertion's `x5c`. */
  certificatePem: string;
  /** Unencrypted PKCS#8 PEM. */
  privateKeyPem: string;
  /** Upper-case hex digests of the certificate's DER encoding. */
  thumbprintSha256: string;
  thumbprintSha1: string;
  subject: string;
  notBefore: string;
  notAfter: string;
}

/** A certificate or key that cannot be used, with what to do about it in the message. */
export class CertificateCredentialError extends Error {}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A deploy-time value: the PEM itself, or the path of a file holding it. */
export function readPemSetting(value: string): string {
  if (value.includes('-----BEGIN ')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new CertificateCredentialError(
      `cannot be read from "${value}" (${(error as NodeJS.ErrnoException).code ?? 'error'}): give the PEM text or the path of a PEM file`
    );
  }
}

function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (!blocks.length)
    throw new CertificateCredentialError(
      'The certificate is not a PEM certificate (a file starting with -----BEGIN CERTIFICATE-----)'
    );
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    throw new CertificateCredentialError(
      'The certificate file holds a certificate that cannot be read'
    );
  }
}

function parsePrivateKey(pem: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem))
    throw new CertificateCredentialError(
      'The private key is encrypted: export it without a password (unencrypted PKCS#8 PEM)'
    );
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem))
    throw new CertificateCredentialError(
      'The private key is not a PEM private key (a file starting with -----BEGIN PRIVATE KEY-----)'
    );
  try {
    return createPrivateKey(pem);
  } catch {
    throw new CertificateCredentialError('The private key cannot be read');
  }
}

const digest = (der: Buffer, algorithm: 'sha256' | 'sha1') =>
  createHash(algorithm).update(der).digest('hex').toUpperCase();

/**
 * Checks a certificate and its key as Entra ID will need them: an RSA certificate whose public key
 * is the private key's, valid now (unless told otherwise: a certificate set by the deployment that
 * has since expired is still read, so Settings can say so). Throws CertificateCredentialError
 * saying which check failed.
 */
export function readCertificateCredential(
  certificatePem: string,
  privateKeyPem: string,
  options: { now?: Date; requireValidNow?: boolean } = {}
): CertificateCredential {
  const { now = new Date(), requireValidNow = true } = options;
  const [certificate, ...chain] = parseCertificates(certificatePem);
  const key = parsePrivateKey(privateKeyPem);
  if (certificate.publicKey.asymmetricKeyType !== 'rsa' || key.asymmetricKeyType !== 'rsa')
    throw new CertificateCredentialError(
      'Microsoft Entra ID accepts RSA certificates only (this one uses another key type)'
    );
  if (!certificate.checkPrivateKey(key))
    throw new CertificateCredentialError('The private key does not belong to this certificate');
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (requireValidNow && notAfter <= now)
    throw new CertificateCredentialError(
      `The certificate expired on ${notAfter.toISOString().slice(0, 10)}`
    );
  if (requireValidNow && notBefore > now)
    throw new CertificateCredentialError(
      `The certificate is not valid before ${notBefore.toISOString().slice(0, 10)}`
    );
  return {
    certificatePem: [certificate, ...chain].map((c) => c.toString().trim()).join('\n') + '\n',
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: digest(certificate.raw, 'sha256'),
    thumbprintSha1: digest(certificate.raw, 'sha1'),
    subject: certificate.subject.replace(/\n/g, ', '),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}

/** msal-node's `clientCertificate`: the SHA-256 thumbprint unless the tenant still needs SHA-1. */
export function msalClientCertificate(
  credential: Pick<
    CertificateCredential,
    'certificatePem' | 'privateKeyPem' | 'thumbprintSha256' | 'thumbprintSha1'
  >,
  algorithm: ThumbprintAlgorithm
) {
  return {
    ...(algorithm === 'sha1'
      ? { thumbprint: credential.thumbprintSha1 }
      : { thumbprintSha256: credential.thumbprintSha256 }),
    privateKey: credential.privateKeyPem,
    x5c: credential.certificatePem,
  };
}
