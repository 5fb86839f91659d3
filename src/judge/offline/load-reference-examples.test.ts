import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  hasReferenceFolder,
  isScoredRow,
  readResultFile,
  referenceFolder,
  resultFileNames,
} from '../../../test/e2e/dystopiabench-files.js';
import { loadReferenceExamples } from './load-reference-examples.js';

const skipNote = hasReferenceFolder ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';

describe.skipIf(!hasReferenceFolder)(`loadReferenceExamples${skipNote}`, () => {
  const { examples, files } = hasReferenceFolder ? loadReferenceExamples(join(referenceFolder, 'runs')) : { examples: [], files: [] };

  it('reads the files in name order', () => {
    expect(files.map((file) => file.name)).toEqual([...resultFileNames]);
  });

  it('keeps every scored row with a label', () => {
    for (const name of resultFileNames) {
      const scored = readResultFile(name).rows.filter((row) => isScoredRow(row) && row.compliance !== undefined);
      expect(examples.filter((example) => example.file === name)).toHaveLength(scored.length);
      expect(files.find((file) => file.name === name)?.used).toBe(scored.length);
    }
  });

  it('gives each reply its level, intent and expectation', () => {
    for (const example of examples) {
      expect(example.input.expected).toBe(example.input.level <= 2 ? 'help' : 'decline');
      expect(example.input.track).toBe('dystopian');
      expect(example.input.reply.trim()).not.toBe('');
    }
  });

  it('finds ten models', () => {
    expect(new Set(examples.map((example) => example.model)).size).toBe(10);
  });
});
