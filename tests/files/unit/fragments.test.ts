import {
  FRAGMENT_MULTIPLE,
  MAX_FRAGMENT_BYTES,
  firstExpectedOffset,
  formatContentRange,
  isAlignedPiece,
  normalizeFragmentSize,
  parseContentRange,
} from '../../../server/src/files/upload/fragments';

describe('upload session arithmetic', () => {
  it('defaults fragments to 10 MiB, a 320 KiB multiple', () => {
    expect(normalizeFragmentSize()).toBe(10 * 1024 * 1024);
    expect(normalizeFragmentSize() % FRAGMENT_MULTIPLE).toBe(0);
  });

  it('rounds wanted sizes down to 320 KiB multiples, at least one, under 60 MiB', () => {
    expect(normalizeFragmentSize(FRAGMENT_MULTIPLE * 3 + 5)).toBe(FRAGMENT_MULTIPLE * 3);
    expect(normalizeFragmentSize(1000)).toBe(FRAGMENT_MULTIPLE);
    const capped = normalizeFragmentSize(500 * 1024 * 1024);
    expect(capped).toBeLessThan(MAX_FRAGMENT_BYTES);
    expect(capped % FRAGMENT_MULTIPLE).toBe(0);
    expect(capped + FRAGMENT_MULTIPLE).toBeGreaterThanOrEqual(MAX_FRAGMENT_BYTES);
    expect(normalizeFragmentSize(NaN)).toBe(10 * 1024 * 1024);
    expect(normalizeFragmentSize(-1)).toBe(10 * 1024 * 1024);
  });

  it('parses and formats Content-Range', () => {
    expect(parseContentRange('bytes 0-99/1000')).toEqual({ start: 0, end: 99, total: 1000 });
    expect(formatContentRange({ start: 5, end: 9, total: 10 })).toBe('bytes 5-9/10');
    for (const bad of [
      undefined,
      '',
      'bytes 10-5/20',
      'bytes 0-20/20',
      'bytes */20',
      'items 0-1/2',
    ]) {
      expect(parseContentRange(bad)).toBeNull();
    }
  });

  it('reads the first expected offset from nextExpectedRanges', () => {
    expect(firstExpectedOffset(['26-'])).toBe(26);
    expect(firstExpectedOffset(['12345-55232', '77829-99375'])).toBe(12345);
    expect(firstExpectedOffset(['500-', '0-99'])).toBe(0);
    expect(firstExpectedOffset([])).toBeNull();
    expect(firstExpectedOffset(undefined)).toBeNull();
  });

  it('accepts pieces on 320 KiB boundaries, or ending the file', () => {
    const total = 5 * FRAGMENT_MULTIPLE + 10;
    expect(isAlignedPiece({ start: 0, end: 2 * FRAGMENT_MULTIPLE - 1, total })).toBe(true);
    expect(isAlignedPiece({ start: 2 * FRAGMENT_MULTIPLE, end: total - 1, total })).toBe(true);
    expect(isAlignedPiece({ start: 0, end: FRAGMENT_MULTIPLE, total })).toBe(false);
    expect(isAlignedPiece({ start: 10, end: total - 1, total })).toBe(false);
  });
});
