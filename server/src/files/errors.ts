/**
 * What file operations tell the user when Microsoft (or a rule) says no. One place decides the
 * code, message, next step and HTTP status of every failure of a file operation.
 *
 * The contract puts the mapping of Microsoft errors in `server/src/graph/errors.ts` (SERVER); until
 * that module exists this one carries the file-operation cases, shaped like `ExternalDrivesError`
 * so the two merge without changing callers. Never 401 to the admin panel (it logs the user out).
 */
import { InvalidNameError } from './names';
import { UploadRelayError } from './upload/relay';

export type FileOperation = 'list' | 'read' | 'write' | 'upload' | 'download';

export class FileOperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly nextStep?: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'FileOperationError';
  }
}

export const DOWNLOADS_DISABLED_MESSAGE = 'File downloads are disabled by your administrator';

export const downloadsDisabled = () =>
  new FileOperationError('downloadsDisabled', DOWNLOADS_DISABLED_MESSAGE, 403);

export const notFound = (what: string) =>
  new FileOperationError('notFound', `${what} was not found`, 404);

export const badRequest = (message: string, code = 'invalidRequest') =>
  new FileOperationError(code, message, 400);

export const forbidden = (message: string) => new FileOperationError('forbidden', message, 403);

interface GraphLikeError {
  statusCode?: number;
  code?: string | null;
  message?: string;
  name?: string;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'TimeoutError',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'EPIPE',
]);

const networkCodeOf = (error: unknown): string | undefined => {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && (TIMEOUT_CODES.has(code) || NETWORK_CODES.has(code)))
      return code;
    if (typeof name === 'string' && TIMEOUT_CODES.has(name)) return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/** Maps a failure of a file operation to what the user is told. */
export function toFileOperationError(error: unknown, operation: FileOperation): FileOperationError {
  if (error instanceof FileOperationError) return error;
  if (error instanceof InvalidNameError) {
    return new FileOperationError(
      'invalidName',
      error.message,
      400,
      'Rename the item and try again',
      {
        rule: error.problem.rule,
        name: error.itemName,
      }
    );
  }
  if (error instanceof UploadRelayError) {
    if (error.reason === 'sessionGone') {
      return new FileOperationError(
        'uploadSessionGone',
        error.message,
        410,
        'Start the upload again',
        {
          nextOffset: error.nextOffset,
        }
      );
    }
    if (error.graphStatus && error.graphStatus !== 416)
      return fromStatus(error.graphStatus, error.graphBody?.error, operation, error.message);
    return new FileOperationError('uploadInterrupted', error.message, 409, 'Resume the upload', {
      nextOffset: error.nextOffset,
      reason: error.reason,
    });
  }
  const mapped = alreadyMapped(error);
  if (mapped) return mapped;
  const networkCode = networkCodeOf(error);
  if (networkCode && TIMEOUT_CODES.has(networkCode)) return timeout();
  if (networkCode) {
    return new FileOperationError(
      'unableToConnect',
      'Unable to connect',
      502,
      'Check the connection to Microsoft 365 and try again'
    );
  }
  const graph = error as GraphLikeError;
  if (typeof graph?.statusCode === 'number' && graph.statusCode > 0) {
    return fromStatus(graph.statusCode, { code: graph.code }, operation, graph.message);
  }
  return new FileOperationError('unexpected', (error as Error)?.message || 'Unexpected error', 500);
}

const MSAL_ERROR_NAMES = new Set([
  'ServerError',
  'ClientAuthError',
  'AuthError',
  'InteractionRequiredAuthError',
]);

/**
 * Errors the graph layer already mapped (its ExternalDrivesError: code + httpStatus) keep their
 * meaning; raw msal failures are authentication failures.
 */
function alreadyMapped(error: unknown): FileOperationError | null {
  const candidate = error as {
    code?: unknown;
    httpStatus?: unknown;
    message?: unknown;
    nextStep?: unknown;
    name?: unknown;
  };
  if (candidate && typeof candidate.code === 'string' && typeof candidate.httpStatus === 'number') {
    return new FileOperationError(
      candidate.code,
      String(candidate.message ?? candidate.code),
      candidate.httpStatus === 401 ? 424 : candidate.httpStatus,
      typeof candidate.nextStep === 'string' ? candidate.nextStep : undefined
    );
  }
  if (candidate && typeof candidate.name === 'string' && MSAL_ERROR_NAMES.has(candidate.name)) {
    return new FileOperationError(
      'authenticationFailed',
      'Authentication failed',
      424,
      'Reconnect the drive or check the application credentials'
    );
  }
  return null;
}

const timeout = () =>
  new FileOperationError('timeout', 'Timeout', 504, 'Try again with smaller batches');

function fromStatus(
  status: number,
  graphError: unknown,
  operation: FileOperation,
  message?: string
): FileOperationError {
  const code = (graphError as { code?: string } | undefined)?.code ?? undefined;
  const details = { graphStatus: status, graphCode: code };
  const writing = operation === 'write' || operation === 'upload';
  switch (status) {
    case 401:
      return new FileOperationError(
        'authenticationFailed',
        'Authentication failed',
        424,
        'Reconnect the drive or check the application credentials',
        details
      );
    case 403:
      return writing
        ? new FileOperationError(
            'permissionDenied',
            'Permission error: you need edit permission on this library',
            403,
            'Ask the library owner for edit permission',
            details
          )
        : new FileOperationError(
            'permissionDenied',
            'Permission error: you do not have access to this item',
            403,
            undefined,
            details
          );
    case 404:
      return new FileOperationError(
        'notFound',
        'The item no longer exists in Microsoft 365',
        404,
        'Refresh the folder',
        details
      );
    case 409:
      return new FileOperationError(
        'nameAlreadyExists',
        'An item with this name already exists',
        409,
        'Choose replace or keep both, or pick another name',
        details
      );
    case 412:
      return new FileOperationError(
        'modified',
        'The item was changed by someone else',
        409,
        'Refresh and try again',
        details
      );
    case 413:
      return new FileOperationError(
        'tooLarge',
        message ?? 'The file is too large',
        413,
        undefined,
        details
      );
    case 416:
      return new FileOperationError(
        'invalidRange',
        'The requested range is not satisfiable',
        416,
        undefined,
        details
      );
    case 423:
      return new FileOperationError(
        'locked',
        'File is locked',
        423,
        'Close the file where it is open, then try again',
        details
      );
    case 429:
    case 503:
      return new FileOperationError(
        'throttled',
        'Microsoft 365 is busy',
        503,
        'Try again in a few minutes',
        details
      );
    case 504:
      return timeout();
    case 507:
      return new FileOperationError(
        'quotaExceeded',
        'The drive has no space left',
        507,
        'Free some space or ask for a larger quota',
        details
      );
    default:
      return status >= 500
        ? new FileOperationError(
            'unableToConnect',
            'Unable to connect',
            502,
            'Try again later',
            details
          )
        : new FileOperationError(
            'rejected',
            message || `Microsoft 365 refused the request (${status})`,
            400,
            undefined,
            details
          );
  }
}
