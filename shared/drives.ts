/**
 * Drives as both sides name them: the server stores and checks these, the admin panel shows and
 * edits them.
 */
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
  /** The scheduled delta sync: the only sync in polling mode, the fallback with notifications. */
  syncIntervalMinutes: number;
  /** The integration's Downloads switch: the panel hides the action, the server refuses anyway. */
  downloadsEnabled: boolean;
}
