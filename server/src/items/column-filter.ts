/**
 * The drive-wide column filter of search (the editors' picker): the SQL that keeps the items whose
 * stored value of a kept column contains a text, any case (drives/kept-column.ts checks the column
 * first). Values live as JSON text in the list-fields table (sync/list-fields/table.ts), one row
 * per (drive, list item): the match is an EXISTS on that table's unique (drive_id, list_item_id)
 * index, so each candidate item costs one index seek; the JSON is read with the database's own
 * JSON functions (SQLite's JSON1, PostgreSQL's jsonb), both bound as parameters.
 */
import type { Knex } from 'knex';
import type { LibraryColumn } from '../../../shared/contracts/library-columns';
import { TABLE } from '../constants';

export interface ColumnMatch {
  column: LibraryColumn;
  /** Part of the value, any case. */
  text: string;
}

const isPostgres = (knex: Knex | Knex.QueryBuilder) =>
  (knex.client as { dialect: string }).dialect === 'postgresql';

/** The JSON keys of the value a column shows: a person's name, a link's description. */
const valuePath = (column: LibraryColumn): string[] =>
  column.type === 'person'
    ? [column.name, 'displayName']
    : column.type === 'hyperlink'
      ? [column.name, 'description']
      : [column.name];

/** The stored value as text: a multi-choice answers its JSON array, which holds each choice. */
function valueText(knex: Knex, path: string[]): Knex.Raw {
  if (isPostgres(knex)) {
    return knex.raw(
      `jsonb_extract_path_text(lf.fields::jsonb, ${path.map(() => '?').join(', ')})`,
      path
    );
  }
  // JSON1 path: each key quoted, so any internal name is one key.
  return knex.raw('json_extract(lf.fields, ?)', [
    `$${path.map((key) => `."${key.replace(/"/g, '""')}"`).join('')}`,
  ]);
}

/** `%`, `_` and the escape character itself match literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * A yes/no column: stored as a JSON boolean, shown as Yes/No. SQLite reads it as 1/0, PostgreSQL
 * as 'true'/'false': the text is compared to the stored truth instead of contained in it.
 */
const BOOLEAN_WORDS: Record<string, boolean> = { yes: true, true: true, no: false, false: false };

/** Keeps the items (of `TABLE.driveItem`, unaliased) whose kept value matches. */
export function whereColumnMatches(
  knex: Knex,
  builder: Knex.QueryBuilder,
  driveId: number,
  match: ColumnMatch
): Knex.QueryBuilder {
  const value = valueText(knex, valuePath(match.column));
  const exists = knex(`${TABLE.listFields} as lf`)
    .select(knex.raw('1'))
    .where('lf.drive_id', driveId)
    .whereRaw(`lf.list_item_id = ${TABLE.driveItem}.list_item_id`);
  if (match.column.type === 'boolean') {
    const truth = BOOLEAN_WORDS[match.text.trim().toLowerCase()];
    if (truth === undefined) return builder.whereRaw('1 = 0');
    exists.whereRaw('CAST(? AS TEXT) IN (?, ?)', [
      value,
      ...(truth ? ['true', '1'] : ['false', '0']),
    ]);
  } else {
    exists.whereRaw(`CAST(? AS TEXT) ${isPostgres(knex) ? 'ILIKE' : 'LIKE'} ? ESCAPE '\\'`, [
      value,
      likePattern(match.text.trim()),
    ]);
  }
  return builder.whereNotNull('list_item_id').whereExists(exists);
}
