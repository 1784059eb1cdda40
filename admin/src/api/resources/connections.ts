/**
 * The user's personal Microsoft accounts: the list (and whether another may be connected), signing
 * one out, and the sites and libraries an account can open to add a drive with it.
 */
import type {
  AddLibraryRequest,
  Drive,
  LibrarySummary,
  PersonalConnections,
  SiteQuery,
  SiteSummary,
} from '../types';
import { BASE, externalDrivesApi, LIST, TAGS, unwrapData } from '../externalDrivesApi';

const accountPath = (accountId: number) => `${BASE}/connections/${accountId}`;
// An account's drives come and go with it, and its drive count with them.
const accountsAndDrives = [TAGS.connections, { type: TAGS.drive, id: LIST }] as const;

const connectionsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetConnections: build.query<PersonalConnections, void>({
      query: () => `${BASE}/connections`,
      providesTags: [TAGS.connections],
    }),
    externalDrivesRemoveAccount: build.mutation<void, number>({
      query: (accountId) => ({ url: accountPath(accountId), method: 'DELETE' }),
      invalidatesTags: [...accountsAndDrives],
    }),
    externalDrivesAccountSites: build.query<SiteSummary[], { accountId: number; query: SiteQuery }>(
      {
        query: ({ accountId, query }) => ({
          url: `${accountPath(accountId)}/sites`,
          config: { params: query },
        }),
        transformResponse: unwrapData<SiteSummary[]>,
      }
    ),
    externalDrivesAccountLibraries: build.query<
      LibrarySummary[],
      { accountId: number; siteId: string }
    >({
      query: ({ accountId, siteId }) =>
        `${accountPath(accountId)}/sites/${encodeURIComponent(siteId)}/drives`,
      transformResponse: unwrapData<LibrarySummary[]>,
    }),
    externalDrivesAddAccountLibrary: build.mutation<
      Drive,
      AddLibraryRequest & { accountId: number }
    >({
      query: ({ accountId, ...input }) => ({
        url: `${accountPath(accountId)}/drives`,
        method: 'POST',
        data: input,
      }),
      transformResponse: unwrapData<Drive>,
      invalidatesTags: [...accountsAndDrives],
    }),
  }),
});

export const {
  useExternalDrivesGetConnectionsQuery: usePersonalConnections,
  useExternalDrivesRemoveAccountMutation: useRemoveAccount,
  useLazyExternalDrivesAccountSitesQuery: useLazyAccountSites,
  useLazyExternalDrivesAccountLibrariesQuery: useLazyAccountLibraries,
  useExternalDrivesAddAccountLibraryMutation: useAddAccountLibrary,
} = connectionsApi;
