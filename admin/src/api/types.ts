/**
 * What the plugin's admin routes answer and accept, as the admin panel reads them: the wire
 * contract is declared once in shared/contracts (the server answers with the same types); this
 * module gathers it for the panel's imports. Dates arrive as ISO strings.
 */
export type {
  ConnectedAccount,
  LibrarySummary,
  PersonalConnections,
  SiteQuery,
  SiteSummary,
  AddLibraryRequest,
} from '../../../shared/contracts/connections';
export type {
  ActivityEntry,
  Drive,
  DriveAccess,
  DriveError,
  DriveKind,
  DriveRole,
  DriveStatus,
  DriveSyncMode,
  DriveUpdate,
  PlatformDriveInput,
  SyncRun,
} from '../../../shared/contracts/drives';
export type {
  CopyToMediaLibraryRequest,
  DescribeFilesRequest,
  EntryUsage,
  FileUsage,
  MediaLibraryCopy,
  UsageCounts,
} from '../../../shared/contracts/editors';
export type {
  Breadcrumb,
  ChildrenPage,
  ChildrenQuery,
  ConflictBehavior,
  CreateFolderRequest,
  DriveItem,
  ItemChange,
  Pagination,
  SearchPage,
  SearchQuery,
  SearchResult,
  SortKey,
  SortOrder,
} from '../../../shared/contracts/items';
export type {
  AppSiteAccess,
  ConnectionTestResult,
  IntegrationAvailability,
  LockedField,
  ClientCertificateSummary,
  ClientCredentialKind,
  PublicSettings,
  SettingsUpdate,
} from '../../../shared/contracts/settings';
export type { SyncProgress } from '../../../shared/contracts/sync';
export type { StartUploadRequest, UploadStatus } from '../../../shared/contracts/uploads';

/**
 * Strapi's admin roles as the plugin's `GET /roles` answers them: each says whether it holds "Use
 * My Files", without which a drive granted to it shows its users nothing.
 */
export type { RoleSummary as AdminRole } from '../../../shared/contracts/roles';
