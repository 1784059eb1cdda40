import { constants, verify } from 'node:crypto';
import type { AppRegistration } from '../store/model';
import {
  assertionAudienceMismatch,
  assertionClientMismatch,
  assertionOutsideTimeRange,
  malformedAssertion,
  unverifiableAssertion,
} from './aad-errors';
import { findAppCertificate, hexThumbprint } from './app-certificates';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Entra ID tolerates some clock skew between the client and itself. */
const CLOCK_SKEW_SECONDS = 300;

interface AssertionHeader {
  alg?: unknown;
  'x5t#S256'?: unknown;
  x5t?: unknown;
}

interface AssertionClaims {
  aud?: unknown;
  iss?: unknown;
  sub?: unknown;
  exp?: unknown;
  nbf?: unknown;
}

export interface DecodedAssertion {
  header: AssertionHeader;
  claims: AssertionClaims;
  signedPart: string;
  signature: Buffer;
}

const decodeJson = (part: string): Record<string, unknown> => {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

/** A compact JWS with a JSON header and claims, or AADSTS50027. */
export function decodeAssertion(assertion: string): DecodedAssertion {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part)))
    throw malformedAssertion();
  try {
    return {
      header: decodeJson(parts[0]),
      claims: decodeJson(parts[1]),
      signedPart: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    throw malformedAssertion();
  }
}

/** RS256 (RSASSA-PKCS1-v1_5) or PS256 (RSASSA-PSS, salt as long as the hash: RFC 7518 3.5). */
const PADDINGS: Record<string, { padding: number; saltLength?: number }> = {
  RS256: { padding: constants.RSA_PKCS1_PADDING },
  PS256: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
};

const secondsToDate = (value: unknown) =>
  typeof value === 'number' ? new Date(value * 1000) : undefined;

/**
 * Checks a client assertion (private_key_jwt) as Entra ID does: issued by and about the client,
 * signed with a certificate registered on the app, meant for this tenant's token endpoint, and
 * within its valid time range. Throws the AADSTS error of the first check that fails.
 */
export function verifyClientAssertion(
  app: AppRegistration,
  assertion: DecodedAssertion,
  tokenEndpoints: string[],
  now = new Date()
): void {
  const { header, claims } = assertion;
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) throw assertionClientMismatch();
  const certificate = findAppCertificate(app, header);
  if (!certificate) {
    const given = header['x5t#S256'] ?? header.x5t;
    const thumbprint = typeof given === 'string' ? hexThumbprint(given) : '(none)';
    throw unverifiableAssertion(
      `The key was not found., Thumbprint of key used by client: '${thumbprint}'.`,
      app.clientId
    );
  }
  if (certificate.notAfter < now)
    throw unverifiableAssertion('The key used is expired.', app.clientId);
  const padding = typeof header.alg === 'string' ? PADDINGS[header.alg] : undefined;
  if (!padding)
    throw unverifiableAssertion(
      `The algorithm '${String(header.alg)}' is not supported.`,
      app.clientId
    );
  const valid = verify(
    'sha256',
    Buffer.from(assertion.signedPart),
    { key: certificate.publicKey, ...padding },
    assertion.signature
  );
  if (!valid) throw unverifiableAssertion('The signature is not valid.', app.clientId);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => typeof aud === 'string' && tokenEndpoints.includes(aud)))
    throw assertionAudienceMismatch();
  const expiry = secondsToDate(claims.exp);
  const notBefore = secondsToDate(claims.nbf);
  const skew = CLOCK_SKEW_SECONDS * 1000;
  if (
    !expiry ||
    expiry.getTime() + skew < now.getTime() ||
    (notBefore && notBefore.getTime() - skew > now.getTime())
  )
    throw assertionOutsideTimeRange(now, notBefore, expiry);
}
