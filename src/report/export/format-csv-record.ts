/** A CSV field value before quoting: null and undefined become an empty field. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Formats one CSV record as RFC 4180 sets it out, with fields separated by commas and the record
 * ended by CRLF. A field is quoted when it contains a comma, a quote, a line break, or leading or
 * trailing space, and quotes inside it are doubled.
 */
export function formatCsvRecord(values: readonly CsvValue[]): string {
  return `${values.map(formatCsvField).join(',')}\r\n`;
}

function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
