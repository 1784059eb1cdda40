/**
 * Turns a failed call into what the user reads: the server's mapped message and next step
 * (`error.details.code` / `nextStep`, see shared/errors.ts), whichever client raised it.
 */
import { ERROR_DESCRIPTIONS, type ErrorCode } from '../../../shared/errors';

export interface DescribedError {
  code: string | null;
  message: string;
  nextStep: string | null;
  status: number | null;
}

interface StrapiErrorBody {
  error?: {
    status?: number;
    message?: string;
    details?: { code?: string; nextStep?: string; [key: string]: unknown };
  };
}

const bodyOf = (error: unknown): StrapiErrorBody | undefined => {
  const candidate = error as { response?: { data?: unknown }; payload?: unknown };
  return (candidate?.payload ?? candidate?.response?.data) as StrapiErrorBody | undefined;
};

export const describeError = (error: unknown): DescribedError => {
  const body = bodyOf(error)?.error;
  const code = body?.details?.code ?? null;
  const known = code && code in ERROR_DESCRIPTIONS ? ERROR_DESCRIPTIONS[code as ErrorCode] : null;
  return {
    code,
    message: body?.message ?? known?.message ?? (error as Error)?.message ?? 'Unexpected error',
    nextStep: body?.details?.nextStep ?? known?.nextStep ?? null,
    status: body?.status ?? (error as { status?: number })?.status ?? null,
  };
};
