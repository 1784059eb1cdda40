import type { LibraryColumnValues } from '../../../shared/contracts/library-columns';
import { formatColumnValue } from './formatColumnValue';

export interface ColumnFilter {
  /** The kept column's name; empty: no filter. */
  column: string;
  text: string;
}

/**
 * Whether a listed item passes the picker's column filter: folders always do (they are how one
 * gets to files), files when the column's value, as the table shows it, contains the text.
 */
export function passesColumnFilter(
  item: { isFolder: boolean; columns?: LibraryColumnValues },
  filter: ColumnFilter,
  labels: Parameters<typeof formatColumnValue>[1]
): boolean {
  const text = filter.text.trim().toLowerCase();
  if (item.isFolder || !filter.column || !text) return true;
  return formatColumnValue(item.columns?.[filter.column], labels).toLowerCase().includes(text);
}
