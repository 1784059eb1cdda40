/**
 * What the plugin's admin routes answer, as the admin panel reads it (server/src/controllers).
 * Dates arrive as ISO strings.
 */
import type { SyncProgress } from '../../../shared/contracts/sync';
import type { DriveKind, DrivePresentation, DriveRole } from '../../../shared/drives';

export type {
  Breadcrumb,
  ChildrenPage,
  ChildrenQuery,
  ConflictBehavior,
  DriveItem,
  Pagination,
  SortKey,
  SortOrder,
} from '../../../shared/contracts/items';
export type {
  LockedField,
  PublicSettings as IntegrationSettings,
  SettingsUpdate as IntegrationUpdate,
} from '../../../shared/contracts/settings';
export type { SyncProgress } from '../../../shared/contracts/sync';
export type { UploadStatus } from '../../../shared/contracts/uploads';

export type { LibrarySummary as Library, SiteSummary as Site } from '../../../shared/connections';
export type { DriveAccess, DriveKind, DriveRole, DriveSyncMode } from '../../../shared/drives';
export type DriveStatus = 'pending' | 'syncing' | 'ok' | 'error' | 'auth_required';

export interface DriveError {
  code?: string;
  message?: string;
  nextStep?: string;
}

export interface Drive extends DrivePresentation {
  id: number;
  name: string;
  kind: DriveKind;
  scope: 'platform' | 'personal';
  remoteDriveId: string;
  siteId: string | null;
  siteName: string | null;
  webUrl: string | null;
  roles: DriveRole[] | null;
  status: DriveStatus;
  lastSyncAt: string | null;
  lastSuccessfulSyncAt: string | null;
  lastError: DriveError | null;
  itemCount: number | null;
  progress?: SyncProgress | null;
}

export interface SyncRun {
  id: number;
  trigger: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  pages: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsDeleted: number;
  fullEnumeration: boolean;
  error: DriveError | null;
}

export interface ActivityEntry {
  id: number;
  action: string;
  itemName: string | null;
  result: string;
  errorCode?: string | null;
  userName: string | null;
  occurredAt: string;
}

export interface AdminRole {
  id: number;
  name: string;
  code?: string;
}

export type { EntryUsage, FileUsage } from '../../../shared/external-file';
