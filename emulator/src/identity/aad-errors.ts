import { randomUUID } from 'node:crypto';

/** The body Entra ID's token endpoint answers on failure (error, AADSTS description, codes). */
export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(description);
  }

  body(): Record<string, unknown> {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      error: this.error,
      error_description: `AADSTS${this.aadsts}: ${this.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
    };
  }
}

// Entra ID answers a failed client authentication with 401 (RFC 6749 section 5.2), not 400.
export const invalidClientSecret = (clientId: string) =>
  new AadError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`
  );
export const unknownClient = (clientId: string, tenantId: string) =>
  new AadError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`
  );
export const unknownTenant = (tenantId: string) =>
  new AadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`
  );
export const invalidScope = (scope: string) =>
  new AadError(
    400,
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`
  );
export const unsupportedGrant = (grant: string) =>
  new AadError(
    400,
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${grant}'.`
  );
export const invalidGrant = (aadsts: number, description: string) =>
  new AadError(400, 'invalid_grant', aadsts, description);
export const missingParameter = (name: string) =>
  new AadError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`
  );

export const expiredClientSecret = (clientId: string) =>
  new AadError(
    401,
    'invalid_client',
    7000222,
    `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`
  );
export const consentRequired = (clientId: string) =>
  invalidGrant(
    65001,
    `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`
  );
export const revokedGrant = () =>
  invalidGrant(
    50173,
    'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.'
  );
/** The token service is overloaded or down for a moment: retry after Retry-After. */
export const temporarilyUnavailable = (retryAfterSeconds: number) =>
  new AadError(
    503,
    'temporarily_unavailable',
    90006,
    'The service is temporarily unavailable. Please retry the request.',
    { 'Retry-After': String(retryAfterSeconds) }
  );
/** A 5xx of the token service. */
export const tokenServiceError = (status: number) =>
  new AadError(
    status,
    'server_error',
    50000,
    'There was an error issuing a token or an issue with our sign-in service.'
  );

/*
 * Client assertions (certificate credentials). The codes and wording follow Microsoft's AADSTS
 * table (learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS700027
 * "Client assertion failed signature validation", AADSTS50027 InvalidJwtToken) and the Azure
 * Identity SDKs' troubleshooting guides, which Microsoft writes (AADSTS700021 "Client assertion
 * application identifier doesn't match 'client_id' parameter", AADSTS700023 "Client assertion
 * audience claim does not match Realm issuer", AADSTS700024 "Client assertion is not within its
 * valid time range"). Entra ID answers a client that failed to authenticate with 401 invalid_client.
 */
const CERTIFICATE_CREDENTIALS_DOC =
  'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.';

export const malformedAssertion = () =>
  new AadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
export const unverifiableAssertion = (reason: string, clientId: string) =>
  new AadError(
    401,
    'invalid_client',
    700027,
    `Client assertion failed signature validation. [Reason - ${reason} Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`
  );
export const assertionClientMismatch = () =>
  new AadError(
    401,
    'invalid_client',
    700021,
    `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_CREDENTIALS_DOC}`
  );
export const assertionAudienceMismatch = () =>
  new AadError(
    401,
    'invalid_client',
    700023,
    `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_CREDENTIALS_DOC}`
  );
export const assertionOutsideTimeRange = (now: Date, notBefore?: Date, expiry?: Date) =>
  new AadError(
    401,
    'invalid_client',
    700024,
    `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${notBefore?.toISOString() ?? '(none)'}, expiry time of assertion ${expiry?.toISOString() ?? '(none)'}. ${CERTIFICATE_CREDENTIALS_DOC}`
  );
