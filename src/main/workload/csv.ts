/**
 * CSV as RFC 4180 describes it: CRLF line ends, fields quoted when they hold the separator, a quote
 * or a line break, quotes doubled. Open data uses commas; files meant for a spreadsheet in an
 * Italian office use semicolons (the comma is the decimal separator there) and a byte-order mark
 * so that the spreadsheet reads UTF-8.
 */
export interface CsvOptions {
  separator: ',' | ';';
  byteOrderMark?: boolean;
}

export function csvField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>, options: CsvOptions): string {
  const line = (fields: readonly string[]) => fields.map((field) => csvField(field, options.separator)).join(options.separator);
  const body = [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
  return options.byteOrderMark ? `\ufeff${body}` : body;
}
