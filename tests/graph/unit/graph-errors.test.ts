import { GraphError } from '@microsoft/microsoft-graph-client';
import { SecretBoxKeyError } from '../../../server/src/auth/secret-box';
import { TOKEN_FAILURES, type TokenFailureReason } from '../../../shared/errors';
import {
  externalDrivesError,
  fromGraphStatus,
  microsoftErrorOf,
  toExternalDrivesError,
  wrapForGraphSdk,
} from '../../../server/src/graph/errors';

const graphError = (status: number, code: string) => {
  const error = new GraphError(status, 'from graph');
  error.code = code;
  return error;
};

describe('the one error mapping', () => {
  it.each([
    [403, 'connect', 'unableToConnect', 'Unable to connect'],
    [404, 'sync', 'unableToConnect', 'Unable to connect'],
    [
      403,
      'write',
      'permissionDenied',
      'Permission error: you need edit permission on this library',
    ],
    [
      403,
      'upload',
      'permissionDenied',
      'Permission error: you need edit permission on this library',
    ],
    [404, 'read', 'notFound', 'The item no longer exists in Microsoft 365'],
    [401, 'list', 'authenticationFailed', 'Authentication failed'],
    [423, 'write', 'locked', 'File is locked'],
    [429, 'sync', 'throttled', 'Microsoft 365 is busy'],
    [504, 'list', 'timeout', 'Timeout'],
    [507, 'upload', 'quotaExceeded', 'The drive has no space left'],
    [409, 'write', 'nameAlreadyExists', 'An item with this name already exists'],
  ] as const)('%i on %s -> %s', (status, operation, code, message) => {
    const mapped = toExternalDrivesError(graphError(status, 'x'), operation);
    expect(mapped).toMatchObject({ code, message });
    expect(mapped.details.code).toBe(code);
  });

  it('never answers 401 to the admin panel', () => {
    expect(fromGraphStatus(401, 'list').status).toBe(424);
    expect(externalDrivesError('authenticationFailed', { httpStatus: 401 }).status).toBe(424);
  });

  it('maps msal errors without a known cause to "Authentication failed" with the next step', () => {
    const msal = Object.assign(new Error('AADSTS50126: Invalid username or password'), {
      errorCode: 'invalid_request',
    });
    expect(toExternalDrivesError(msal, 'connect')).toMatchObject({
      code: 'authenticationFailed',
      details: { nextStep: expect.stringMatching(/reconnect/) },
    });
  });

  const msalError = (errorCode: string, description: string, extra: object = {}) =>
    Object.assign(new Error(description), { errorCode, errorMessage: description, ...extra });

  it.each<[string, ReturnType<typeof msalError>, TokenFailureReason]>([
    [
      'a wrong secret',
      msalError('invalid_client', 'AADSTS7000215: Invalid client secret provided.'),
      'invalidClientSecret',
    ],
    [
      'an expired secret',
      msalError(
        'invalid_client',
        'Error(s): 7000222 - Description: AADSTS7000222: The provided client secret keys for app are expired.',
        { errorNo: 7000222 }
      ),
      'expiredClientSecret',
    ],
    [
      'a certificate not registered on the app',
      msalError(
        'invalid_client',
        "AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: 'AB12']",
        { errorNo: 700027 }
      ),
      'certificateNotRegistered',
    ],
    [
      "a client assertion outside its time range (the server's clock)",
      msalError(
        'invalid_client',
        'AADSTS700024: Client assertion is not within its valid time range.'
      ),
      'certificateAssertionExpired',
    ],
    [
      'a client assertion for another tenant',
      msalError(
        'invalid_client',
        'AADSTS700023: Client assertion audience claim does not match Realm issuer.'
      ),
      'certificateRefused',
    ],
    [
      'an unknown app',
      msalError('unauthorized_client', 'AADSTS700016: Application not found.'),
      'unknownApplication',
    ],
    [
      'missing consent',
      msalError('invalid_grant', 'AADSTS65001: The user or administrator has not consented.'),
      'consentRequired',
    ],
    [
      'a revoked refresh token',
      msalError(
        'invalid_grant',
        'AADSTS50173: The provided grant has expired due to it being revoked.'
      ),
      'signInRevoked',
    ],
    [
      'an outage',
      msalError('temporarily_unavailable', 'AADSTS90006: The service is temporarily unavailable.', {
        status: 503,
      }),
      'signInServiceUnavailable',
    ],
    // msal remembers a 5xx and refuses locally, naming only the AADSTS numbers as its code.
    [
      'an outage msal remembers',
      msalError('50000', 'AADSTS50000: There was an error issuing a token.'),
      'signInServiceUnavailable',
    ],
    [
      'an unreachable Entra ID',
      msalError('network_error', 'Network request failed'),
      'signInServiceUnreachable',
    ],
    [
      'a timeout',
      Object.assign(msalError('network_error', 'failed'), {
        cause: Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
      }),
      'signInServiceTimeout',
    ],
  ])('maps a token failure of %s to its cause and fix', (_, error, reason) => {
    const expected = TOKEN_FAILURES[reason];
    const mapped = toExternalDrivesError(error, 'sync');
    expect(mapped).toMatchObject({
      code: expected.code,
      message: expected.message,
      details: { reason, nextStep: expected.nextStep },
    });
    // The Graph SDK rewraps a token failure: its reason (and so its wording) survives.
    const wrapped = wrapForGraphSdk(error, 'connect');
    const rewrapped = new GraphError(-1, wrapped.message);
    rewrapped.code = wrapped.name;
    expect(toExternalDrivesError(rewrapped, 'sync')).toMatchObject({
      code: expected.code,
      message: expected.message,
      details: { reason },
    });
  });

  it('maps network failures by their code, through causes', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(toExternalDrivesError(refused, 'list').code).toBe('unableToConnect');
    const slow = Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(toExternalDrivesError(slow, 'list').code).toBe('timeout');
  });

  it('keeps its meaning through the Graph SDK rewrap', () => {
    const wrapped = wrapForGraphSdk(externalDrivesError('integrationNotAvailable'), 'connect');
    const rewrapped = new GraphError(-1, wrapped.message);
    rewrapped.code = wrapped.name;
    expect(toExternalDrivesError(rewrapped, 'list').code).toBe('integrationNotAvailable');
  });

  it('asks for a reconnect when stored tokens cannot be decrypted any more', () => {
    const lost = new SecretBoxKeyError('no longer configured');
    expect(toExternalDrivesError(lost, 'sync')).toMatchObject({
      code: 'authenticationFailed',
      details: { reason: 'encryptionKeyUnavailable' },
    });
  });

  it('does not leak internals of unexpected failures', () => {
    const mapped = toExternalDrivesError(new Error('SQLITE_BUSY at /secret/path'), 'list');
    expect(mapped).toMatchObject({ code: 'unexpected', message: 'Something went wrong' });
  });
});

describe("Microsoft's error body, read from a raw response", () => {
  it('reads the code and message, and nothing from a body that is not that', () => {
    expect(
      microsoftErrorOf(JSON.stringify({ error: { code: 'itemNotFound', message: 'Gone.' } }))
    ).toEqual({ code: 'itemNotFound', message: 'Gone.' });
    expect(microsoftErrorOf('<html>Bad gateway</html>')).toEqual({});
    expect(microsoftErrorOf('')).toEqual({});
    expect(microsoftErrorOf('{"error":{"code":42}}')).toEqual({});
  });
});
