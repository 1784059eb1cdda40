/**
 * Drives as the server's services pass them around. Kept apart from the drives service so that the
 * services below it (connections) can name them without importing it.
 */
import type { DrivePresentation, PlatformDriveInput } from '../../../shared/contracts/drives';
import type { DriveRow } from './table';

export type { PlatformDriveInput };

export interface PersonalDriveInput {
  ownerId: number;
  accountId: number;
  kind: 'onedrive' | 'sharepoint';
  remoteDriveId: string;
  name: string;
  siteId?: string;
  siteName?: string;
  webUrl?: string | null;
  /** One folder of the library instead of all of it (see drives/folder-choice.ts). */
  folderItemId?: string | null;
  folderPath?: string | null;
  libraryName?: string | null;
}

/** A drive as the admin routes answer with it. */
export type PresentedDrive = DriveRow & DrivePresentation;
