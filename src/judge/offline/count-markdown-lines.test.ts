import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { countMarkdownLines, type MarkdownLineCounts } from './count-markdown-lines.js';

/** Counts the lines with the regular expressions that the field comments give as definitions. */
function countWithRegularExpressions(text: string): MarkdownLineCounts {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let insideCode = false;
  let codeLines = 0;
  for (const line of lines) {
    if (/^\s*```/.test(line)) insideCode = !insideCode;
    else if (insideCode) codeLines++;
  }
  return {
    lines: lines.length,
    headings: lines.filter((line) => /^\s*#{1,6}\s/.test(line)).length,
    listItems: lines.filter((line) => /^\s*(?:[-*+•]|\d+[.)])\s/.test(line)).length,
    tableRows: lines.filter((line) => /^\s*\|/.test(line)).length,
    codeLines,
  };
}

describe('countMarkdownLines', () => {
  it('counts each kind of line', () => {
    const text = '# Plan\n\n## Steps\n- one\n* two\n1. three\n12) four\n\n```\ncode line\n\n```\n| a | b |\n  | 1 | 2 |\nplain';

    expect(countMarkdownLines(text)).toEqual({ lines: 12, headings: 2, listItems: 4, tableRows: 2, codeLines: 1 });
  });

  it.each([
    { id: 'seven-hashes', line: '####### seven' },
    { id: 'hash-without-space', line: '#tag' },
    { id: 'hash-at-line-end', line: '#\nnext' },
    { id: 'bullet-without-space', line: '-dash' },
    { id: 'number-without-space', line: '12.x' },
    { id: 'letter-numbered', line: 'a. item' },
    { id: 'non-ascii-digit', line: '٣. item' },
    { id: 'blank-line-of-carriage-return', line: '\r' },
  ])('rejects near misses ($id)', ({ line }) => {
    const counts = countMarkdownLines(line);

    expect(counts.headings).toBe(0);
    expect(counts.listItems).toBe(0);
  });

  it.each([
    { id: 'tab-after-hash', line: '#\theading', kind: 'headings' },
    { id: 'indented-by-ideographic-space', line: '\u3000- item', kind: 'listItems' },
    { id: 'no-break-space-after-bullet', line: '•\u00a0item', kind: 'listItems' },
    { id: 'carriage-return-after-bullet', line: '-\r', kind: 'listItems' },
    { id: 'indented-table-row', line: ' \t|x', kind: 'tableRows' },
  ] as const)('accepts white space beyond ASCII spaces ($id)', ({ line, kind }) => {
    expect(countMarkdownLines(line)[kind]).toBe(1);
  });

  it('skips blank lines inside a code fence', () => {
    expect(countMarkdownLines('```\n\n  \ncode\n```').codeLines).toBe(1);
  });

  it('handles empty text', () => {
    expect(countMarkdownLines('')).toEqual({ lines: 0, headings: 0, listItems: 0, tableRows: 0, codeLines: 0 });
  });

  it('agrees with the regular expressions on any text', () => {
    const pieces = [
      '#',
      '##',
      '#######',
      '-',
      '*',
      '+',
      '•',
      '|',
      '```',
      '1',
      '23',
      '.',
      ')',
      'a',
      ' ',
      '\t',
      '\r',
      '\n',
      '\u00a0',
      '\u2028',
      '\u3000',
      '٣',
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

    fc.assert(
      fc.property(text, (sample) => {
        expect(countMarkdownLines(sample)).toEqual(countWithRegularExpressions(sample));
      }),
      { numRuns: 2000 },
    );
  });
});
