/**
 * A library's list and its columns, read from Graph: `GET /drives/{drive}/list` names the list
 * (and its site), `GET /sites/{site}/lists/{list}/columns` its columns (columnDefinition), whose
 * type is told by which facet it carries.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type {
  LibraryColumn,
  LibraryColumnType,
} from '../../../../shared/contracts/library-columns';

interface ColumnDefinitionJson {
  name?: string;
  displayName?: string;
  hidden?: boolean;
  text?: { allowMultipleLines?: boolean };
  choice?: { displayAs?: string };
  number?: unknown;
  currency?: unknown;
  boolean?: unknown;
  dateTime?: unknown;
  hyperlinkOrPicture?: { isPicture?: boolean };
  personOrGroup?: unknown;
  term?: unknown;
  lookup?: unknown;
}

/** The plugin's type of a column, from its facet; undefined for types it does not keep. */
export function columnTypeOf(column: ColumnDefinitionJson): LibraryColumnType | undefined {
  if (column.text) return column.text.allowMultipleLines ? 'note' : 'text';
  // A choice column taking several values is shown as check boxes.
  if (column.choice) return column.choice.displayAs === 'checkBoxes' ? 'multiChoice' : 'choice';
  if (column.number) return 'number';
  if (column.currency) return 'currency';
  if (column.boolean) return 'boolean';
  if (column.dateTime) return 'dateTime';
  if (column.hyperlinkOrPicture && !column.hyperlinkOrPicture.isPicture) return 'hyperlink';
  if (column.personOrGroup) return 'person';
  if (column.term) return 'term';
  if (column.lookup) return 'lookup';
  return undefined;
}

/** Built-in columns a library shows anyway (the name is the file's own). */
const NOT_OFFERED = new Set(['FileLeafRef', 'LinkFilename', 'ContentType', 'Author', 'Editor']);

export interface LibraryList {
  siteId: string;
  listId: string;
}

/** The drive's list, or null when the drive has none (a personal OneDrive answers 404 here). */
export async function fetchLibraryList(
  client: Client,
  remoteDriveId: string
): Promise<LibraryList | null> {
  try {
    const list = (await client
      .api(`/drives/${encodeURIComponent(remoteDriveId)}/list`)
      .select('id,parentReference')
      .get()) as { id?: string; parentReference?: { siteId?: string } };
    if (!list.id || !list.parentReference?.siteId) return null;
    return { siteId: list.parentReference.siteId, listId: list.id };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/** The list's visible columns of the types the plugin keeps, in SharePoint's order. */
export async function fetchColumns(client: Client, list: LibraryList): Promise<LibraryColumn[]> {
  const body = (await client
    .api(
      `/sites/${encodeURIComponent(list.siteId)}/lists/${encodeURIComponent(list.listId)}/columns`
    )
    .get()) as { value?: ColumnDefinitionJson[] };
  const columns: LibraryColumn[] = [];
  for (const column of body.value ?? []) {
    const type = columnTypeOf(column);
    if (!type || column.hidden || !column.name || NOT_OFFERED.has(column.name)) continue;
    columns.push({ name: column.name, displayName: column.displayName ?? column.name, type });
  }
  return columns;
}
