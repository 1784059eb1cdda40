/**
 * What the connections API exchanges with the admin panel: sites and libraries to pick from, and
 * the signed-in Microsoft accounts of the current user (never their tokens).
 */
import type { DriveKind } from './drives';

export interface SiteSummary {
  id: string;
  name: string;
  webUrl: string | null;
}

export interface LibrarySummary {
  id: string;
  name: string;
  webUrl: string | null;
}

export interface ConnectedAccount {
  id: number;
  username: string | null;
  displayName: string | null;
  status: 'connected' | 'auth_required';
  driveCount: number;
  createdAt: string;
}

/** What `GET /connections` answers besides the accounts: whether a new sign-in is offered. */
export interface PersonalConnectionsMeta {
  /** The integration is on and the admin allows personal connections. */
  allowed: boolean;
}

/** `GET /connections`. */
export interface PersonalConnections {
  data: ConnectedAccount[];
  meta: PersonalConnectionsMeta;
}

/** `POST /connections`: sign in to a OneDrive or to SharePoint (a library is picked next). */
export interface StartConnectionRequest {
  kind: DriveKind;
  /** Where the admin panel was; ignored by the server, which always returns to My Files. */
  returnTo?: string;
}

/** The query of `GET /connections/:accountId/sites`: by name, or the site at a URL. */
export type SiteQuery = { search: string } | { url: string };

/** `POST /connections/:accountId/drives`: a library the account reaches, as a personal drive. */
export interface AddLibraryRequest {
  siteId: string;
  driveId: string;
  name?: string;
  /** One folder of the library instead of all of it: its item id, or its URL (not both). */
  folderId?: string;
  folderUrl?: string;
}

/** The answer to "connect": where to send the browser to sign in with Microsoft. */
export interface SignInStart {
  authorizationUrl: string;
  expiresAt: string;
}

/**
 * Query parameters the OAuth callback adds when it sends the browser back to My Files:
 * `connected` (the new drive's id) or `account` (pick a SharePoint library next), or `error`
 * (an error code of shared/errors.ts).
 */
export const CALLBACK_RESULT_PARAMS = ['connected', 'account', 'error'] as const;
