import type { DriveItem } from './model';

/** SharePoint's eTag: "{GUID},version" (changes on any change). */
export const eTagOf = (item: DriveItem) => `"{${item.guid.toUpperCase()}},${item.version}"`;

/** SharePoint's cTag: "c:{GUID},contentVersion" (changes on content changes; files only). */
export const cTagOf = (item: DriveItem) =>
  `"c:{${item.guid.toUpperCase()}},${item.contentVersion}"`;
