/** Request validation for a drive's library-column choice. */
import { yup } from '@strapi/utils';
import { validateRequest } from './validate';

const names = yup.array().of(yup.string().trim().min(1).max(255).required()).max(200).required();

export const validateLibraryColumnsUpdate = validateRequest(
  yup.object({ kept: names, published: names }).noUnknown().strict()
);
