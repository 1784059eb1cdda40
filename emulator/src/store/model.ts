import type { KeyObject } from 'node:crypto';
import type { GeneratedContent } from '../content/generated-content';
import type { ChangeIndex } from './change-index';
import type { LibraryList } from './list-columns';

export interface Tenant {
  id: string;
  name: string;
  displayName: string;
  domain: string;
  sharepointHost: string;
}

export type SiteRole = 'read' | 'write';

export interface AppRegistration {
  clientId: string;
  displayName: string;
  secret: string;
  /** Application permissions (app roles), e.g. Sites.Selected, Sites.Read.All. */
  permissions: Set<string>;
  /** Sites.Selected grants: site id -> role. */
  siteGrants: Map<string, SiteRole>;
  servicePrincipalId: string;
  redirectUris: Set<string>;
  /** Certificates uploaded under Certificates & secrets: their public keys sign client assertions. */
  certificates: AppCertificate[];
}

/** A certificate credential of an app, as Entra ID keeps it: the public key and its thumbprints. */
export interface AppCertificate {
  /** Base64url SHA-256 of the certificate's DER encoding (the assertion's `x5t#S256` header). */
  thumbprintSha256: string;
  /** Base64url SHA-1 of the DER encoding (the deprecated `x5t` header). */
  thumbprintSha1: string;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

export interface User {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
  driveId: string;
}

export interface Site {
  id: string;
  name: string;
  displayName: string;
  webUrl: string;
  serverRelativePath: string;
  /** Set on a subsite: the site it was created under (GET /sites/{parent}/sites lists it). */
  parentSiteId?: string;
  driveIds: string[];
  memberUserIds: Set<string>;
  createdDateTime: string;
  /** User id -> id of the user's item in the site's hidden User Information List. */
  userInfoIds?: Map<string, number>;
}

export type DeltaOrder = 'sequence' | 'reverse' | 'shuffle';

export interface Drive {
  id: string;
  name: string;
  driveType: 'documentLibrary' | 'business';
  siteId?: string;
  ownerUserId?: string;
  webUrl: string;
  createdDateTime: string;
  rootId: string;
  items: Map<string, DriveItem>;
  changes: ChangeIndex;
  /** Delta tokens minted under an older generation answer 410 resyncRequired. */
  tokenGeneration: number;
  deltaOrder: DeltaOrder;
  /**
   * SharePoint lists the parent folders of changed items in an incremental delta unless the
   * request says `Prefer: deltaExcludeParent`. Off by default (changed items only).
   */
  deltaIncludesParents?: boolean;
  /**
   * false: an incremental delta lists a deleted folder's tombstone but not those of the items below
   * it that the client already knew there (OneDrive personal does so; Microsoft promises a
   * tombstone for neither). Default: every deleted item is listed.
   */
  deltaListsDeletedDescendants?: boolean;
  /**
   * The most items a delta page holds, whatever `$top` asks for (Graph decides page sizes; `$top`
   * is often ignored on delta). Unset: `$top`, up to 1000.
   */
  deltaPageSize?: number;
  quotaTotal: number;
  /** Counter for deterministic ids of items created after seeding. */
  nextItemNumber: number;
  /** The SharePoint list behind the drive (every drive is a document library's list). */
  list: LibraryList;
}

export interface StoredContent {
  kind: 'stored';
  file: string;
  size: number;
  quickXorHash: string;
}

export type FileContent = GeneratedContent | StoredContent;

export type Actor = { kind: 'user'; userId: string } | { kind: 'app'; clientId: string };

export interface DriveItem {
  id: string;
  /** The GUID SharePoint puts in eTag and cTag. */
  guid: string;
  driveId: string;
  parentId: string | null;
  name: string;
  isFolder: boolean;
  content?: FileContent;
  mimeType?: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: Actor;
  lastModifiedBy: Actor;
  /** Bumped on every change: eTag. */
  version: number;
  /** Bumped on content changes: cTag. */
  contentVersion: number;
  /** Position in the drive's change sequence (delta). */
  seq: number;
  deleted: boolean;
  /**
   * Deleted with an ancestor folder (not by itself): the sequence of its last change before that,
   * which tells whether a delta client already knew it below the deleted folder.
   */
  deletedWithAncestorAfter?: number;
  /** Live children of a folder, keyed by lower-cased name (names are case-insensitive). */
  children?: Map<string, DriveItem>;
  /** Bytes of the file, or of all files below a folder. */
  size: number;
  locked: boolean;
  cachedQuickXorHash?: string;
  /** The current version's major number (its id is "3.0"); unset: 1. See store/versions.ts. */
  versionNumber?: number;
  /** The file's earlier versions, oldest first; unset: none kept yet. */
  history?: FileVersion[];
  /** The item's list item in the drive's list (the root has none): `sharepointIds.listItemId`. */
  listItemId?: number;
  /** Values of the list's own columns, by column name (see store/list-columns.ts). */
  fields?: Record<string, unknown>;
}

/** One earlier version of a file's content, as SharePoint keeps it on every content change. */
export interface FileVersion {
  number: number;
  content: FileContent;
  lastModifiedDateTime: string;
  lastModifiedBy: Actor;
}
