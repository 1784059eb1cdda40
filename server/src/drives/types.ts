/**
 * Drives as the server's services pass them around. Kept apart from the drives service so that the
 * services below it (connections) can name them without importing it.
 */
import type { DrivePresentation, DriveRole } from '../../../shared/drives';
import type { DriveRow } from '../files/rows';

export type { DriveRole };

export interface PlatformDriveInput {
  siteId: string;
  driveId: string;
  name?: string;
  roles?: DriveRole[];
}

export interface PersonalDriveInput {
  ownerId: number;
  accountId: number;
  kind: 'onedrive' | 'sharepoint';
  remoteDriveId: string;
  name: string;
  siteId?: string;
  siteName?: string;
  webUrl?: string | null;
}

export type DriveRecord = DriveRow & { roles?: DriveRole[] | null; [key: string]: unknown };

/** A drive as the admin routes answer with it. */
export type PresentedDrive = DriveRecord & DrivePresentation;
