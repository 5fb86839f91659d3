import type { Writable } from 'node:stream';
import type { ExportTurn } from './export-turn.js';
import { writeText } from './write-text.js';

/**
 * Writes one JSON object per turn and line (JSON Lines). `JSON.stringify` escapes every line break
 * inside strings, so a line never splits. Returns the number of lines written.
 */
export async function writeJsonl(turns: Iterable<ExportTurn>, output: Writable): Promise<number> {
  let count = 0;
  for (const turn of turns) {
    await writeText(output, `${JSON.stringify(turn)}\n`);
    count++;
  }
  return count;
}
