import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvRecord } from './format-csv-record.js';

describe('formatCsvRecord', () => {
  it('quotes only where RFC 4180 needs it', () => {
    expect(formatCsvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', 7, true, null, undefined])).toBe(
      'plain,"a,b","say ""hi""","two\nlines"," padded",7,true,,\r\n',
    );
  });

  it('reads back any strings through csv-parse', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (records) => {
          const width = records[0]!.length;
          const rows = records.map((record) => Array.from({ length: width }, (_, index) => record[index] ?? ''));
          const csv = rows.map(formatCsvRecord).join('');
          expect(parse(csv, { relax_column_count: false })).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
