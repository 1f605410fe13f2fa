import { Readable } from 'node:stream';

/**
 * One CSV field: quoted when it holds a separator, quote or line break (RFC 4180). Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first; a name or note someone typed)
 * gets a leading apostrophe; numbers such as a credit's -20.00 stay numbers.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]): string => `${fields.map(csvField).join(',')}\r\n`;

/**
 * A CSV document as a stream: a UTF-8 byte order mark first (so a spreadsheet reads Chinese names
 * right), the header, then one line per row as the rows arrive.
 */
export function csvStream<T>(header: readonly string[], rows: AsyncIterable<T>, line: (row: T) => readonly (string | number | null | undefined)[]): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(header)}`;
    for await (const row of rows) yield csvLine(line(row));
  }
  return Readable.from(lines());
}

/** Whether the caller asked for CSV: `format=csv`, or an Accept header that prefers text/csv. */
export const wantsCsv = (format: string | undefined, accept: string | undefined): boolean =>
  format === 'csv' || (format === undefined && (accept ?? '').split(',')[0]?.trim().startsWith('text/csv') === true);
