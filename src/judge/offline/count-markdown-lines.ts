/** A text's non-blank lines, counted by the Markdown construct each starts with. */
export interface MarkdownLineCounts {
  /** Lines with at least one character that is not white space. */
  lines: number;
  /** Lines matching `/^\s*#{1,6}\s/`: a heading. */
  headings: number;
  /** Lines matching `/^\s*(?:[-*+•]|\d+[.)])\s/`: a bulleted or numbered list item. */
  listItems: number;
  /** Lines matching `/^\s*\|/`: a table row. */
  tableRows: number;
  /** Non-blank lines, other than fences, after an odd number of lines matching `/^\s*```/`: code. */
  codeLines: number;
}

/**
 * Counts the lines of `text`, split at `\n`, by kind in one pass, without a string per line.
 * "White space" is what `\s` and `String.prototype.trim` remove, and each kind is defined by the
 * regular expression in its field's comment, tested on the line alone.
 *
 * @example
 * countMarkdownLines('# Plan\n\n- one\n- two'); // { lines: 3, headings: 1, listItems: 2, tableRows: 0, codeLines: 0 }
 */
export function countMarkdownLines(text: string): MarkdownLineCounts {
  const counts: MarkdownLineCounts = { lines: 0, headings: 0, listItems: 0, tableRows: 0, codeLines: 0 };
  let insideCode = false;
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let first = start;
    while (first < end && isWhitespace(text.charCodeAt(first))) first++;

    if (first < end) {
      counts.lines++;
      if (isHeading(text, first, end)) counts.headings++;
      if (isListItem(text, first, end)) counts.listItems++;
      if (text.charCodeAt(first) === 0x7c) counts.tableRows++;
      if (text.startsWith('```', first)) insideCode = !insideCode;
      else if (insideCode) counts.codeLines++;
    }
    start = end + 1;
  }
  return counts;
}

const whitespace = /\s/;

function isWhitespace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return whitespace.test(String.fromCharCode(code));
}

/** Tells whether the character at `index` is white space and inside the line that ends before `end`. */
function isWhitespaceAt(text: string, index: number, end: number): boolean {
  return index < end && isWhitespace(text.charCodeAt(index));
}

// The tests below start at the line's first character that is not white space. `\s*` in the
// regular expressions stops there too, because the next character they require never is.

function isHeading(text: string, first: number, end: number): boolean {
  let hashes = 0;
  while (first + hashes < end && text.charCodeAt(first + hashes) === 0x23) hashes++;
  return hashes >= 1 && hashes <= 6 && isWhitespaceAt(text, first + hashes, end);
}

function isListItem(text: string, first: number, end: number): boolean {
  const code = text.charCodeAt(first);
  if (code === 0x2d || code === 0x2a || code === 0x2b || code === 0x2022) return isWhitespaceAt(text, first + 1, end);

  let digitsEnd = first;
  while (digitsEnd < end && isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
  if (digitsEnd === first || digitsEnd === end) return false;
  const after = text.charCodeAt(digitsEnd);
  return (after === 0x2e || after === 0x29) && isWhitespaceAt(text, digitsEnd + 1, end);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
