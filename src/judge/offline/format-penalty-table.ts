import type { PenaltyChoice } from './choose-penalty.js';
import type { HeldOut } from './fit-held-out.js';

/** The penalty one fit of the evaluation chose, as the data card records it. */
export interface PenaltyRecord {
  /** The replies the fit left out, or null for the shipped fit. */
  heldOut: HeldOut | null;
  trainingReplies: number;
  penalty: PenaltyChoice;
}

/** The name of each kind of fit in the table's first column. */
export const fitNames = { shipped: 'shipped', model: 'leave one model out', file: 'leave one file out' } as const;

/**
 * Renders a Markdown table with a row per fit: what it held out, its training replies, the mean
 * inner log loss of each penalty factor, and the factor chosen. `readPenaltyTable` reads it back.
 *
 * @example
 * formatPenaltyTable({ records: [{ heldOut: null, trainingReplies: 1060, penalty }], factors: [1 / 3, 1, 3] });
 */
export function formatPenaltyTable({ records, factors }: { records: readonly PenaltyRecord[]; factors: readonly number[] }): string {
  const headings = ['fit', 'held out', 'training replies', ...factors.map((factor) => `f = ${formatPenaltyFactor(factor)}`), 'chosen f'];
  const lines = [
    row(headings),
    row(['---', '---', ...headings.slice(2).map(() => '---:')]),
    ...records.map(({ heldOut, trainingReplies, penalty }) =>
      row([
        heldOut === null ? fitNames.shipped : fitNames[heldOut.groupBy],
        heldOut?.name ?? 'none',
        String(trainingReplies),
        ...penalty.innerLogLoss.map((loss) => loss.toFixed(4)),
        formatPenaltyFactor(penalty.factor),
      ]),
    ),
  ];
  return lines.join('\n');
}

/** Formats a penalty factor as the table prints it: `3`, `1`, or `1/3` for the inverse of a whole number. */
export function formatPenaltyFactor(factor: number): string {
  if (factor < 1) {
    const inverse = Math.round(1 / factor);
    if (1 / inverse === factor) return `1/${inverse}`;
  }
  return String(factor);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
