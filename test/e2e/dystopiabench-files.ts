import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './cli.js';

/**
 * Real DystopiaBench result files kept beside the repository. A fresh clone does not have
 * them, so the tests that read them skip when the folder is absent.
 */
export const referenceFolder = join(repositoryRoot, '../shared/reference/dystopiabench');
export const hasReferenceFolder = existsSync(join(referenceFolder, 'runs'));

/** The result files the tests read: schema versions 2, 4 and 6. */
export const resultFileNames = [
  '2026-03-01-stateful-petrov-orwell.json',
  '2026-03-26-stateful-laguardia-basaglia.json',
  '2026-04-09-stateful-7models-schema6.json',
] as const;

export type ResultFileName = (typeof resultFileNames)[number];

export const labels = ['refusal', 'hesitant', 'compliant', 'proactive'] as const;

export type Label = (typeof labels)[number];

/** The fields of a result row that the tests read, as the file stores them. */
export interface RecordedRow {
  scenarioId: string;
  modelId: string;
  level: number;
  replicate?: number;
  prompt: string;
  response: string;
  compliance?: string;
  score?: number | string | null;
  status: string;
  errorCode?: string;
  implicitRefusalFromEmpty?: boolean;
}

/** One result file, parsed by the test itself rather than by the importer. */
export interface ResultFile {
  name: ResultFileName;
  path: string;
  text: string;
  summary?: { totalPrompts?: number; scoredPrompts?: number };
  rows: RecordedRow[];
}

export function readResultFile(name: ResultFileName): ResultFile {
  const path = join(referenceFolder, 'runs', name);
  const text = readFileSync(path, 'utf8');
  const data = JSON.parse(text) as { summary?: ResultFile['summary']; results: RecordedRow[] };
  return { name, path, text, summary: data.summary, rows: data.results };
}

/** Returns true when the row contains no text of the model's own, which DystopiaBench scores as a refusal and Complicity stores as `empty`. */
export function isEmptyReply(row: RecordedRow): boolean {
  return row.implicitRefusalFromEmpty === true || /^EMPTY_MODEL_RESPONSE/.test(row.errorCode ?? '') || row.response.trim() === '';
}

/** Returns true for a row that Complicity scores: status `ok` and a reply that is not empty. */
export function isScoredRow(row: RecordedRow): boolean {
  return row.status === 'ok' && !isEmptyReply(row);
}

/** Returns the turn status a replay of the row should store. Throws on any other row status, so a new kind of row fails the tests. */
export function expectedTurnStatus(row: RecordedRow): 'ok' | 'empty' | 'error' {
  if (row.status === 'ok') return isEmptyReply(row) ? 'empty' : 'ok';
  if (row.status === 'aborted' || row.status === 'model_error') return 'error';
  throw new Error(`Row ${rowKey(row)} has status "${row.status}", which these tests do not map; extend expectedTurnStatus.`);
}

/** Identifies a turn across the file, the store and the replay: model, scenario, level and replicate. */
export function turnKey({
  model,
  scenarioId,
  level,
  replicate,
}: {
  model: string;
  scenarioId: string;
  level: number;
  replicate: number;
}): string {
  return JSON.stringify([model, scenarioId, level, replicate]);
}

export function rowKey(row: RecordedRow): string {
  return turnKey({ model: row.modelId, scenarioId: row.scenarioId, level: row.level, replicate: row.replicate ?? 1 });
}

/** Returns the recorded model id of a model spec: MODEL for `replay:FILE#MODEL`, and the spec itself for an imported run's model. */
export function recordedModelId(spec: string): string {
  return spec.slice(spec.lastIndexOf('#') + 1);
}

/** Averages the recorded `score` over the rows and counts them. */
export function meanScore(rows: readonly RecordedRow[]): { meanDcs: number | null; n: number } {
  if (rows.length === 0) return { meanDcs: null, n: 0 };
  const sum = rows.reduce((total, row) => total + Number(row.score), 0);
  return { meanDcs: sum / rows.length, n: rows.length };
}

export function groupByModel(rows: readonly RecordedRow[]): Map<string, RecordedRow[]> {
  const byModel = new Map<string, RecordedRow[]>();
  for (const row of rows) byModel.set(row.modelId, [...(byModel.get(row.modelId) ?? []), row]);
  return byModel;
}

/**
 * Lists the rows that a stateful run of ours leaves unattempted, by key: every level after the
 * first one in its conversation that did not end `ok` (a failed call or an empty reply).
 */
export function keysAfterFirstFailure(rows: readonly RecordedRow[]): Set<string> {
  const conversations = new Map<string, RecordedRow[]>();
  for (const row of rows) {
    const conversation = JSON.stringify([row.modelId, row.scenarioId, row.replicate ?? 1]);
    conversations.set(conversation, [...(conversations.get(conversation) ?? []), row]);
  }
  const skipped = new Set<string>();
  for (const conversation of conversations.values()) {
    const byLevel = [...conversation].sort((a, b) => a.level - b.level);
    const firstFailure = byLevel.findIndex((row) => expectedTurnStatus(row) !== 'ok');
    if (firstFailure < 0) continue;
    for (const row of byLevel.slice(firstFailure + 1)) skipped.add(rowKey(row));
  }
  return skipped;
}

/**
 * Reduces a reply, from the file or from a judge prompt, to the text the judge prompt carries.
 * It removes a leading `<think>` block and the surrounding whitespace, and turns `[BEGIN`/`[END`
 * into `(BEGIN`/`(END` as the judge prompt neutralises them.
 */
export function normaliseReplyText(text: string): string {
  const answer = text.trim().replace(/^<think>[\s\S]*?<\/think>/, '');
  return answer.replace(/\[(\s*)(begin|end)\b/gi, '($1$2').trim();
}

/** Agreement figures in the shape `stats --json` reports them under `verdictSets`. */
export interface Agreement {
  n: number;
  exactAgreement: number | null;
  kappa: number | null;
  weightedKappa: number | null;
  matrix: Record<Label, Record<Label, number>>;
}

/**
 * Computes the agreement of `[first, second]` label pairs by hand. From the confusion matrix
 * come the observed agreement p_o, the expected agreement p_e from the marginals, and Cohen's
 * kappa. The weighted kappa uses quadratic disagreement weights (i − j)² / 9 over the order
 * refusal < hesitant < compliant < proactive.
 */
export function agreementByHand(pairs: readonly (readonly [Label, Label])[]): Agreement {
  const matrix = Object.fromEntries(labels.map((row) => [row, Object.fromEntries(labels.map((column) => [column, 0]))])) as Record<
    Label,
    Record<Label, number>
  >;
  for (const [first, second] of pairs) matrix[first][second]++;
  const n = pairs.length;
  if (n === 0) return { n, exactAgreement: null, kappa: null, weightedKappa: null, matrix };

  const rowSums = labels.map((row) => labels.reduce((sum, column) => sum + matrix[row][column], 0));
  const columnSums = labels.map((column) => labels.reduce((sum, row) => sum + matrix[row][column], 0));

  const observedAgreement = labels.reduce((sum, label) => sum + matrix[label][label], 0) / n;
  const expectedAgreement = labels.reduce((sum, _label, i) => sum + (rowSums[i]! / n) * (columnSums[i]! / n), 0);
  const kappa = expectedAgreement === 1 ? null : (observedAgreement - expectedAgreement) / (1 - expectedAgreement);

  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  labels.forEach((row, i) => {
    labels.forEach((column, j) => {
      const weight = (i - j) ** 2 / 9;
      observedDisagreement += (weight * matrix[row][column]) / n;
      expectedDisagreement += (weight * rowSums[i]! * columnSums[j]!) / n ** 2;
    });
  });
  const weightedKappa = expectedDisagreement === 0 ? null : 1 - observedDisagreement / expectedDisagreement;

  return { n, exactAgreement: observedAgreement, kappa, weightedKappa, matrix };
}
