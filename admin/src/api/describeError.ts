/**
 * Turns a failed call into what the user reads: the server's mapped message and next step
 * (`error.details.code` / `nextStep`, see shared/errors.ts), whichever client raised it, in the
 * user's language where the panel has a translation for it.
 */
import { ERROR_DESCRIPTIONS, type ErrorCode } from '../../../shared/errors';
import type { Translate } from '../hooks/useT';

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

/**
 * The `error` of Strapi's answer: inside the body a client kept (`payload`, `response.data`), or
 * the error itself, as Strapi's query layer hands it to a failed query or mutation.
 */
const errorBodyOf = (error: unknown): StrapiErrorBody['error'] => {
  const candidate = error as { response?: { data?: unknown }; payload?: unknown };
  const body = (candidate?.payload ?? candidate?.response?.data) as StrapiErrorBody | undefined;
  if (body) return body.error;
  const bare = error as StrapiErrorBody['error'] & { name?: string };
  return bare && typeof bare === 'object' && 'details' in bare ? bare : undefined;
};

const standardWording = (code: string | null | undefined) =>
  code && code in ERROR_DESCRIPTIONS ? ERROR_DESCRIPTIONS[code as ErrorCode] : null;

export const describeError = (error: unknown): DescribedError => {
  const body = errorBodyOf(error);
  const code = body?.details?.code ?? null;
  const known = standardWording(code);
  return {
    code,
    message: body?.message ?? known?.message ?? (error as Error)?.message ?? 'Unexpected error',
    nextStep: body?.details?.nextStep ?? known?.nextStep ?? null,
    status: body?.status ?? (error as { status?: number })?.status ?? null,
  };
};

/** The translation keys of an error code's standard wording (translations/en.json). */
export const errorMessageKey = (code: string) => `error.${code}.message`;
export const errorNextStepKey = (code: string) => `error.${code}.nextStep`;

/**
 * An error in the user's language: where the server used its code's standard wording, the
 * panel's translation of it; a specific wording (one that names a character, a size, a file) is
 * kept as the server wrote it, since it carries what the standard one cannot.
 */
export function translateError<
  T extends { code?: string | null; message?: string; nextStep?: string | null },
>(error: T, t: Translate): T {
  const known = standardWording(error.code);
  if (!known || !error.code) return error;
  return {
    ...error,
    message:
      error.message === known.message
        ? t(errorMessageKey(error.code), known.message)
        : error.message,
    nextStep:
      known.nextStep && error.nextStep === known.nextStep
        ? t(errorNextStepKey(error.code), known.nextStep)
        : error.nextStep,
  };
}

/**
 * A code's standard wording in the user's language, for what the panel says before the server is
 * asked (a disabled action's hint, the integration banner): the same text the server would send.
 */
export const standardError = (code: ErrorCode, t: Translate) => {
  const wording: { message: string; nextStep?: string } = ERROR_DESCRIPTIONS[code];
  return translateError({ code, message: wording.message, nextStep: wording.nextStep ?? null }, t);
};
