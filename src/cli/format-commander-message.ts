/**
 * Rewrites an error message of commander into the CLI's own form: `Error:` first, then what must
 * change, naming the flag and the value seen, such as `--mode must be stateful or stateless, got "x".`
 *
 * Commander puts `option '--x <n>' argument 'v' is invalid.` before the message of a parser that
 * rejects a value. The parsers in `parse-flags.ts` name the flag and the value themselves, so that
 * prefix is dropped. Messages this function does not recognise keep commander's words.
 */
export function formatCommanderMessage(text: string): string {
  const body = text.replace(/^error: /, '');

  const parsed = /^option '(--[\w-]+)[^']*' argument '[\s\S]*' is invalid\. (\1 [\s\S]*)$/.exec(body);
  if (parsed) return `Error: ${parsed[2]}`;

  // The parsers of arguments name them as the help does, such as `<path>` or `[path]`.
  const parsedArgument = /^command-argument value '[\s\S]*' is invalid for argument '([\w-]+)'\. ([<[]\1[>\]] [\s\S]*)$/.exec(body);
  if (parsedArgument) return `Error: ${parsedArgument[2]}`;

  const optionChoice = /^option '(--[\w-]+)[^']*' argument '([\s\S]*)' is invalid\. Allowed choices are (.*)\.\n?$/.exec(body);
  if (optionChoice) return `Error: ${optionChoice[1]} must be ${listChoices(optionChoice[3]!)}, got ${JSON.stringify(optionChoice[2])}.\n`;

  const argumentChoice = /^command-argument value '([\s\S]*)' is invalid for argument '([\w-]+)'\. Allowed choices are (.*)\.\n?$/.exec(
    body,
  );
  if (argumentChoice) {
    return `Error: <${argumentChoice[2]}> must be ${listChoices(argumentChoice[3]!)}, got ${JSON.stringify(argumentChoice[1])}.\n`;
  }

  const missingValue = /^option '((--[\w-]+)[^']*)' argument missing\n?$/.exec(body);
  if (missingValue) return `Error: ${missingValue[2]} needs a value: ${missingValue[1]}.\n`;

  return `Error: ${body}`;
}

/** Joins `a, b, c` (commander's list) as `a, b or c`. */
function listChoices(choices: string): string {
  const items = choices.split(', ');
  return items.length < 2 ? choices : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
