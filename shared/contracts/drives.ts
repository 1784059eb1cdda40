/**
 * Drives on the wire: what the drive routes answer (a drive, its sync runs, its file-operation
 * history) and what they accept (a new platform drive, a change). The server stores and checks
 * these, the admin panel shows and edits them. Dates are ISO strings.
 */
import type { DriveLinkScope, SharingLinkScope } from './sharing-links';
import type { LibraryColumnChoice } from './library-columns';
import type { SyncProgress, SyncTrigger } from './sync';

export type DriveKind = 'sharepoint' | 'onedrive';

/** What a role may do on a platform drive: browse and download, or change files too. */
export type DriveAccess = 'read' | 'write';

/** One role a platform drive is shown to, as stored on the drive (`drive.roles`). */
export interface DriveRole {
  roleId: number;
  access: DriveAccess;
}

/**
 * How a drive is kept in step with Microsoft 365: Graph change notifications while its
 * subscription is live (near real time), or scheduled delta sync alone.
 */
export type DriveSyncMode = 'notifications' | 'polling';

/** What the drive routes add to a stored drive when they answer with it. */
export interface DrivePresentation {
  syncMode: DriveSyncMode;
  /** The integration's sync interval (Settings), whatever the drive's mode. */
  syncIntervalMinutes: number;
  /**
   * How often the schedule syncs this drive: the interval in polling mode; with notifications, the
   * safety net for a notification Graph never sent (hourly, or the interval when longer).
   */
  scheduledSyncMinutes: number;
  /** The integration's Downloads switch: the panel hides the action, the server refuses anyway. */
  downloadsEnabled: boolean;
}

/** Platform drives are added by drive managers for roles; personal ones belong to one user. */
export type DriveScope = 'platform' | 'personal';

/**
 * `pending` until the first sync; `auth_required` when the sign-in behind the drive lapsed;
 * `folder_deleted` when the one folder the drive follows was deleted in Microsoft 365 (its rows and
 * history stay, it is not synced until the folder is back).
 */
export type DriveStatus =
  'pending' | 'syncing' | 'ok' | 'error' | 'auth_required' | 'folder_deleted';

/** The last failure of a drive or a run, as the user is told it (codes of shared/errors.ts). */
export interface DriveError {
  code?: string;
  message?: string;
  nextStep?: string;
}

/** One drive as `GET /drives` and `GET /drives/:id` answer it. */
export interface Drive extends DrivePresentation {
  /** The scope "Copy link" creates links with; null when links are off (switch or drive). */
  sharingLinkScope: SharingLinkScope | null;
  id: number;
  name: string;
  kind: DriveKind;
  scope: DriveScope;
  remoteDriveId: string;
  siteId: string | null;
  siteName: string | null;
  webUrl: string | null;
  /** The folder the drive is limited to (its remote item id), or null for the whole library. */
  folderItemId?: string | null;
  /** That folder's path in the library ("HR/Policies"), kept up to date by sync. */
  folderPath?: string | null;
  /** The library's name ("Documents"), shown before the folder's path. */
  libraryName?: string | null;
  roles: DriveRole[] | null;
  /** Platform drives: the links allowed (null on drives connected before links: organization). */
  linkScope: DriveLinkScope | null;
  status: DriveStatus;
  lastSyncAt: string | null;
  lastSuccessfulSyncAt: string | null;
  lastError: DriveError | null;
  itemCount: number | null;
  /** The library columns the drive keeps and publishes (null: none). */
  libraryColumns?: LibraryColumnChoice | null;
  /** While it syncs (`GET /drives/:id` only). */
  progress?: SyncProgress | null;
}

/** `POST /drives`: a SharePoint library for the roles named (none: drive managers only). */
export interface PlatformDriveInput {
  siteId: string;
  driveId: string;
  /** One folder of the library instead of all of it: its item id (from the folder picker)… */
  folderId?: string;
  /** …or its SharePoint URL, resolved through Graph. At most one of the two. */
  folderUrl?: string;
  name?: string;
  roles?: DriveRole[];
}

/** `PUT /drives/:id`. */
export interface DriveUpdate {
  name?: string;
  roles?: DriveRole[];
  /** Platform drives only. */
  linkScope?: DriveLinkScope;
}

/** `POST /drives/:id/sync` without `?wait=true`: the request is queued, merged with a waiting one. */
export interface SyncRequested {
  queued: true;
  progress: SyncProgress | null;
}

export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One run of `GET /drives/:id/runs`, newest first. */
export interface SyncRun {
  id: number;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  pages: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsDeleted: number;
  fullEnumeration: boolean;
  error: DriveError | null;
}

/** The file operations the activity history records. */
export type ActivityAction =
  | 'upload'
  | 'rename'
  | 'move'
  | 'delete'
  | 'createFolder'
  | 'restoreVersion'
  /** A sharing link made: "Copy link", or a file published as a link in content. */
  | 'createLink';

/** One entry of `GET /drives/:id/activity`, newest first. */
export interface ActivityEntry {
  id: number;
  action: ActivityAction;
  itemName: string | null;
  result: 'succeeded' | 'failed';
  errorCode?: string | null;
  userName: string | null;
  occurredAt: string;
}
