export interface ColumnFilter {
  /** The kept column's name; empty: no filter. */
  column: string;
  text: string;
}

/**
 * The search parameters of the picker's column filter, or none while it has no column or no text:
 * the server matches the kept value anywhere in the drive (`GET /drives/:id/search`).
 */
export function columnFilterQuery(filter: ColumnFilter): { column: string; value: string } | null {
  const value = filter.text.trim();
  return filter.column && value ? { column: filter.column, value } : null;
}
