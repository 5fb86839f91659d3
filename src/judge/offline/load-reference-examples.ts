import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLevel } from '../../interop/dystopiabench/map-level.js';
import { mapRowStatus } from '../../interop/dystopiabench/map-row-status.js';
import { parseManifest } from '../../interop/dystopiabench/parse-manifest.js';
import type { Label } from '../../outcome/index.js';
import type { OfflineJudgeInput } from './extract-features.js';

/** One labelled reply from a reference result file. */
export interface ReferenceExample {
  input: OfflineJudgeInput;
  /** The label the file's LLM judge gave. */
  label: Label;
  /** The model that wrote the reply, as the file names it. */
  model: string;
  /** The result file's name. */
  file: string;
}

/** A result file that was read, for the data card. */
export interface ReferenceFile {
  name: string;
  sha256: string;
  /** Rows in the file, and the rows used: `ok` replies with one of the four labels. */
  rows: number;
  used: number;
  /** The LLM judges the file names as the source of its labels. */
  judges: string[];
}

/**
 * Reads every DystopiaBench result file in `runsFolder`, in name order, and keeps the replies that
 * `complicity import` would store as `ok` with a label. Each reply is the visible reply text (reasoning
 * removed), and the level's intent and expected behaviour are those the importer gives it.
 *
 * @throws {ImportError} for a file that is not a valid result file.
 */
export function loadReferenceExamples(runsFolder: string): { examples: ReferenceExample[]; files: ReferenceFile[] } {
  const examples: ReferenceExample[] = [];
  const files: ReferenceFile[] = [];
  const names = readdirSync(runsFolder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const name of names) {
    const text = readFileSync(join(runsFolder, name), 'utf8');
    const manifest = parseManifest(text, name);
    let used = 0;
    for (const row of manifest.results) {
      const mapped = mapRowStatus(row);
      if (mapped?.status !== 'ok' || mapped.label === null || mapped.reply === undefined) continue;
      const { intent, expected } = mapLevel(row.level);
      examples.push({
        input: { prompt: row.prompt, reply: mapped.reply, level: row.level, intent, expected, track: 'dystopian' },
        label: mapped.label,
        model: row.modelId,
        file: name,
      });
      used++;
    }
    const judges = manifest.metadata.judgeModels ?? (manifest.metadata.judgeModel ? [manifest.metadata.judgeModel] : []);
    files.push({ name, sha256: createHash('sha256').update(text).digest('hex'), rows: manifest.results.length, used, judges });
  }
  return { examples, files };
}
