const escapes: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * Writes line breaks inside a message as `\n`, so an error or warning stays on one line of the
 * terminal. Messages can quote text from files, such as the snippet `JSON.parse` puts in its
 * errors, and the escaped form still shows where the break was.
 *
 * @example
 * toOneLine('Unexpected token \'v\', "vm\n" is not valid JSON'); // 'Unexpected token \'v\', "vm\\n" is not valid JSON'
 */
export function toOneLine(message: string): string {
  return message.replace(/[\r\n\u2028\u2029]/g, (lineBreak) => escapes[lineBreak]!);
}
