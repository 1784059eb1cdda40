/**
 * A list item's raw `fields` as the values Strapi keeps for the chosen columns. Person columns
 * arrive as `{Name}LookupId` (an item of the site's User Information List) and are resolved to a
 * name and email by the caller (people.ts); managed metadata keeps its label, a lookup its display
 * value, a hyperlink its address and description.
 */
import type {
  LibraryColumn,
  LibraryColumnValue,
  LibraryColumnValues,
} from '../../../../shared/contracts/library-columns';
import type { Person } from './people';

/** `$expand` of the list-items delta: only the kept columns' fields. */
export function fieldsExpand(columns: LibraryColumn[]): string {
  const names = columns.map((column) =>
    column.type === 'person' ? `${column.name}LookupId` : column.name
  );
  return `fields($select=${names.join(',')})`;
}

/** The person lookup ids a page's fields name (for one batch of resolutions). */
export function personLookupIds(
  columns: LibraryColumn[],
  fields: Array<Record<string, unknown> | undefined>
): string[] {
  const ids = new Set<string>();
  for (const column of columns) {
    if (column.type !== 'person') continue;
    for (const values of fields) {
      const id = values?.[`${column.name}LookupId`];
      if (id !== undefined && id !== null && id !== '') ids.add(String(id));
    }
  }
  return [...ids];
}

const asString = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

function valueOf(
  column: LibraryColumn,
  fields: Record<string, unknown>,
  people: Map<string, Person>
): LibraryColumnValue {
  const raw = fields[column.name];
  switch (column.type) {
    case 'text':
    case 'note':
    case 'choice':
    case 'dateTime':
      return asString(raw);
    case 'multiChoice':
      return Array.isArray(raw)
        ? raw.map(String)
        : raw === undefined || raw === null
          ? null
          : [String(raw)];
    case 'number':
    case 'currency': {
      const number = typeof raw === 'number' ? raw : Number(raw);
      return raw === undefined || raw === null || raw === '' || !Number.isFinite(number)
        ? null
        : number;
    }
    case 'boolean':
      return typeof raw === 'boolean'
        ? raw
        : raw === undefined || raw === null
          ? null
          : Boolean(raw);
    case 'hyperlink': {
      const link = raw as { Url?: string; Description?: string } | undefined;
      return link?.Url ? { url: link.Url, description: link.Description ?? link.Url } : null;
    }
    case 'person': {
      const id = fields[`${column.name}LookupId`];
      if (id === undefined || id === null || id === '') return null;
      return people.get(String(id)) ?? { displayName: `User ${String(id)}`, email: null };
    }
    case 'term':
      return asString((raw as { Label?: unknown } | undefined)?.Label);
    case 'lookup':
      return asString(raw);
  }
}

/** The kept columns' values (a column without a value is left out). */
export function keptValues(
  columns: LibraryColumn[],
  fields: Record<string, unknown>,
  people: Map<string, Person>
): LibraryColumnValues {
  const values: LibraryColumnValues = {};
  for (const column of columns) {
    const value = valueOf(column, fields, people);
    if (value !== null) values[column.name] = value;
  }
  return values;
}
