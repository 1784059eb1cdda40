/**
 * A drive's library columns: those SharePoint offers, those kept, those published. Saving
 * refreshes the drive (its choice) and its listings (their values).
 */
import type {
  LibraryColumnsUpdate,
  LibraryColumnsView,
} from '../../../../shared/contracts/library-columns';
import { BASE, externalDrivesApi, TAGS, unwrapData } from '../externalDrivesApi';

const columnsPath = (driveId: number) => `${BASE}/drives/${driveId}/library-columns`;

const libraryColumnsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetLibraryColumns: build.query<LibraryColumnsView, number>({
      query: (driveId) => columnsPath(driveId),
      transformResponse: unwrapData<LibraryColumnsView>,
      providesTags: (_view, _error, driveId) => [{ type: TAGS.drive, id: driveId }],
    }),
    externalDrivesSaveLibraryColumns: build.mutation<
      LibraryColumnsView,
      LibraryColumnsUpdate & { driveId: number }
    >({
      query: ({ driveId, ...input }) => ({
        url: columnsPath(driveId),
        method: 'PUT',
        data: input,
      }),
      transformResponse: unwrapData<LibraryColumnsView>,
      invalidatesTags: (_view, _error, { driveId }) => [
        { type: TAGS.drive, id: driveId },
        { type: TAGS.items, id: driveId },
      ],
    }),
  }),
});

export const {
  useExternalDrivesGetLibraryColumnsQuery: useLibraryColumns,
  useExternalDrivesSaveLibraryColumnsMutation: useSaveLibraryColumns,
} = libraryColumnsApi;
