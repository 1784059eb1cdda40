/** "Copy link": the server asks Microsoft 365 for a view link to an item (or gets the one it has). */
import type { SharingLink } from '../../../../shared/contracts/sharing-links';
import { externalDrivesApi, unwrapData } from '../externalDrivesApi';
import { itemPath } from './items';

const sharingLinksApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesCreateSharingLink: build.mutation<
      SharingLink,
      { driveId: number; itemId: string }
    >({
      query: (item) => ({ url: `${itemPath(item)}/link`, method: 'POST', data: {} }),
      transformResponse: unwrapData<SharingLink>,
    }),
  }),
});

export const { useExternalDrivesCreateSharingLinkMutation: useCreateSharingLink } = sharingLinksApi;
