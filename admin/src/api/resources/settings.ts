/**
 * The integration's settings (Settings > External Drives), the connection test, Strapi's admin
 * roles for the per-drive grants, and the organisation's sites and libraries to add a drive from
 * (and to name the allowed sites of personal connections).
 */
import type {
  AdminRole,
  AppSiteAccess,
  ConnectionTestResult,
  IntegrationAvailability,
  LibrarySummary,
  PublicSettings,
  SettingsUpdate,
  SiteSummary,
} from '../types';
import { BASE, externalDrivesApi, LIST, TAGS, unwrapData } from '../externalDrivesApi';

const settingsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetSettings: build.query<PublicSettings, void>({
      query: () => `${BASE}/settings`,
      transformResponse: unwrapData<PublicSettings>,
      providesTags: [TAGS.settings],
    }),
    /** What My Files users may know of the integration (the read permission suffices). */
    externalDrivesGetIntegration: build.query<IntegrationAvailability, void>({
      query: () => `${BASE}/integration`,
      transformResponse: unwrapData<IntegrationAvailability>,
      providesTags: [TAGS.settings],
    }),
    // The drives show the sync interval and the Downloads switch: they refresh too.
    externalDrivesUpdateSettings: build.mutation<PublicSettings, SettingsUpdate>({
      query: (update) => ({ url: `${BASE}/settings`, method: 'PUT', data: update }),
      transformResponse: unwrapData<PublicSettings>,
      invalidatesTags: [TAGS.settings, { type: TAGS.drive, id: LIST }],
    }),
    externalDrivesTestConnection: build.mutation<ConnectionTestResult, void>({
      query: () => ({ url: `${BASE}/settings/test-connection`, method: 'POST', data: {} }),
      transformResponse: unwrapData<ConnectionTestResult>,
    }),
    /**
     * Strapi's admin roles, each with whether it holds "Use My Files". The plugin's own route:
     * Strapi's `/admin/roles` needs a permission a drive manager may not hold.
     */
    externalDrivesGetAdminRoles: build.query<AdminRole[], void>({
      query: () => `${BASE}/roles`,
      transformResponse: unwrapData<AdminRole[]>,
    }),
    /** What the app's permissions allow with sites; new credentials (settings) may change it. */
    externalDrivesGetSiteAccess: build.query<AppSiteAccess, void>({
      query: () => `${BASE}/sites/access`,
      transformResponse: unwrapData<AppSiteAccess>,
      providesTags: [TAGS.settings],
    }),
    externalDrivesSearchSites: build.query<SiteSummary[], string>({
      query: (search) => ({ url: `${BASE}/sites`, config: { params: { search } } }),
      transformResponse: unwrapData<SiteSummary[]>,
    }),
    externalDrivesSiteByUrl: build.query<SiteSummary, string>({
      query: (url) => ({ url: `${BASE}/sites/by-url`, config: { params: { url } } }),
      transformResponse: unwrapData<SiteSummary>,
    }),
    /** One site by id: the allowed sites are stored as ids and shown by name. */
    externalDrivesGetSite: build.query<SiteSummary, string>({
      query: (siteId) => `${BASE}/sites/${encodeURIComponent(siteId)}`,
      transformResponse: unwrapData<SiteSummary>,
    }),
    externalDrivesSiteLibraries: build.query<LibrarySummary[], string>({
      query: (siteId) => `${BASE}/sites/${encodeURIComponent(siteId)}/drives`,
      transformResponse: unwrapData<LibrarySummary[]>,
    }),
  }),
});

export const {
  useExternalDrivesGetSettingsQuery: useSettings,
  useExternalDrivesGetIntegrationQuery: useIntegration,
  useExternalDrivesUpdateSettingsMutation: useUpdateSettings,
  useExternalDrivesTestConnectionMutation: useTestConnection,
  useExternalDrivesGetAdminRolesQuery: useAdminRoles,
  useExternalDrivesGetSiteAccessQuery: useSiteAccess,
  useLazyExternalDrivesSearchSitesQuery: useLazySiteSearch,
  useLazyExternalDrivesSiteByUrlQuery: useLazySiteByUrl,
  useLazyExternalDrivesSiteLibrariesQuery: useLazySiteLibraries,
  useExternalDrivesGetSiteQuery: useSite,
} = settingsApi;
