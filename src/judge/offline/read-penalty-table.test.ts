import prettier from 'prettier';
import { describe, expect, it } from 'vitest';

import { formatPenaltyTable, type PenaltyRecord } from './format-penalty-table.js';
import { readPenaltyTable } from './read-penalty-table.js';

const factors = [1 / 3, 1, 3];
const records: PenaltyRecord[] = [
  { heldOut: null, trainingReplies: 1060, penalty: { factor: 1, innerLogLoss: [0.6543, 0.6432, 0.66] } },
  { heldOut: { groupBy: 'model', name: 'glm-5' }, trainingReplies: 947, penalty: { factor: 3, innerLogLoss: [0.7, 0.69, 0.68] } },
  { heldOut: { groupBy: 'file', name: 'a.json' }, trainingReplies: 665, penalty: { factor: 1 / 3, innerLogLoss: [0.5, 0.6, 0.7] } },
];

/** Builds a page with the table between other text, padded by Prettier as the data card is. */
async function pageWith(table: string): Promise<string> {
  return prettier.format(`# Card\n\nBefore.\n\n${table}\n\nAfter.\n\n| other | table |\n| --- | --- |\n| 1 | 2 |\n`, {
    parser: 'markdown',
  });
}

describe('readPenaltyTable', () => {
  it('reads back a padded table', async () => {
    const text = await pageWith(formatPenaltyTable({ records, factors }));

    expect(readPenaltyTable({ text, factors })).toEqual(records);
  });

  it('rejects a page without the table', () => {
    expect(() => readPenaltyTable({ text: '# Card\n\nNo table.\n', factors })).toThrow(/No penalty table/);
  });

  it('rejects a table of another grid', async () => {
    const text = await pageWith(formatPenaltyTable({ records: [], factors: [1 / 10, 1, 10] }));

    expect(() => readPenaltyTable({ text, factors })).toThrow(/No penalty table/);
  });

  it('rejects a choice outside the grid', async () => {
    const table = formatPenaltyTable({ records: records.slice(0, 1), factors }).replace(/\| 1 \|$/, '| 2 |');

    await expect(pageWith(table).then((text) => readPenaltyTable({ text, factors }))).rejects.toThrow(/chosen factor "2" outside the grid/);
  });

  it('rejects an unknown fit', async () => {
    const table = formatPenaltyTable({ records: records.slice(0, 1), factors }).replace('| shipped |', '| bootstrap |');

    await expect(pageWith(table).then((text) => readPenaltyTable({ text, factors }))).rejects.toThrow(/unknown fit "bootstrap"/);
  });
});
