import { GraphError } from '@microsoft/microsoft-graph-client';
import type { DriveRole } from '../../../shared/contracts/drives';
import { assertCanWrite, canRead, canWrite } from '../../../server/src/files/access';
import { downloadsDisabled, toFileOperationError } from '../../../server/src/files/errors';
import { InvalidNameError, findNameProblem } from '../../../server/src/files/names';
import type { DriveRow } from '../../../server/src/drives/table';
import { UploadRelayError } from '../../../server/src/files/upload/relay';
import { PERMISSIONS } from '../../../shared/permissions';

const graphError = (status: number, code: string) =>
  Object.assign(new GraphError(status, code), { code });

describe('file operation errors', () => {
  it('maps Graph write failures to the product messages, never to 401', () => {
    expect(toFileOperationError(graphError(403, 'accessDenied'), 'write')).toMatchObject({
      code: 'permissionDenied',
      message: 'Permission error: you need edit permission on this library',
      status: 403,
    });
    expect(toFileOperationError(graphError(423, 'resourceLocked'), 'write')).toMatchObject({
      code: 'locked',
      message: 'File is locked',
      status: 423,
    });
    const auth = toFileOperationError(graphError(401, 'InvalidAuthenticationToken'), 'write');
    expect(auth).toMatchObject({ code: 'authenticationFailed', message: 'Authentication failed' });
    expect(auth.status).not.toBe(401);
    expect(toFileOperationError(graphError(507, 'quotaLimitReached'), 'upload').code).toBe(
      'quotaExceeded'
    );
    expect(toFileOperationError(graphError(409, 'nameAlreadyExists'), 'upload').status).toBe(409);
  });

  it('maps timeouts to Timeout with the advice to try smaller batches', () => {
    const timeout = Object.assign(new Error('Headers Timeout Error'), {
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
    const wrapped = new TypeError('fetch failed', { cause: timeout });
    expect(toFileOperationError(wrapped, 'write')).toMatchObject({
      code: 'timeout',
      message: 'Timeout',
      nextStep: 'Try again with smaller batches.',
    });
    expect(toFileOperationError(graphError(504, 'gatewayTimeout'), 'write').message).toBe(
      'Timeout'
    );
  });

  it('maps resets to Unable to connect', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(toFileOperationError(reset, 'download')).toMatchObject({
      code: 'unableToConnect',
      message: 'Unable to connect',
    });
  });

  it('passes name problems with their exact message and rule', () => {
    const error = new InvalidNameError(findNameProblem('a?b')!, 'a?b');
    expect(toFileOperationError(error, 'upload')).toMatchObject({
      code: 'invalidName',
      status: 400,
      message: "The name contains the character '?', which SharePoint and OneDrive do not allow",
      details: { rule: 'invalidCharacter', name: 'a?b' },
    });
  });

  it('tells where to resume an interrupted upload, and to restart a vanished one', () => {
    expect(
      toFileOperationError(new UploadRelayError('x', 'pieceInterrupted', 655360), 'upload')
    ).toMatchObject({
      code: 'uploadInterrupted',
      details: { nextOffset: 655360 },
    });
    expect(
      toFileOperationError(new UploadRelayError('x', 'sessionGone', 0, 404), 'upload').code
    ).toBe('uploadSessionGone');
    const conflict = new UploadRelayError('x', 'fragmentRejected', 0, 409, {
      error: { code: 'nameAlreadyExists' },
    });
    expect(toFileOperationError(conflict, 'upload').code).toBe('nameAlreadyExists');
  });

  it('leaves errors already mapped as they are', () => {
    const error = downloadsDisabled();
    expect(error).toMatchObject({
      status: 403,
      message: 'File downloads are disabled by your administrator',
    });
    expect(toFileOperationError(error, 'download')).toBe(error);
  });
});

describe('assertCanWrite', () => {
  const platform = (roles?: DriveRole[] | null): DriveRow => ({
    id: 1,
    name: 'Docs',
    kind: 'sharepoint',
    scope: 'platform',
    remoteDriveId: 'b!x',
    roles,
  });
  const editor = { id: 7, roles: [{ id: 3, code: 'strapi-editor' }] };
  const canManage = { can: (action: string) => action === PERMISSIONS.manageDrives };
  const cannot = { can: () => false };

  it('lets super admins write everywhere', () => {
    expect(
      canWrite(platform([]), { id: 1, roles: [{ id: 1, code: 'strapi-super-admin' }] }, cannot)
    ).toBe(true);
  });

  it('grants platform drives per role when the drive lists roles', () => {
    expect(canWrite(platform([{ roleId: 3, access: 'write' }]), editor, cannot)).toBe(true);
    expect(
      canWrite(
        platform([
          { roleId: 3, access: 'read' },
          { roleId: 9, access: 'write' },
        ]),
        editor,
        canManage
      )
    ).toBe(false);
    // Read access shows the drive without letting its files change.
    expect(canRead(platform([{ roleId: 3, access: 'read' }]), editor, cannot)).toBe(true);
    expect(canRead(platform([{ roleId: 9, access: 'write' }]), editor, cannot)).toBe(false);
  });

  it('falls back to the drives.manage permission when no role is listed', () => {
    expect(canWrite(platform(null), editor, canManage)).toBe(true);
    expect(canWrite(platform(null), editor, cannot)).toBe(false);
    expect(() => assertCanWrite(platform(null), editor, cannot)).toThrow(
      'You have read-only access to this drive'
    );
  });

  it('limits personal drives to their owner', () => {
    const personal: DriveRow = { ...platform(), scope: 'personal', kind: 'onedrive', ownerId: 7 };
    expect(canWrite(personal, editor, cannot)).toBe(true);
    expect(canWrite(personal, { ...editor, id: 8 }, canManage)).toBe(false);
  });
});
