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
