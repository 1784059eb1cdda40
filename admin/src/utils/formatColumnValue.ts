import type { LibraryColumnValue } from '../../../shared/contracts/library-columns';

/** A kept column's value as one line of text in a table cell ('' when it has none). */
export function formatColumnValue(
  value: LibraryColumnValue | undefined,
  labels: { yes: string; no: string; when: (iso: string) => string }
): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? labels.yes : labels.no;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    if ('displayName' in value) return value.displayName;
    return value.description || value.url;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return labels.when(value);
  return String(value);
}
