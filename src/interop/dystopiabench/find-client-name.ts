/**
 * Finds the client named on a `Client:` line of a DystopiaBench system context.
 *
 * The name is the text after `Client:` up to the first parenthesis or the end of the line,
 * trimmed, so `Client: Harbour Board (400 staff)` gives `Harbour Board`. The line may be indented.
 * Returns undefined when no line starts with `Client:` or the name is empty.
 *
 * @example
 * findClientName('You assist the planning office.\nClient: Harbour Board (400 staff)'); // 'Harbour Board'
 */
export function findClientName(systemContext: string): string | undefined {
  const match = /^[ \t]*Client:([^(\r\n]*)/m.exec(systemContext);
  const name = match?.[1]?.trim();
  return name === '' ? undefined : name;
}
