/**
 * List items of a drive's list as Graph answers them (listItem), and the site's hidden User
 * Information List, where person columns point. A document library's list items are its files
 * and folders: each drive item (but the root) is one, with its own integer id.
 */
import type { EmulatorContext } from '../context';
import { badRequest } from '../errors';
import { BUILT_IN_COLUMNS, type ListColumn } from '../store/list-columns';
import type { Drive, DriveItem, Site, User } from '../store/model';
import { identitySet, sharepointIdsOf } from './serialize';

export const USER_INFORMATION_LIST = 'User Information List';

/** `$expand=fields` or `$expand=fields($select=A,B)`: whether fields are wanted, and which. */
export function parseFieldsExpand(value: unknown): { fields: boolean; select?: string[] } {
  if (typeof value !== 'string' || !value.trim()) return { fields: false };
  const match = /(?:^|,)\s*fields\s*(?:\(\s*\$select\s*=\s*([^)]*)\))?\s*(?:,|$)/i.exec(value);
  // fields is the one expansion of a listItem the emulator knows: anything else is refused, as
  // Graph refuses a navigation property it does not have.
  if (!match || value.replace(match[0], '').replace(/[\s,]/g, '') !== '')
    throw badRequest(
      `Could not find a property named '${value}' on type 'microsoft.graph.listItem'.`
    );
  const select = match[1]
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return { fields: true, ...(select?.length ? { select } : {}) };
}

const lookupIdOf = (emulator: EmulatorContext, site: Site | undefined, userId: string) =>
  site ? String(emulator.store.userLookupId(site, userId)) : undefined;

/** The values of one column as Graph puts them in `fields` (name -> value). */
function columnValues(
  emulator: EmulatorContext,
  site: Site | undefined,
  column: ListColumn,
  value: unknown
): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  switch (column.type) {
    case 'person': {
      const lookupId = lookupIdOf(emulator, site, String(value));
      return lookupId ? { [`${column.name}LookupId`]: lookupId } : {};
    }
    case 'lookup': {
      const lookup = value as { LookupId?: number; LookupValue: string };
      return {
        [`${column.name}LookupId`]: String(lookup.LookupId ?? 1),
        [column.name]: lookup.LookupValue,
      };
    }
    case 'term': {
      const term = value as { Label: string; TermGuid?: string };
      return {
        [column.name]: {
          Label: term.Label,
          TermGuid: term.TermGuid ?? '00000000-0000-0000-0000-000000000000',
          WssId: 1,
        },
      };
    }
    case 'hyperlink': {
      const link = value as { Url: string; Description?: string };
      return { [column.name]: { Description: link.Description ?? link.Url, Url: link.Url } };
    }
    default:
      return { [column.name]: value };
  }
}

/** The list item's `fields`, only the `select`ed ones when given (`X` or `XLookupId` name one). */
export function fieldsOf(
  emulator: EmulatorContext,
  drive: Drive,
  item: DriveItem,
  select?: string[]
): Record<string, unknown> {
  const site = drive.siteId ? emulator.store.sites.get(drive.siteId) : undefined;
  const all: Record<string, unknown> = {
    '@odata.etag': `"${item.guid},${item.version}"`,
    id: String(item.listItemId),
    ContentType: item.isFolder ? 'Folder' : 'Document',
    Created: item.createdDateTime,
    Modified: item.lastModifiedDateTime,
    FileLeafRef: item.name,
  };
  if (item.createdBy.kind === 'user') {
    const lookupId = lookupIdOf(emulator, site, item.createdBy.userId);
    if (lookupId) all.AuthorLookupId = lookupId;
  }
  for (const column of [...BUILT_IN_COLUMNS, ...drive.list.columns]) {
    if (column.readOnly) continue;
    Object.assign(all, columnValues(emulator, site, column, item.fields?.[column.name]));
  }
  if (!select) return all;
  const wanted = new Set(select.map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(all).filter(([name]) => {
      const lower = name.toLowerCase();
      return (
        lower === '@odata.etag' ||
        wanted.has(lower) ||
        (lower.endsWith('lookupid') && wanted.has(lower.slice(0, -'lookupid'.length)))
      );
    })
  );
}

/** A listItem; tombstones carry the deleted facet and no fields. */
export function serializeListItem(
  emulator: EmulatorContext,
  drive: Drive,
  item: DriveItem,
  expand: { fields: boolean; select?: string[] }
): Record<string, unknown> {
  const sharepointIds = sharepointIdsOf(emulator, drive, item);
  const eTag = `"${item.guid},${item.version}"`;
  if (item.deleted) {
    return {
      id: String(item.listItemId),
      eTag,
      lastModifiedDateTime: item.lastModifiedDateTime,
      deleted: { state: 'deleted' },
      sharepointIds,
    };
  }
  const parent = item.parentId ? drive.items.get(item.parentId) : undefined;
  const body: Record<string, unknown> = {
    '@odata.etag': eTag,
    createdDateTime: item.createdDateTime,
    eTag,
    id: String(item.listItemId),
    lastModifiedDateTime: item.lastModifiedDateTime,
    webUrl: `${drive.webUrl}${encodeURI(emulator.store.pathOf(drive, item))}`,
    createdBy: identitySet(emulator, item.createdBy),
    lastModifiedBy: identitySet(emulator, item.lastModifiedBy),
    parentReference: {
      ...(parent?.listItemId !== undefined ? { id: String(parent.listItemId) } : {}),
      ...(drive.siteId ? { siteId: drive.siteId } : {}),
    },
    contentType: {
      id: item.isFolder ? '0x0120' : '0x0101',
      name: item.isFolder ? 'Folder' : 'Document',
    },
    sharepointIds,
  };
  if (expand.fields) body.fields = fieldsOf(emulator, drive, item, expand.select);
  return body;
}

/** A person's item in the site's User Information List. */
export function serializeUserInformation(
  user: User,
  lookupId: number,
  expand: { fields: boolean }
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: String(lookupId),
    contentType: { id: '0x010A', name: 'Person' },
  };
  if (expand.fields) {
    body.fields = {
      id: String(lookupId),
      ContentType: 'Person',
      Title: user.displayName,
      Name: `i:0#.f|membership|${user.userPrincipalName}`,
      EMail: user.mail,
      UserName: user.userPrincipalName,
    };
  }
  return body;
}
