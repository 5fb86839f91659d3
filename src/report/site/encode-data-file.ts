import { dataCallbackName } from './site-data.js';

/** The characters that could end a script or a line inside one, with their JSON escapes. */
const unsafeCharacters: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Serialises a value as JSON that is safe inside a script: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes, which parse back to the same characters. So a reply containing
 * `</script>` or `<!--` cannot end or comment out the script, and the line separators, which older
 * JavaScript parsers read as line ends inside strings, never appear raw.
 */
export function toScriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => unsafeCharacters[character]!);
}

/**
 * Builds the text of a data file: one call of the site's callback with the data path and its
 * payload, which a page opened from `file://` can load with a `<script>` element.
 *
 * @example
 * encodeDataFile('runs/20261204-7f3c9a/summary', summary); // 'complicitySiteData("runs/…/summary",{…});\n'
 */
export function encodeDataFile(path: string, payload: unknown): string {
  return `${dataCallbackName}(${toScriptSafeJson(path)},${toScriptSafeJson(payload)});\n`;
}

/**
 * Yields the text of `encodeDataFile(path, payload)` in parts: the array under `arrayKey` one item
 * at a time and every other field whole. A transcript file contains megabytes of replies, and as
 * one string, encoded and escaped, it would be copied several times in memory at once.
 */
export function* encodeDataFileInParts<T extends object>(path: string, payload: T, arrayKey: keyof T & string): Generator<string> {
  yield `${dataCallbackName}(${toScriptSafeJson(path)},{`;
  let first = true;
  for (const [key, value] of Object.entries(payload)) {
    // JSON.stringify leaves out fields whose value is undefined, and so does this.
    if (value === undefined) continue;
    yield `${first ? '' : ','}${toScriptSafeJson(key)}:`;
    first = false;
    if (key !== arrayKey || !Array.isArray(value)) {
      yield toScriptSafeJson(value);
      continue;
    }
    yield '[';
    // The comma is its own part: joined to an item's JSON, the pair would be copied whole to be written.
    for (const [index, item] of (value as unknown[]).entries()) {
      if (index > 0) yield ',';
      yield toScriptSafeJson(item ?? null);
    }
    yield ']';
  }
  yield '});\n';
}
