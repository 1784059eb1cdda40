/** How kept column values read in My Files and the picker, and what the picker's filter keeps. */
import { passesColumnFilter } from '../../../admin/src/utils/columnFilter';
import { formatColumnValue } from '../../../admin/src/utils/formatColumnValue';

const labels = { yes: 'Yes', no: 'No', when: (iso: string) => `on ${iso.slice(0, 10)}` };

describe('library column values in the admin panel', () => {
  it('formats each kind of value as one line', () => {
    expect(formatColumnValue('Legal', labels)).toBe('Legal');
    expect(formatColumnValue(['a', 'b'], labels)).toBe('a, b');
    expect(formatColumnValue(12.5, labels)).toBe('12.5');
    expect(formatColumnValue(true, labels)).toBe('Yes');
    expect(formatColumnValue(false, labels)).toBe('No');
    expect(formatColumnValue('2026-03-31T00:00:00Z', labels)).toBe('on 2026-03-31');
    expect(formatColumnValue({ url: 'https://x.test', description: 'Spec' }, labels)).toBe('Spec');
    expect(formatColumnValue({ url: 'https://x.test', description: '' }, labels)).toBe(
      'https://x.test'
    );
    expect(formatColumnValue({ displayName: 'Megan Bowen', email: null }, labels)).toBe(
      'Megan Bowen'
    );
    expect(formatColumnValue(null, labels)).toBe('');
    expect(formatColumnValue(undefined, labels)).toBe('');
  });

  it('keeps folders and the files whose value contains the text, in any case', () => {
    const legal = { isFolder: false, columns: { Department: 'Legal' } };
    const sales = { isFolder: false, columns: { Department: 'Sales' } };
    const none = { isFolder: false };
    const folder = { isFolder: true };
    const filter = { column: 'Department', text: ' leg ' };
    expect(
      [legal, sales, none, folder].filter((item) => passesColumnFilter(item, filter, labels))
    ).toEqual([legal, folder]);
    // No column or no text: everything passes.
    expect(passesColumnFilter(sales, { column: '', text: 'leg' }, labels)).toBe(true);
    expect(passesColumnFilter(sales, { column: 'Department', text: '  ' }, labels)).toBe(true);
  });
});
