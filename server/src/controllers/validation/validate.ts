/**
 * Strapi's `validateYupSchema`, with one change: when several fields are wrong at once, the
 * message names each problem ("siteId must be a `string` type…; driveId must be…") instead of
 * yup's "2 errors occurred", which is all the admin panel would show. `details.errors` is kept.
 */
import { errors, validateYupSchema } from '@strapi/utils';

type Schema = Parameters<typeof validateYupSchema>[0];
type Options = Parameters<typeof validateYupSchema>[1];

export function validateRequest(schema: Schema, options?: Options) {
  const validate = validateYupSchema(schema, options);
  return async (body: unknown, errorMessage?: string) => {
    try {
      return await validate(body, errorMessage);
    } catch (error) {
      if (error instanceof errors.YupValidationError && !errorMessage) {
        const problems = ((error.details as { errors?: Array<{ message?: string }> }).errors ?? [])
          .map((problem) => problem.message)
          .filter(Boolean);
        if (problems.length > 1) error.message = problems.join('; ');
      }
      throw error;
    }
  };
}
