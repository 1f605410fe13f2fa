import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../src/api/csv.js';

describe('CSV fields', () => {
  it('quotes separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 8.4, null])).toBe('"a,b","say ""hi""","two\nlines",8.4,\r\n');
  });

  it('text a spreadsheet would run as a formula starts with an apostrophe; numbers stay numbers', () => {
    expect(['=HYPERLINK("x")', '+1+2', '-cmd', '@SUM(A1)', '\tx'].map(csvField)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1+2", "'-cmd", "'@SUM(A1)", "'\tx"]);
    expect(['-20.00', '-3', '8.40', 'Meixi Lake 梅溪湖'].map(csvField)).toEqual(['-20.00', '-3', '8.40', 'Meixi Lake 梅溪湖']);
  });
});
