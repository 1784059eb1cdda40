/**
 * The SharePoint list behind a drive: its columns (Graph's columnDefinition) and the values list
 * items keep in them (listItem `fields`), as Microsoft documents them:
 * - text (`text.allowMultipleLines` for multi-line), choice (`choice.displayAs: 'checkBoxes'` for
 *   several values, answered as an array), number, currency, boolean (yes/no), dateTime,
 *   hyperlinkOrPicture (`{ Url, Description }`), term (managed metadata:
 *   `{ Label, TermGuid, WssId }`);
 * - personOrGroup: the value is answered as `{Name}LookupId`, the id of the person's item in the
 *   site's hidden User Information List (the name is found there, not in the field);
 * - lookup: `{Name}LookupId`, plus the display value under the column's own name.
 */
import { badRequest } from '../errors';

export type ColumnType =
  | 'text'
  | 'note'
  | 'choice'
  | 'multiChoice'
  | 'number'
  | 'currency'
  | 'boolean'
  | 'dateTime'
  | 'hyperlink'
  | 'person'
  | 'term'
  | 'lookup';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'text',
  'note',
  'choice',
  'multiChoice',
  'number',
  'currency',
  'boolean',
  'dateTime',
  'hyperlink',
  'person',
  'term',
  'lookup',
];

export interface ListColumn {
  id: string;
  /** The internal name: the key of the value in `fields`. */
  name: string;
  displayName: string;
  type: ColumnType;
  choices?: string[];
  hidden?: boolean;
  readOnly?: boolean;
}

export interface LibraryList {
  id: string;
  /** Columns besides the built-in ones every document library has. */
  columns: ListColumn[];
  /** List-item delta tokens minted under an older generation answer 410. */
  tokenGeneration: number;
  nextListItemId: number;
}

/** Built-in columns of every document library (the ones a client may meet in `fields`). */
export const BUILT_IN_COLUMNS: ListColumn[] = [
  { id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247', name: 'Title', displayName: 'Title', type: 'text' },
  {
    id: '8553196d-ec8d-4564-9861-3dbe931050c8',
    name: 'FileLeafRef',
    displayName: 'Name',
    type: 'text',
    readOnly: true,
  },
  {
    id: '1df5e554-ec7e-46a6-901d-d85a3881cb18',
    name: 'Author',
    displayName: 'Created By',
    type: 'person',
    readOnly: true,
  },
];

/** A column as `GET /sites/{site}/lists/{list}/columns` answers it. */
export function serializeColumn(column: ListColumn): Record<string, unknown> {
  const body: Record<string, unknown> = {
    columnGroup: column.readOnly ? '_Hidden' : 'Custom Columns',
    description: '',
    displayName: column.displayName,
    enforceUniqueValues: false,
    hidden: Boolean(column.hidden),
    id: column.id,
    indexed: false,
    name: column.name,
    readOnly: Boolean(column.readOnly),
    required: false,
  };
  switch (column.type) {
    case 'text':
    case 'note':
      body.text = {
        allowMultipleLines: column.type === 'note',
        appendChangesToExistingText: false,
        linesForEditing: column.type === 'note' ? 6 : 0,
        maxLength: column.type === 'note' ? 63999 : 255,
      };
      break;
    case 'choice':
    case 'multiChoice':
      body.choice = {
        allowTextEntry: false,
        choices: column.choices ?? [],
        displayAs: column.type === 'multiChoice' ? 'checkBoxes' : 'dropDownMenu',
      };
      break;
    case 'number':
      body.number = { decimalPlaces: 'automatic', displayAs: 'number' };
      break;
    case 'currency':
      body.currency = { locale: 'en-US' };
      break;
    case 'boolean':
      body.boolean = {};
      break;
    case 'dateTime':
      body.dateTime = { displayAs: 'default', format: 'dateTime' };
      break;
    case 'hyperlink':
      body.hyperlinkOrPicture = { isPicture: false };
      break;
    case 'person':
      body.personOrGroup = {
        allowMultipleSelection: false,
        chooseFromType: 'peopleOnly',
        displayAs: 'account',
      };
      break;
    case 'term':
      body.term = { allowMultipleValues: false, showFullyQualifiedName: false };
      break;
    case 'lookup':
      body.lookup = {
        allowMultipleValues: false,
        allowUnlimitedLength: false,
        columnName: 'Title',
        listId: column.id,
      };
      break;
  }
  return body;
}

/** A value as the control API sets it for a column of each type. */
export function assertFieldValue(column: ListColumn, value: unknown): void {
  if (value === null) return;
  const fail = (expected: string) => {
    throw badRequest(`fields.${column.name} must be ${expected}`);
  };
  switch (column.type) {
    case 'text':
    case 'note':
    case 'dateTime':
      if (typeof value !== 'string') fail('a string');
      break;
    case 'choice':
      if (typeof value !== 'string') fail('a string');
      if (column.choices && !column.choices.includes(value as string)) fail('one of the choices');
      break;
    case 'multiChoice':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        fail('an array of strings');
      break;
    case 'number':
    case 'currency':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'hyperlink':
      if (typeof (value as { Url?: unknown })?.Url !== 'string') fail('{ Url, Description }');
      break;
    case 'person':
      if (typeof value !== 'string') fail('a user id');
      break;
    case 'term':
      if (typeof (value as { Label?: unknown })?.Label !== 'string') fail('{ Label, TermGuid }');
      break;
    case 'lookup':
      if (typeof (value as { LookupValue?: unknown })?.LookupValue !== 'string')
        fail('{ LookupId, LookupValue }');
      break;
  }
}
