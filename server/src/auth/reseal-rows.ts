/**
 * Re-seals the sealed values of one kind of row under the current key and format, online: each
 * row is replaced by compare-and-swap on the column that holds the value, so a write made between
 * our read and our write (a token refresh, an upload's progress) is never lost; such a row is read
 * again and, if still stale, re-sealed from its new content.
 */
import type { Core, UID } from '@strapi/strapi';
import { SecretBoxKeyError, type SecretBox } from './secret-box';

/** Where a kind of sealed value lives, and how to read it from and write it into its column. */
export interface SealedColumn<Row extends { id: number }> {
  uid: UID.Schema;
  where: Record<string, unknown>;
  /** The column compared and swapped (it holds the sealed value, maybe inside JSON). */
  column: keyof Row & string;
  /** The sealed value in the row and the name it is bound to; null when the row holds none. */
  read(row: Row): { sealed: string; boundTo: string } | null;
  /** The column's new content, with the sealed value replaced. */
  write(row: Row, resealed: string): string;
}

export interface ResealCount {
  /** Written back under the current key and format. */
  resealed: number;
  /** Opened by no configured key (left as they are; their owners must enter or connect again). */
  unreadable: number;
}

const PAGE_SIZE = 100;
// A row rewritten this many times while we try is being written constantly, so by whoever writes
// it, always under the current key: a later pass (or the writer itself) finishes the job.
const MAX_ATTEMPTS = 5;

export async function resealRows<Row extends { id: number }>(
  strapi: Core.Strapi,
  box: SecretBox,
  kind: SealedColumn<Row>
): Promise<ResealCount> {
  const query = strapi.db.query(kind.uid);
  const count: ResealCount = { resealed: 0, unreadable: 0 };
  for (let afterId = 0; ;) {
    const page = (await query.findMany({
      where: { ...kind.where, id: { $gt: afterId } },
      orderBy: { id: 'asc' },
      limit: PAGE_SIZE,
    })) as Row[];
    for (const row of page) {
      const outcome = await resealRow(query, box, kind, row);
      if (outcome !== 'current') count[outcome] += 1;
    }
    if (page.length < PAGE_SIZE) return count;
    afterId = page[page.length - 1].id;
  }
}

async function resealRow<Row extends { id: number }>(
  query: ReturnType<Core.Strapi['db']['query']>,
  box: SecretBox,
  kind: SealedColumn<Row>,
  first: Row
): Promise<keyof ResealCount | 'current'> {
  let row: Row | null = first;
  for (let attempt = 0; row && attempt < MAX_ATTEMPTS; attempt += 1) {
    const found = kind.read(row);
    if (!found || !box.needsResealing(found.sealed)) return 'current';
    let resealed: string;
    try {
      resealed = box.reseal(found.sealed, found.boundTo);
    } catch (error) {
      if (error instanceof SecretBoxKeyError) return 'unreadable';
      throw error;
    }
    const { count } = (await query.updateMany({
      where: { id: row.id, [kind.column]: row[kind.column] },
      data: { [kind.column]: kind.write(row, resealed) },
    })) as { count: number };
    if (count === 1) return 'resealed';
    row = (await query.findOne({ where: { id: row.id } })) as Row | null;
  }
  return 'current';
}
