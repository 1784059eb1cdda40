/** Request bodies of the file routes, checked before the service sees them. */
import { yup } from '@strapi/utils';
import { badRequest } from '../../files/errors';
import { CONFLICT_BEHAVIORS, type ConflictBehavior } from '../../../../shared/contracts/items';

const conflictBehavior = yup.mixed<ConflictBehavior>().oneOf([...CONFLICT_BEHAVIORS]);

const schemas = {
  startUpload: yup.object({
    parentId: yup.string().required(),
    name: yup.string().required(),
    size: yup.number().integer().min(0).required(),
    conflictBehavior: conflictBehavior.default('fail' as ConflictBehavior).required(),
  }),
  update: yup
    .object({ name: yup.string(), parentId: yup.string() })
    .test('one-change', 'Give a new name or a new parentId', (value) =>
      Boolean(value?.name || value?.parentId)
    ),
  createFolder: yup.object({
    parentId: yup.string().required(),
    name: yup.string().required(),
    conflictBehavior: conflictBehavior.default('fail' as ConflictBehavior).required(),
  }),
};

type Schemas = typeof schemas;

export function validateFiles<K extends keyof Schemas>(
  kind: K,
  body: unknown
): yup.InferType<Schemas[K]> {
  try {
    // Strings are not trimmed: a trailing space is a name rule with its own message.
    return schemas[kind].validateSync(body ?? {}, {
      abortEarly: true,
      stripUnknown: true,
    }) as yup.InferType<Schemas[K]>;
  } catch (error) {
    throw badRequest((error as Error).message);
  }
}
