/**
 * The refusals of file operations, and what their failures mean to the user. Microsoft's errors
 * go through the one mapping in `graph/errors.ts`; only what is particular to files (a name rule,
 * an interrupted upload) is decided here.
 */
import type { ErrorCode } from '../../../shared/errors';
import {
  externalDrivesError,
  toExternalDrivesError,
  type ExternalDrivesError,
  type Operation,
} from '../graph/errors';
import { InvalidNameError } from './names';
import { UploadRelayError } from './upload/relay';

export type FileOperation = Extract<Operation, 'list' | 'read' | 'write' | 'upload' | 'download'>;
export type FileOperationError = ExternalDrivesError;

/** A file-specific refusal with its own wording. */
export const fileError = (
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>
): FileOperationError => externalDrivesError(code, { message, details });

export const downloadsDisabled = () => externalDrivesError('downloadsDisabled');

export const notFound = (what: string) =>
  externalDrivesError('notFound', { message: `${what} was not found`, nextStep: '' });

export const badRequest = (message: string, code: ErrorCode = 'invalidRequest') =>
  externalDrivesError(code, { message, httpStatus: 400 });

export const forbidden = (message: string) => externalDrivesError('forbidden', { message });

/** Maps a failure of a file operation to what the user is told. */
export function toFileOperationError(error: unknown, operation: FileOperation): FileOperationError {
  if (error instanceof InvalidNameError) {
    return externalDrivesError('invalidName', {
      message: error.message,
      details: { rule: error.problem.rule, name: error.itemName },
    });
  }
  if (error instanceof UploadRelayError) {
    if (error.reason === 'sessionGone') {
      return externalDrivesError('uploadSessionGone', {
        details: { nextOffset: error.nextOffset },
      });
    }
    if (error.graphStatus && error.graphStatus !== 416) {
      const graphCode = (error.graphBody?.error as { code?: string } | undefined)?.code;
      return toExternalDrivesError(
        Object.assign(new Error(error.message), { statusCode: error.graphStatus, code: graphCode }),
        operation
      );
    }
    return externalDrivesError('uploadInterrupted', {
      details: { nextOffset: error.nextOffset, reason: error.reason },
    });
  }
  return toExternalDrivesError(error, operation);
}
