/**
 * The one place that decides what a failure means to the user. Every error that reaches the
 * plugin's API goes through `toExternalDrivesError`: Graph errors, msal errors, network errors and
 * the plugin's own refusals. What it returns is an HttpError to Strapi's error middleware, which
 * answers it with its status and `details: { code, nextStep }` without further wiring.
 *
 * The mapping depends on the operation: a 403 while connecting or listing means the site is out of
 * reach ("Unable to connect"); a 403 on a write means the user lacks edit permission.
 * A Microsoft authentication failure is never answered with 401: Strapi's admin panel takes any
 * 401 as its own session ending and logs the user out.
 */
import { errors } from '@strapi/utils';
import {
  ERROR_DESCRIPTIONS,
  TOKEN_FAILURES,
  type ErrorCode,
  type ErrorDetails,
  type TokenFailureReason,
} from '../../../shared/errors';

export type Operation = 'connect' | 'list' | 'sync' | 'read' | 'write' | 'upload' | 'download';

export class ExternalDrivesError extends Error {
  readonly isExternalDrivesError = true;
  /** Read by Strapi's error middleware (as http-errors' errors carry them). */
  readonly status: number;
  readonly statusCode: number;
  readonly expose = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    status: number,
    readonly nextStep: string | undefined,
    readonly details: ErrorDetails
  ) {
    super(message);
    this.name = 'ExternalDrivesError';
    this.status = status;
    this.statusCode = status;
  }
}

/*
 * Strapi's error middleware answers an error with its own status and details only when it is an
 * instance of the HttpError class @strapi/utils exports (anything else becomes a bare 500/502).
 * That class is abstract (its constructor throws), so the prototype is linked instead of extended.
 */
Object.setPrototypeOf(ExternalDrivesError.prototype, errors.HttpError.prototype);

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  integrationNotAvailable: 503,
  unableToConnect: 502,
  siteSearchNotAllowed: 403,
  siteNotGranted: 403,
  authenticationFailed: 424,
  permissionDenied: 403,
  locked: 423,
  timeout: 504,
  throttled: 503,
  notFound: 404,
  // The drive's folder is gone: the drive is kept, it cannot be synced.
  folderDeleted: 410,
  // Like an item that is not there: the drive does not reach it.
  outsideFolder: 404,
  nameAlreadyExists: 409,
  modified: 409,
  invalidName: 400,
  fileTooLarge: 413,
  quotaExceeded: 507,
  invalidRange: 416,
  downloadsDisabled: 403,
  sharingLinksDisabled: 403,
  // The request is understood but the folder is past the admin's limits: nothing was sent.
  zipTooLarge: 422,
  invalidRequest: 400,
  forbidden: 403,
  uploadSessionGone: 410,
  uploadInterrupted: 409,
  uploadBusy: 409,
  pieceInterrupted: 400,
  unexpected: 500,
};

export interface ErrorOptions {
  message?: string;
  /** Overrides the code's usual next step; '' when there is none worth saying. */
  nextStep?: string;
  httpStatus?: number;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Builds the error the API answers with. Messages default to the shared wording of the code. */
export function externalDrivesError(
  code: ErrorCode,
  options: ErrorOptions = {}
): ExternalDrivesError {
  const description = ERROR_DESCRIPTIONS[code];
  const nextStep = options.nextStep === '' ? undefined : (options.nextStep ?? description.nextStep);
  const status = options.httpStatus ?? DEFAULT_STATUS[code];
  const error = new ExternalDrivesError(
    code,
    options.message ?? description.message,
    status === 401 ? 424 : status,
    nextStep,
    { code, ...(nextStep ? { nextStep } : {}), ...(options.details ?? {}) }
  );
  if (options.cause !== undefined) (error as Error & { cause?: unknown }).cause = options.cause;
  return error;
}

export const isExternalDrivesError = (error: unknown): error is ExternalDrivesError =>
  error instanceof ExternalDrivesError;

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'TimeoutError',
  'AbortError',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Walks an error and what it wraps (`cause`, the Graph SDK's `body`) looking for a network code. */
export function networkFailureOf(error: unknown): 'timeout' | 'network' | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name, errno } = current as { code?: unknown; name?: unknown; errno?: unknown };
    for (const value of [code, name, errno]) {
      if (typeof value !== 'string') continue;
      if (TIMEOUT_CODES.has(value)) return 'timeout';
      if (NETWORK_CODES.has(value)) return 'network';
    }
    const next = current as { cause?: unknown; body?: unknown };
    current = next.cause ?? (typeof next.body === 'object' ? next.body : undefined);
  }
  return undefined;
}

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
  body?: unknown;
}

/** msal-node's errors: AuthError and its subclasses carry `errorCode` (and `subError`). */
interface MsalErrorLike {
  errorCode: string;
  errorMessage?: string;
  /** Entra ID's first AADSTS number (ServerError, InteractionRequiredAuthError). */
  errorNo?: string | number;
  /** The token endpoint's HTTP status (ServerError). */
  status?: number;
}

const isMsalError = (error: unknown): error is MsalErrorLike =>
  Boolean(error && typeof (error as { errorCode?: unknown }).errorCode === 'string');

/** Entra ID's AADSTS numbers worth telling apart: each has its own fix. */
const AADSTS_REASONS: Record<string, TokenFailureReason> = {
  '7000215': 'invalidClientSecret',
  '7000222': 'expiredClientSecret',
  '700016': 'unknownApplication',
  '65001': 'consentRequired',
  '50173': 'signInRevoked',
  '700082': 'signInRevoked',
  '70008': 'signInRevoked',
  // Certificate credentials (client assertions). 700027: no registered certificate verifies the
  // signature (unknown, removed or expired certificate); 700024: outside its nbf..exp, which means
  // the server's clock is off; 700021 / 700023 / 50027: an assertion for another client or tenant,
  // or malformed (Microsoft's AADSTS table and the Azure Identity troubleshooting guides).
  '700027': 'certificateNotRegistered',
  '700024': 'certificateAssertionExpired',
  '700021': 'certificateRefused',
  '700023': 'certificateRefused',
  '50027': 'certificateRefused',
  '90006': 'signInServiceUnavailable',
  '50000': 'signInServiceUnavailable',
};

/** OAuth errors of a token service that is down for a while (retried before they get here). */
const UNAVAILABLE_TOKEN_ERRORS = new Set(['temporarily_unavailable', 'server_error']);

/**
 * Why Entra ID gave no token, when the reason has its own fix. msal names the AADSTS number in
 * `errorNo`, or only in its message (and, for a failure it remembers, in its `errorCode`).
 */
function tokenFailureReason(
  error: MsalErrorLike,
  network: 'timeout' | 'network' | undefined
): TokenFailureReason | undefined {
  if (network === 'timeout') return 'signInServiceTimeout';
  if (network || ['network_error', 'endpoints_resolution_error'].includes(error.errorCode))
    return 'signInServiceUnreachable';
  const text = `${error.errorCode} ${error.errorMessage ?? (error as { message?: string }).message ?? ''}`;
  const aadsts = String(error.errorNo ?? /AADSTS(\d+)/.exec(text)?.[1] ?? '');
  if (AADSTS_REASONS[aadsts]) return AADSTS_REASONS[aadsts];
  if (error.errorCode === 'invalid_grant') return 'signInRevoked';
  if (UNAVAILABLE_TOKEN_ERRORS.has(error.errorCode) || (error.status ?? 0) >= 500)
    return 'signInServiceUnavailable';
  return undefined;
}

/** A token failure with a known reason: its wording, and the reason in the details. */
const tokenFailure = (reason: TokenFailureReason, cause?: unknown) => {
  const { code, message, nextStep } = TOKEN_FAILURES[reason];
  return externalDrivesError(code, { message, nextStep, details: { reason }, cause });
};

const WRITE_OPERATIONS = new Set<Operation>(['write', 'upload']);
const REACH_OPERATIONS = new Set<Operation>(['connect', 'list', 'sync']);

/**
 * Microsoft's `{ "error": { "code", "message" } }` from a response body read by hand (raw
 * responses the SDK did not parse); empty when the body is not that (a proxy's page, nothing).
 */
export function microsoftErrorOf(text: string): { code?: string; message?: string } {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    return {
      ...(typeof error?.code === 'string' ? { code: error.code } : {}),
      ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    };
  } catch {
    return {};
  }
}

/** Maps an HTTP status from Graph (with its error code) for an operation. */
export function fromGraphStatus(
  status: number,
  operation: Operation,
  graphCode?: string | null,
  graphMessage?: string
): ExternalDrivesError {
  const details = { graphStatus: status, ...(graphCode ? { graphCode } : {}) };
  switch (status) {
    case 400:
      return externalDrivesError('invalidRequest', {
        message: graphMessage || ERROR_DESCRIPTIONS.invalidRequest.message,
        details,
      });
    case 401:
      return externalDrivesError('authenticationFailed', { details });
    case 403:
      if (WRITE_OPERATIONS.has(operation))
        return externalDrivesError('permissionDenied', { details });
      if (REACH_OPERATIONS.has(operation))
        return externalDrivesError('unableToConnect', { details });
      return externalDrivesError('permissionDenied', {
        message: 'Permission error: you do not have access to this item',
        nextStep: 'Ask the owner of the library for access.',
        details,
      });
    case 404:
      return REACH_OPERATIONS.has(operation)
        ? externalDrivesError('unableToConnect', { details })
        : externalDrivesError('notFound', { details });
    case 409:
      return externalDrivesError('nameAlreadyExists', { details });
    case 412:
      return externalDrivesError('modified', { details });
    case 413:
      return externalDrivesError('fileTooLarge', { details });
    case 416:
      return externalDrivesError('invalidRange', { details });
    case 423:
      return externalDrivesError('locked', { details });
    case 429:
    case 503:
      return externalDrivesError('throttled', { details });
    case 504:
      return externalDrivesError('timeout', { details });
    case 507:
      return externalDrivesError('quotaExceeded', { details });
    default:
      return status >= 500
        ? externalDrivesError('unableToConnect', { details })
        : externalDrivesError('invalidRequest', {
            message: graphMessage || `Microsoft 365 refused the request (${status})`,
            details,
          });
  }
}

/**
 * The Graph SDK rewraps anything a middleware throws into a GraphError that keeps only the
 * thrown error's `name` (as `code`) and message. A failed token request is therefore thrown into
 * the SDK under a name that carries its mapped code, so the mapping survives the rewrap.
 */
const WRAPPED_PREFIX = 'ExternalDrives.';

export function wrapForGraphSdk(error: unknown, operation: Operation): Error {
  const mapped = toExternalDrivesError(error, operation);
  const wrapped = new Error(mapped.message);
  const reason = String(mapped.details.reason ?? '');
  // A token failure's reason carries its own wording and next step: it goes along in the name.
  const suffix = reason in TOKEN_FAILURES ? `.${reason}` : '';
  wrapped.name = `${WRAPPED_PREFIX}${mapped.code}${suffix}`;
  return wrapped;
}

/** What any failure during `operation` means to the user. */
export function toExternalDrivesError(error: unknown, operation: Operation): ExternalDrivesError {
  if (isExternalDrivesError(error)) return error;

  const wrappedCode = (error as { code?: unknown })?.code;
  if (typeof wrappedCode === 'string' && wrappedCode.startsWith(WRAPPED_PREFIX)) {
    const [code, reason] = wrappedCode.slice(WRAPPED_PREFIX.length).split('.');
    if (reason && reason in TOKEN_FAILURES) {
      return tokenFailure(reason as TokenFailureReason, error);
    }
    return externalDrivesError(code as ErrorCode, { cause: error });
  }

  // Stored tokens sealed under a key that is no longer configured: the user reconnects.
  if ((error as { code?: unknown })?.code === 'ENCRYPTION_KEY_UNAVAILABLE') {
    return externalDrivesError('authenticationFailed', {
      details: { reason: 'encryptionKeyUnavailable' },
      cause: error,
    });
  }

  const network = networkFailureOf(error);

  if (isMsalError(error)) {
    // A token request that never reached Entra ID, or found it down, is no credentials problem:
    // the drive must not be parked as needing a new sign-in for it.
    const reason = tokenFailureReason(error, network);
    if (reason) return tokenFailure(reason, error);
    return externalDrivesError('authenticationFailed', {
      details: { reason: error.errorCode },
      cause: error,
    });
  }
  if (network === 'timeout') return externalDrivesError('timeout', { cause: error });
  if (network) return externalDrivesError('unableToConnect', { cause: error });

  const graph = error as GraphErrorLike;
  if (typeof graph?.statusCode === 'number' && graph.statusCode > 0) {
    const mapped = fromGraphStatus(graph.statusCode, operation, graph.code, graph.message);
    (mapped as Error & { cause?: unknown }).cause = error;
    return mapped;
  }
  // The cause stays on the error for the logs; the user gets the generic wording, not internals.
  return externalDrivesError('unexpected', { cause: error });
}
