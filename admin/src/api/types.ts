/**
 * What the plugin's admin routes answer, as the admin panel reads it (server/src/controllers).
 * Dates arrive as ISO strings.
 */
import type { DriveKind, DrivePresentation, DriveRole } from '../../../shared/drives';

export type { DriveAccess, DriveKind, DriveRole, DriveSyncMode } from '../../../shared/drives';
export type DriveStatus = 'pending' | 'syncing' | 'ok' | 'error' | 'auth_required';

export interface DriveError {
  code?: string;
  message?: string;
  nextStep?: string;
}

export interface SyncProgress {
  runId: number;
  pages: number;
  items: number;
  percent: number | null;
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

export interface DriveItem {
  id: number;
  remoteId: string;
  parentRemoteId: string | null;
  name: string;
  isFolder: boolean;
  size: number | string | null;
  mimeType: string | null;
  webUrl: string | null;
  childCount: number | null;
  remoteModifiedAt: string | null;
  modifiedByName: string | null;
  modifiedByEmail: string | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
}

export interface ChildrenPage {
  results: DriveItem[];
  pagination: Pagination;
}

export interface Breadcrumb {
  remoteId: string;
  name: string | null;
}

export type SortKey = 'name' | 'size' | 'modified' | 'modifiedBy';
export type SortOrder = 'asc' | 'desc';

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

export type LockedField = 'tenantId' | 'clientId' | 'clientSecret';

export interface IntegrationSettings {
  enabled: boolean;
  tenantId: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  clientSecretExpiresAt: string | null;
  /** A secret is stored but sealed under an encryption key the server no longer has. */
  clientSecretUnreadable: boolean;
  personalConnectionsAllowed: boolean;
  downloadsEnabled: boolean;
  restrictSpecialCharacters: boolean;
  syncIntervalMinutes: number;
  allowedSiteIds: string[];
  lockedFields: LockedField[];
  /** Where Microsoft sends the browser back after a personal sign-in (to copy into Entra ID). */
  redirectUri: string;
}

export type IntegrationUpdate = Partial<
  Omit<
    IntegrationSettings,
    'clientSecretSet' | 'clientSecretUnreadable' | 'lockedFields' | 'redirectUri'
  > & {
    clientSecret: string | null;
  }
>;

export interface Site {
  id: string;
  name: string;
  webUrl: string | null;
}

export interface Library {
  id: string;
  name: string;
  webUrl: string | null;
}

export interface AdminRole {
  id: number;
  name: string;
  code?: string;
}

export type ConflictBehavior = 'fail' | 'replace' | 'rename';

export interface UploadStatus {
  uploadId: string;
  mode: 'simple' | 'session';
  size: number;
  nextOffset: number;
  pieceSize: number;
  expiresAt: string;
  item?: DriveItem;
}

export type { EntryUsage, FileUsage } from '../../../shared/external-file';
