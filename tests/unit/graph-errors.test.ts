import { GraphError } from '@microsoft/microsoft-graph-client';
import { SecretBoxKeyError } from '../../server/src/auth/secret-box';
import {
  externalDrivesError,
  fromGraphStatus,
  toExternalDrivesError,
  wrapForGraphSdk,
} from '../../server/src/graph/errors';

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

  it('maps msal errors to "Authentication failed" with the next step', () => {
    const msal = Object.assign(new Error('AADSTS7000215: Invalid client secret'), {
      errorCode: 'invalid_client',
    });
    expect(toExternalDrivesError(msal, 'connect')).toMatchObject({
      code: 'authenticationFailed',
      details: { nextStep: expect.stringMatching(/reconnect/) },
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
