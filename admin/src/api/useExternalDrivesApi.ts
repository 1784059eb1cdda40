/**
 * Every call the admin panel makes to the plugin's admin routes, through Strapi's fetch client
 * (its token, its refresh, its error shape). PATCH and raw-byte bodies are not offered by that
 * client, so those go through `authorizedFetch` with the same token.
 */
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type {
  ConnectedAccount,
  PersonalConnectionsMeta,
  SignInStart,
} from '../../../shared/connections';
import type { ExternalFile, ExternalFileReference } from '../../../shared/external-file';
import { PLUGIN_ID } from '../pluginId';
import type {
  ActivityEntry,
  AdminRole,
  Breadcrumb,
  ChildrenPage,
  ConflictBehavior,
  Drive,
  DriveKind,
  DriveRole,
  DriveItem,
  FileUsage,
  IntegrationSettings,
  IntegrationUpdate,
  Library,
  Site,
  SortKey,
  SortOrder,
  SyncRun,
  UploadStatus,
} from './types';

export const BASE = `/${PLUGIN_ID}`;

export interface ChildrenRequest {
  parentId?: string;
  page: number;
  pageSize: number;
  sort: SortKey;
  order: SortOrder;
  filter?: string;
}

/** The error shape Strapi answers with, as both clients surface it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly payload: unknown
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const backendUrl = () =>
  (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;

export const useExternalDrivesApi = () => {
  const { get, post, put, del } = useFetchClient();
  const token = useAuth('ExternalDrives', (auth) => auth.token);

  return useMemo(() => {
    const authorizedFetch = async (path: string, init: RequestInit) => {
      const response = await fetch(`${backendUrl()}${path}`, {
        ...init,
        credentials: 'include',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
      });
      const body = response.status === 204 ? {} : await response.json().catch(() => ({}));
      if (!response.ok) {
        const message =
          (body as { error?: { message?: string } }).error?.message ?? response.statusText;
        throw new ApiError(message, response.status, body);
      }
      return body as { data: unknown };
    };

    const drivePath = (driveId: number) => `${BASE}/drives/${driveId}`;
    const personalConnections = async () =>
      (
        await get<{ data: ConnectedAccount[]; meta: PersonalConnectionsMeta }>(
          `${BASE}/connections`
        )
      ).data;

    return {
      token,
      authorizedFetch,

      listDrives: async () => (await get<{ data: Drive[] }>(`${BASE}/drives`)).data.data,
      getDrive: async (driveId: number) =>
        (await get<{ data: Drive }>(drivePath(driveId))).data.data,
      createPlatformDrive: async (input: {
        siteId: string;
        driveId: string;
        name?: string;
        roles: DriveRole[];
      }) => (await post<{ data: Drive }>(`${BASE}/drives`, input)).data.data,
      updateDrive: async (driveId: number, input: { name?: string; roles?: DriveRole[] }) =>
        (await put<{ data: Drive }>(drivePath(driveId), input)).data.data,
      removeDrive: async (driveId: number) => {
        await del(drivePath(driveId));
      },
      requestSync: async (driveId: number) => {
        await post(`${drivePath(driveId)}/sync`, {});
      },
      listRuns: async (driveId: number) =>
        (await get<{ data: SyncRun[] }>(`${drivePath(driveId)}/runs`)).data.data,
      listActivity: async (driveId: number) =>
        (await get<{ data: ActivityEntry[] }>(`${drivePath(driveId)}/activity`)).data.data,

      children: async (driveId: number, request: ChildrenRequest) =>
        (
          await get<ChildrenPage>(`${drivePath(driveId)}/children`, {
            params: Object.fromEntries(
              Object.entries(request).filter(([, value]) => value !== undefined && value !== '')
            ),
          })
        ).data,
      breadcrumbs: async (driveId: number, itemId: string) =>
        (
          await get<{ data: Breadcrumb[] }>(`${drivePath(driveId)}/breadcrumbs`, {
            params: { itemId },
          })
        ).data.data,

      createFolder: async (driveId: number, parentId: string, name: string) =>
        (
          await post<{ data: DriveItem }>(`${drivePath(driveId)}/folders`, {
            parentId,
            name,
            conflictBehavior: 'fail',
          })
        ).data.data,
      updateItem: async (
        driveId: number,
        itemId: string,
        change: { name?: string; parentId?: string }
      ) =>
        (
          await authorizedFetch(`${drivePath(driveId)}/items/${encodeURIComponent(itemId)}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(change),
          })
        ).data as DriveItem,
      removeItem: async (driveId: number, itemId: string) => {
        await del(`${drivePath(driveId)}/items/${encodeURIComponent(itemId)}`);
      },
      downloadItem: async (driveId: number, itemId: string) =>
        (
          await get<Blob>(`${drivePath(driveId)}/items/${encodeURIComponent(itemId)}/content`, {
            responseType: 'blob',
          })
        ).data,
      downloadUrl: (driveId: number, itemId: string) =>
        `${drivePath(driveId)}/items/${encodeURIComponent(itemId)}/content`,

      startUpload: async (
        driveId: number,
        input: { parentId: string; name: string; size: number; conflictBehavior: ConflictBehavior }
      ) => (await post<{ data: UploadStatus }>(`${drivePath(driveId)}/uploads`, input)).data.data,
      uploadStatus: async (driveId: number, uploadId: string) =>
        (await get<{ data: UploadStatus }>(`${drivePath(driveId)}/uploads/${uploadId}`)).data.data,
      cancelUpload: async (driveId: number, uploadId: string) => {
        await del(`${drivePath(driveId)}/uploads/${uploadId}`);
      },
      uploadPieceUrl: (driveId: number, uploadId: string) =>
        `${backendUrl()}${drivePath(driveId)}/uploads/${uploadId}`,

      searchItems: async (driveId: number, text: string) =>
        (
          await get<{ data: DriveItem[] }>(`${drivePath(driveId)}/search`, {
            params: { q: text },
          })
        ).data.data,

      /** What an External file field holds, as this admin may see it. */
      describeFiles: async (references: ExternalFileReference[]) =>
        (
          await post<{ data: ExternalFile[] }>(`${BASE}/external-files/describe`, {
            references,
          })
        ).data.data,
      /** How many entries use each of these files: { [itemId]: count }. */
      usageCounts: async (driveId: number, itemIds: string[]) =>
        (
          await get<{ data: Record<string, number> }>(`${drivePath(driveId)}/usage`, {
            params: { itemIds: itemIds.join(',') },
          })
        ).data.data,
      usage: async (driveId: number, itemId: string) =>
        (
          await get<{ data: FileUsage }>(
            `${drivePath(driveId)}/items/${encodeURIComponent(itemId)}/usage`
          )
        ).data.data,
      copyToMediaLibrary: async (driveId: number, itemId: string) =>
        (
          await post<{ data: { id: number; name: string; url: string } }>(
            `${drivePath(driveId)}/items/${encodeURIComponent(itemId)}/copy-to-media-library`,
            {}
          )
        ).data.data,

      getSettings: async () =>
        (await get<{ data: IntegrationSettings }>(`${BASE}/settings`)).data.data,
      updateSettings: async (update: IntegrationUpdate) =>
        (await put<{ data: IntegrationSettings }>(`${BASE}/settings`, update)).data.data,
      testConnection: async () =>
        (
          await post<{ data: { ok: boolean; site: Site | null } }>(
            `${BASE}/settings/test-connection`,
            {}
          )
        ).data.data,
      searchSites: async (search: string) =>
        (await get<{ data: Site[] }>(`${BASE}/sites`, { params: { search } })).data.data,
      siteByUrl: async (url: string) =>
        (await get<{ data: Site }>(`${BASE}/sites/by-url`, { params: { url } })).data.data,
      siteLibraries: async (siteId: string) =>
        (await get<{ data: Library[] }>(`${BASE}/sites/${encodeURIComponent(siteId)}/drives`)).data
          .data,

      /**
       * Starts a personal sign-in with Microsoft: the answer's URL is where the browser goes next;
       * the response also sets the cookie binding the sign-in to this browser (hence `include`).
       */
      startSignIn: async (kind: DriveKind) =>
        (
          await authorizedFetch(`${BASE}/connections`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ kind }),
          })
        ).data as SignInStart,
      listAccounts: async () => (await personalConnections()).data,
      /** The user's accounts, and whether connecting another one is offered. */
      personalConnections,
      removeAccount: async (accountId: number) => {
        await del(`${BASE}/connections/${accountId}`);
      },
      accountSites: async (accountId: number, query: { search: string } | { url: string }) =>
        (
          await get<{ data: Site[] }>(`${BASE}/connections/${accountId}/sites`, {
            params: query,
          })
        ).data.data,
      accountLibraries: async (accountId: number, siteId: string) =>
        (
          await get<{ data: Library[] }>(
            `${BASE}/connections/${accountId}/sites/${encodeURIComponent(siteId)}/drives`
          )
        ).data.data,
      addAccountLibrary: async (
        accountId: number,
        input: { siteId: string; driveId: string; name?: string }
      ) =>
        (await post<{ data: Drive }>(`${BASE}/connections/${accountId}/drives`, input)).data.data,

      /** Strapi's own admin roles, for the per-drive role grants. */
      listAdminRoles: async () => (await get<{ data: AdminRole[] }>('/admin/roles')).data.data,
    };
  }, [get, post, put, del, token]);
};

export type ExternalDrivesApi = ReturnType<typeof useExternalDrivesApi>;
