/**
 * Certificate credentials in tests: a self-signed certificate and key as an admin would make for
 * the app registration (the emulator's own X.509 builder), and hand-made client assertions for the
 * cases msal-node never sends (expired, wrong audience, another signer).
 */
import { createHash, createPrivateKey, sign, constants, X509Certificate } from 'node:crypto';
import { randomUUID } from 'node:crypto';

export { selfSignedCertificate, type SelfSignedCertificate } from '../emulator/src';

/** The certificate's DER digest, base64url: what an assertion's x5t#S256 (or x5t) header holds. */
export function certificateThumbprint(certificatePem: string, algorithm: 'sha256' | 'sha1') {
  return createHash(algorithm).update(new X509Certificate(certificatePem).raw).digest('base64url');
}

export interface AssertionSpec {
  clientId: string;
  /** The token endpoint the assertion is meant for (its `aud`). */
  audience: string;
  privateKeyPem: string;
  certificatePem: string;
  algorithm?: 'RS256' | 'PS256';
  /** Seconds since the epoch; default now and now + 10 minutes. */
  notBefore?: number;
  expiresAt?: number;
  /** Claims to replace (iss, sub, ...). */
  claims?: Record<string, unknown>;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A client assertion (RFC 7523) signed as msal-node signs one, with any claim overridden. */
export function clientAssertion(spec: AssertionSpec): string {
  const algorithm = spec.algorithm ?? 'PS256';
  const now = Math.floor(Date.now() / 1000);
  const header =
    algorithm === 'PS256'
      ? {
          alg: 'PS256',
          typ: 'JWT',
          'x5t#S256': certificateThumbprint(spec.certificatePem, 'sha256'),
        }
      : { alg: 'RS256', typ: 'JWT', x5t: certificateThumbprint(spec.certificatePem, 'sha1') };
  const claims = {
    aud: spec.audience,
    iss: spec.clientId,
    sub: spec.clientId,
    jti: randomUUID(),
    nbf: spec.notBefore ?? now,
    exp: spec.expiresAt ?? now + 600,
    ...spec.claims,
  };
  const signed = `${part(header)}.${part(claims)}`;
  const key = createPrivateKey(spec.privateKeyPem);
  const signature = sign(
    'sha256',
    Buffer.from(signed),
    algorithm === 'PS256'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, padding: constants.RSA_PKCS1_PADDING }
  );
  return `${signed}.${signature.toString('base64url')}`;
}
