/** How kept column values read in My Files and the picker, and what the picker's filter asks of the server. */
import { columnFilterQuery } from '../../../admin/src/utils/columnFilter';
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

  it('asks the server to filter only with a column and some text', () => {
    expect(columnFilterQuery({ column: 'Department', text: ' leg ' })).toEqual({
      column: 'Department',
      value: 'leg',
    });
    expect(columnFilterQuery({ column: '', text: 'leg' })).toBeNull();
    expect(columnFilterQuery({ column: 'Department', text: '  ' })).toBeNull();
  });
});
