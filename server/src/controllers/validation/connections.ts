/** Request validation for personal connections: a bad value is refused naming the field. */
import { yup } from '@strapi/utils';
import { validateRequest } from './validate';

export const validateStartConnection = validateRequest(
  yup
    .object({
      kind: yup.string().oneOf(['onedrive', 'sharepoint']).required(),
      // Where the admin panel was; ignored by the server, which always returns to My Files.
      returnTo: yup.string().max(2000),
    })
    .noUnknown()
    .strict()
);

export const validateSiteQuery = validateRequest(
  yup.object({ search: yup.string().max(200), url: yup.string().max(2000) }),
  { strict: false }
);

export const validateAddLibrary = validateRequest(
  yup
    .object({
      siteId: yup.string().trim().required().max(500),
      driveId: yup.string().trim().required().max(500),
      name: yup.string().trim().max(200),
      folderId: yup.string().trim().min(1).max(500),
      folderUrl: yup.string().trim().min(1).max(2000),
    })
    .noUnknown()
    .strict()
);
