import type { HeldOut } from './fit-held-out.js';
import { fitNames, formatPenaltyFactor, formatPenaltyTable, type PenaltyRecord } from './format-penalty-table.js';

/**
 * Reads back the penalty table that `formatPenaltyTable` wrote into `text`, such as the data card,
 * after Prettier has padded its cells. A table written for another grid of factors is rejected,
 * since its choices would not be this grid's.
 *
 * @throws {Error} when the table is missing, has other columns, or a cell cannot be read.
 */
export function readPenaltyTable({ text, factors }: { text: string; factors: readonly number[] }): PenaltyRecord[] {
  const lines = text.split('\n');
  const headings = cellsOf(formatPenaltyTable({ records: [], factors }).split('\n')[0]!);
  const start = lines.findIndex((line) => sameCells(cellsOf(line), headings));
  if (start < 0) {
    throw new Error(`No penalty table with the columns ${headings.join(', ')} was found. Run npm run fit:offline-judge to write it.`);
  }

  const records: PenaltyRecord[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    records.push(readRow({ cells: cellsOf(line), factors }));
  }
  return records;
}

function readRow({ cells, factors }: { cells: string[]; factors: readonly number[] }): PenaltyRecord {
  const invalid = (problem: string) => new Error(`The penalty table row "${cells.join(' | ')}" has ${problem}.`);
  if (cells.length !== factors.length + 4) throw invalid(`${cells.length} cells instead of ${factors.length + 4}`);

  const [fit, name, training] = cells as [string, string, string];
  const heldOut = readHeldOut(fit, name);
  if (heldOut === undefined) throw invalid(`an unknown fit "${fit}"`);
  const trainingReplies = Number(training);
  if (!Number.isInteger(trainingReplies) || trainingReplies <= 0) throw invalid(`an invalid number of training replies "${training}"`);
  const innerLogLoss = cells.slice(3, 3 + factors.length).map(Number);
  if (innerLogLoss.some((loss) => !Number.isFinite(loss))) throw invalid('a log loss that is not a number');
  const factor = factors.find((candidate) => formatPenaltyFactor(candidate) === cells.at(-1));
  if (factor === undefined) throw invalid(`a chosen factor "${cells.at(-1)}" outside the grid`);

  return { heldOut, trainingReplies, penalty: { factor, innerLogLoss } };
}

/** Returns what a row's fit held out, null for the shipped fit, or undefined for an unknown fit. */
function readHeldOut(fit: string, name: string): HeldOut | null | undefined {
  if (fit === fitNames.shipped) return null;
  if (fit === fitNames.model) return { groupBy: 'model', name };
  if (fit === fitNames.file) return { groupBy: 'file', name };
  return undefined;
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function sameCells(first: readonly string[], second: readonly string[]): boolean {
  return first.length === second.length && first.every((cell, index) => cell === second[index]);
}
