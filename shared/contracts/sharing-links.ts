/**
 * Sharing links on the wire (issue 22): "Copy link" asks the server for a view link to an item,
 * which Microsoft 365 creates or reuses (`createLink`). Anonymous links are never created and
 * "specific people" is not offered: a platform drive allows `organization` links or none.
 */

/** What a platform drive allows: links for people of the organisation, or no links at all. */
export const DRIVE_LINK_SCOPES = ['organization', 'none'] as const;
export type DriveLinkScope = (typeof DRIVE_LINK_SCOPES)[number];

/** The only scope the plugin asks Microsoft for. */
export type SharingLinkScope = 'organization';

/** `POST /drives/:id/items/:itemId/link`: the link Microsoft 365 created or already had. */
export interface SharingLink {
  webUrl: string;
  type: 'view';
  scope: SharingLinkScope;
}

/**
 * The admin's "Sharing links" switch: `null` follows the Downloads switch (links on while downloads
 * are on), `true` or `false` decides on its own.
 */
export type SharingLinksSetting = boolean | null;

/** Whether links may be created at all: the switch, or Downloads when the switch follows it. */
export const sharingLinksOn = (setting: {
  sharingLinksEnabled: SharingLinksSetting;
  downloadsEnabled: boolean;
}): boolean => setting.sharingLinksEnabled ?? setting.downloadsEnabled;

/** The scope a drive's links get, or null when it has none (its own choice or the switch). */
export const linkScopeOfDrive = (
  drive: { scope: 'platform' | 'personal'; linkScope?: DriveLinkScope | null },
  linksOn: boolean
): SharingLinkScope | null => {
  if (!linksOn) return null;
  // Personal drives follow the switch alone; a platform drive without a stored choice (one
  // connected before links existed) has the default, organization.
  if (drive.scope === 'personal') return 'organization';
  return (drive.linkScope ?? 'organization') === 'none' ? null : 'organization';
};
