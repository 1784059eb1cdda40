/**
 * Drives: the list the user may open, one drive, its sync runs and file-operation history, and
 * what changes them. Changing a drive refreshes the list and that drive wherever they are shown.
 */
import type { ActivityEntry, Drive, DriveUpdate, PlatformDriveInput, SyncRun } from '../types';
import { BASE, externalDrivesApi, LIST, TAGS, unwrapData } from '../externalDrivesApi';

const drivePath = (driveId: number) => `${BASE}/drives/${driveId}`;
const driveTag = (id: number | typeof LIST) => ({ type: TAGS.drive, id });

const drivesApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetDrives: build.query<Drive[], void>({
      query: () => `${BASE}/drives`,
      transformResponse: unwrapData<Drive[]>,
      providesTags: (drives = []) => [driveTag(LIST), ...drives.map((drive) => driveTag(drive.id))],
    }),
    externalDrivesGetDrive: build.query<Drive, number>({
      query: (driveId) => drivePath(driveId),
      transformResponse: unwrapData<Drive>,
      providesTags: (_drive, _error, driveId) => [driveTag(driveId)],
    }),
    externalDrivesGetSyncRuns: build.query<SyncRun[], number>({
      query: (driveId) => `${drivePath(driveId)}/runs`,
      transformResponse: unwrapData<SyncRun[]>,
      providesTags: (_runs, _error, driveId) => [driveTag(driveId)],
    }),
    externalDrivesGetActivity: build.query<ActivityEntry[], number>({
      query: (driveId) => `${drivePath(driveId)}/activity`,
      transformResponse: unwrapData<ActivityEntry[]>,
      providesTags: (_entries, _error, driveId) => [
        driveTag(driveId),
        { type: TAGS.items, id: driveId },
      ],
    }),
    externalDrivesCreatePlatformDrive: build.mutation<Drive, PlatformDriveInput>({
      query: (input) => ({ url: `${BASE}/drives`, method: 'POST', data: input }),
      transformResponse: unwrapData<Drive>,
      invalidatesTags: [driveTag(LIST)],
    }),
    externalDrivesUpdateDrive: build.mutation<Drive, DriveUpdate & { driveId: number }>({
      query: ({ driveId, ...input }) => ({ url: drivePath(driveId), method: 'PUT', data: input }),
      transformResponse: unwrapData<Drive>,
      invalidatesTags: (_drive, _error, { driveId }) => [driveTag(driveId)],
    }),
    // Only the list: a screen still showing the removed drive leaves it rather than refetch a 404.
    externalDrivesRemoveDrive: build.mutation<void, number>({
      query: (driveId) => ({ url: drivePath(driveId), method: 'DELETE' }),
      invalidatesTags: [driveTag(LIST)],
    }),
    externalDrivesRequestSync: build.mutation<void, number>({
      query: (driveId) => ({ url: `${drivePath(driveId)}/sync`, method: 'POST', data: {} }),
      invalidatesTags: (_result, _error, driveId) => [driveTag(driveId)],
    }),
  }),
});

export const {
  useExternalDrivesGetDrivesQuery: useDrives,
  useExternalDrivesGetDriveQuery: useDrive,
  useExternalDrivesGetSyncRunsQuery: useSyncRuns,
  useExternalDrivesGetActivityQuery: useActivity,
  useExternalDrivesCreatePlatformDriveMutation: useCreatePlatformDrive,
  useExternalDrivesUpdateDriveMutation: useUpdateDrive,
  useExternalDrivesRemoveDriveMutation: useRemoveDrive,
  useExternalDrivesRequestSyncMutation: useRequestSync,
} = drivesApi;

/**
 * Keeps one drive's cached answer fresh every `intervalMs` (0: not at all) without reading it:
 * the components showing the drive re-render with each answer.
 */
export const usePolledDrive = (driveId: number, intervalMs: number) =>
  drivesApi.endpoints.externalDrivesGetDrive.useQuerySubscription(driveId, {
    pollingInterval: intervalMs,
    skip: intervalMs === 0,
  });

/** The same for the drive list, while one of its drives syncs or waits for its first sync. */
export const usePolledDrives = (intervalMs: number) =>
  drivesApi.endpoints.externalDrivesGetDrives.useQuerySubscription(undefined, {
    pollingInterval: intervalMs,
    skip: intervalMs === 0,
  });

/** A drive is busy while it syncs, and a new one until its first sync has brought its files. */
export const isDriveBusy = (drive: Drive) =>
  drive.status === 'syncing' || drive.status === 'pending' || Boolean(drive.progress);
