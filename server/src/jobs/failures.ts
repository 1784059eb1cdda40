/**
 * How a failed run travels through Redis to the instance waiting for it: as plain data, turned
 * back into the error with its user-facing code on the other side.
 */
import type { ErrorCode } from '../../../shared/errors';
import { externalDrivesError, isExternalDrivesError } from '../graph/errors';

export interface SerializedFailure {
  code: ErrorCode;
  message: string;
  nextStep?: string;
  httpStatus: number;
}

export const toFailure = (error: unknown): SerializedFailure =>
  isExternalDrivesError(error)
    ? {
        code: error.code,
        message: error.message,
        nextStep: error.nextStep,
        httpStatus: error.statusCode,
      }
    : { code: 'unexpected', message: (error as Error).message, httpStatus: 500 };

export const fromFailure = (failure: unknown) => {
  const { code, message, nextStep, httpStatus } = failure as SerializedFailure;
  return externalDrivesError(code, { message, nextStep: nextStep ?? '', httpStatus });
};
