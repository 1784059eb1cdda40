/**
 * The integration's settings (Settings > External Drives), the connection test, Strapi's admin
 * roles for the per-drive grants, and the organisation's sites and libraries to add a drive from.
 */
import type { AdminRole, IntegrationSettings, IntegrationUpdate, Library, Site } from '../types';
import { BASE, externalDrivesApi, LIST, TAGS, unwrapData } from '../externalDrivesApi';

const settingsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetSettings: build.query<IntegrationSettings, void>({
      query: () => `${BASE}/settings`,
      transformResponse: unwrapData<IntegrationSettings>,
      providesTags: [TAGS.settings],
    }),
    // The drives show the sync interval and the Downloads switch: they refresh too.
    externalDrivesUpdateSettings: build.mutation<IntegrationSettings, IntegrationUpdate>({
      query: (update) => ({ url: `${BASE}/settings`, method: 'PUT', data: update }),
      transformResponse: unwrapData<IntegrationSettings>,
      invalidatesTags: [TAGS.settings, { type: TAGS.drive, id: LIST }],
    }),
    externalDrivesTestConnection: build.mutation<{ ok: boolean; site: Site | null }, void>({
      query: () => ({ url: `${BASE}/settings/test-connection`, method: 'POST', data: {} }),
      transformResponse: unwrapData<{ ok: boolean; site: Site | null }>,
    }),
    /** Strapi's own admin roles. */
    externalDrivesGetAdminRoles: build.query<AdminRole[], void>({
      query: () => '/admin/roles',
      transformResponse: unwrapData<AdminRole[]>,
    }),
    externalDrivesSearchSites: build.query<Site[], string>({
      query: (search) => ({ url: `${BASE}/sites`, config: { params: { search } } }),
      transformResponse: unwrapData<Site[]>,
    }),
    externalDrivesSiteByUrl: build.query<Site, string>({
      query: (url) => ({ url: `${BASE}/sites/by-url`, config: { params: { url } } }),
      transformResponse: unwrapData<Site>,
    }),
    externalDrivesSiteLibraries: build.query<Library[], string>({
      query: (siteId) => `${BASE}/sites/${encodeURIComponent(siteId)}/drives`,
      transformResponse: unwrapData<Library[]>,
    }),
  }),
});

export const {
  useExternalDrivesGetSettingsQuery: useSettings,
  useExternalDrivesUpdateSettingsMutation: useUpdateSettings,
  useExternalDrivesTestConnectionMutation: useTestConnection,
  useExternalDrivesGetAdminRolesQuery: useAdminRoles,
  useLazyExternalDrivesSearchSitesQuery: useLazySiteSearch,
  useLazyExternalDrivesSiteByUrlQuery: useLazySiteByUrl,
  useLazyExternalDrivesSiteLibrariesQuery: useLazySiteLibraries,
} = settingsApi;
