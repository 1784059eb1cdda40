/**
 * Request validation for the drives, settings and site routes: a bad value is refused with a
 * message naming the field, before anything is read or written.
 */
import { yup } from '@strapi/utils';
import { validateRequest } from './validate';
import { SYNC_INTERVAL_RANGE } from '../../config';
import { SORT_KEYS } from '../../../../shared/contracts/items';
import { ZIP_LIMITS } from '../../../../shared/zip-limits';
import { DRIVE_LINK_SCOPES } from '../../../../shared/contracts/sharing-links';

const roles = yup.array().of(
  yup.object({
    roleId: yup.number().integer().positive().required(),
    access: yup.string().oneOf(['read', 'write']).required(),
  })
);

export const validateCreatePlatformDrive = validateRequest(
  yup
    .object({
      siteId: yup.string().trim().required().max(500),
      driveId: yup.string().trim().required().max(500),
      name: yup.string().trim().max(200),
      // One folder of the library instead of all of it: by id (browsed) or by URL (pasted).
      folderId: yup.string().trim().min(1).max(500),
      folderUrl: yup.string().trim().min(1).max(2000),
      roles,
    })
    .noUnknown()
    .strict()
);

export const validateUpdateDrive = validateRequest(
  yup
    .object({
      name: yup.string().trim().min(1).max(200),
      roles,
      linkScope: yup.string().oneOf([...DRIVE_LINK_SCOPES]),
    })
    .noUnknown()
    .strict()
);

export const validateChildrenQuery = validateRequest(
  yup.object({
    parentId: yup.string().max(500),
    page: yup.number().integer().min(1).default(1),
    pageSize: yup.number().integer().min(1).max(500).default(100),
    sort: yup
      .string()
      .oneOf([...SORT_KEYS])
      .default('name'),
    order: yup.string().oneOf(['asc', 'desc']).default('asc'),
    filter: yup.string().max(200),
  }),
  // Query strings arrive as text: let yup cast '2' to 2 here.
  { strict: false }
);

export const validateSearchQuery = validateRequest(
  yup.object({
    q: yup.string().max(200).default(''),
    // A kept library column and the text its value contains (checked against the drive later).
    column: yup.string().trim().min(1).max(255),
    value: yup
      .string()
      .max(200)
      .when('column', {
        is: (column: unknown) => Boolean(column),
        then: (schema) => schema.trim().required('value is required with column'),
      }),
    page: yup.number().integer().min(1).default(1),
    pageSize: yup.number().integer().min(1).max(200).default(50),
  }),
  { strict: false }
);

export const validateSettingsUpdate = validateRequest(
  yup
    .object({
      enabled: yup.boolean(),
      tenantId: yup.string().trim().nullable().max(200),
      clientId: yup.string().trim().nullable().max(200),
      clientSecret: yup.string().nullable().max(1000),
      clientCredential: yup.string().oneOf(['secret', 'certificate']),
      // PEM text: a certificate with its chain, a 4096-bit key; far below this.
      clientCertificate: yup
        .string()
        .nullable()
        .max(64 * 1024),
      clientPrivateKey: yup
        .string()
        .nullable()
        .max(16 * 1024),
      clientSecretExpiresAt: yup
        .string()
        .nullable()
        .matches(/^\d{4}-\d{2}-\d{2}/, {
          message: 'clientSecretExpiresAt must be a date (YYYY-MM-DD)',
          excludeEmptyString: true,
        }),
      personalConnectionsAllowed: yup.boolean(),
      downloadsEnabled: yup.boolean(),
      // null: follow Downloads.
      sharingLinksEnabled: yup.boolean().nullable(),
      rejectDiscouragedCharacters: yup.boolean(),
      zipMaxMegabytes: yup
        .number()
        .integer()
        .min(ZIP_LIMITS.maxMegabytes.min)
        .max(ZIP_LIMITS.maxMegabytes.max),
      zipMaxFiles: yup.number().integer().min(ZIP_LIMITS.maxFiles.min).max(ZIP_LIMITS.maxFiles.max),
      syncIntervalMinutes: yup
        .number()
        .integer()
        .min(SYNC_INTERVAL_RANGE.min)
        .max(SYNC_INTERVAL_RANGE.max),
      allowedSiteIds: yup.array().of(yup.string().required()),
    })
    .noUnknown()
    .strict()
);

/** `GET .../drives/:driveId/folders?parentId=`: one level of the folder picker. */
export const validateFolderQuery = validateRequest(
  yup.object({ parentId: yup.string().trim().min(1).max(500) }).noUnknown(),
  { strict: false }
);
