import { createHash } from 'node:crypto';
import { ImportError } from '../../error/index.js';
import type { Label, UnscoredReason } from '../../outcome/index.js';
import { defaultLimits, type RunConfig } from '../../runner/index.js';
import type { PanelVote, RunRecord, TurnRecord, VerdictFlags } from '../../store/index.js';
import { hashSuite, type Level, type Scenario } from '../../suite/index.js';
import { complicityVersion } from '../../version.js';
import type { Manifest, ManifestRow } from './manifest-schema.js';
import { mapCategory, knownCategories } from './map-category.js';
import { mapLevel } from './map-level.js';
import { describeUnknownStatus, mapRowStatus, normaliseLabel } from './map-row-status.js';
import { findSummaryMismatches } from './find-summary-mismatches.js';

/** A verdict as the file records it, before it is attached to its stored turn. */
export interface ImportedVerdict {
  judge: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
  rationale?: string;
  flags?: VerdictFlags;
}

/** One row in our terms: the turn, the verdicts of its judges, and the final (panel) label. */
export interface ImportedTurn {
  turn: Omit<TurnRecord, 'runId'>;
  verdicts: ImportedVerdict[];
  panel?: { label: Label | null; unscoredReason: UnscoredReason | null; votes: PanelVote[] };
}

export interface ImportedRun {
  run: RunRecord;
  /** The run's configuration, typed; the same object as `run.config`. */
  config: RunConfig;
  turns: ImportedTurn[];
  promptVersion: string;
  promptHash: string;
}

/**
 * Turns a parsed DystopiaBench manifest into a run of ours, without touching the store.
 *
 * The scenarios come from the rows' own ids, titles and prompts, since a run's rows are the
 * record of what was sent; the file holds no organisation, setting or system prompt for them.
 */
export function buildImportedRun({ manifest, file, sha256 }: { manifest: Manifest; file: string; sha256: string }): ImportedRun {
  const judges = recordedJudges(manifest);
  const promptVersion = `dystopiabench-${manifest.metadata.judgePromptVersion ?? 'unknown'}`;
  const promptHash = createHash('sha256').update(`dystopiabench judge prompt ${promptVersion}`).digest('hex');
  // A date or timestamp out of range (JavaScript dates end in the year 275760) falls back to the next source.
  const finishedAt = isoDate(manifest.date) ?? isoTime(manifest.timestamp) ?? new Date().toISOString();

  const turns = manifest.results.map((row, index) => importRow({ row, index, file, judges, finishedAt }));
  assertUniqueTurns(manifest.results, file);
  const scenarios = buildScenarios(manifest.results, file);
  const models = unique(manifest.results.map((row) => row.modelId));
  const mode = manifest.metadata.conversationMode === 'stateless' ? 'stateless' : 'stateful';

  const config: RunConfig = {
    models,
    judges: judges.map((judge) => `recorded:${judge}`),
    mode,
    system: 'recorded',
    replicates: Math.max(...manifest.results.map((row) => row.replicate ?? 1)),
    levels: unique(manifest.results.map((row) => row.level)).sort((a, b) => a - b),
    tracks: ['dystopian'],
    scenarioIds: scenarios.map((scenario) => scenario.id),
    suitePaths: [],
    endpoints: Object.fromEntries(
      models.map((model) => {
        const row = manifest.results.find((candidate) => candidate.modelId === model)!;
        return [model, { provider: row.provider ?? 'unknown', modelId: row.modelString ?? model, host: 'recorded' }];
      }),
    ),
    limits: defaultLimits,
    origin: {
      kind: 'dystopiabench',
      file,
      sha256,
      schemaVersion: manifest.schemaVersion,
      sourceRunId: manifest.runId,
      date: manifest.date,
      judges,
      judgePromptVersion: manifest.metadata.judgePromptVersion,
      summaryMismatches: findSummaryMismatches(manifest),
    },
  };

  // The run dates from when the source tool made it, so lists and the site show that date, not the import's.
  const run: RunRecord = {
    id: importedRunId(sha256),
    createdAt: finishedAt,
    updatedAt: new Date().toISOString(),
    status: 'complete',
    suiteHash: hashSuite(scenarios),
    config,
    scenarios,
    complicityVersion,
  };
  return { run, config, turns, promptVersion, promptHash };
}

/** The id of the run imported from a file: the same file always gets the same id. */
export function importedRunId(sha256: string): string {
  return `dystopiabench-${sha256.slice(0, 12)}`;
}

function recordedJudges(manifest: Manifest): string[] {
  const fromRows = manifest.results.flatMap((row) => row.judgeVotes?.map((vote) => vote.judge) ?? []);
  const declared = manifest.metadata.judgeModels ?? (manifest.metadata.judgeModel ? [manifest.metadata.judgeModel] : []);
  const judges = unique([...declared, ...fromRows]);
  return judges.length > 0 ? judges : ['unknown-judge'];
}

function importRow({
  row,
  index,
  file,
  judges,
  finishedAt,
}: {
  row: ManifestRow;
  index: number;
  file: string;
  judges: string[];
  finishedAt: string;
}): ImportedTurn {
  const mapped = mapRowStatus(row);
  if (!mapped) {
    throw new ImportError({
      file,
      field: `results[${index}].status`,
      message: describeUnknownStatus(row.status),
    });
  }
  const turn: Omit<TurnRecord, 'runId'> = {
    model: row.modelId,
    scenarioId: row.scenarioId,
    track: 'dystopian',
    level: row.level,
    replicate: row.replicate ?? 1,
    status: mapped.status,
    statusKind: mapped.statusKind,
    statusMessage: mapped.statusMessage,
    prompt: row.prompt,
    reply: mapped.reply,
    reasoning: mapped.reasoning,
    attempts: Number(row.transportAttempts ?? 1),
    responseModel: row.modelString,
    finishedAt: isoTime(row.timestamp) ?? finishedAt,
  };
  if (mapped.status !== 'ok') return { turn, verdicts: [] };

  const verdicts = recordedVerdicts(row, mapped, judges);
  // The row's own verdicts are its votes: a judge the file declares but who did not vote here casts none.
  const votes = verdicts.map((verdict) => ({ judge: verdict.judge, label: verdict.label, unscoredReason: verdict.unscoredReason }));
  return {
    turn,
    verdicts,
    panel: { label: mapped.label, unscoredReason: mapped.label === null ? (mapped.unscoredReason ?? 'parse_failure') : null, votes },
  };
}

/** The verdicts of each recorded judge; a file without votes records its one judge's label on the row. */
function recordedVerdicts(row: ManifestRow, mapped: ReturnType<typeof mapRowStatus> & object, judges: string[]): ImportedVerdict[] {
  if (row.judgeVotes && row.judgeVotes.length > 0) {
    return row.judgeVotes.map((vote) => {
      const label = mapped.unscoredReason === 'judge_error' ? null : normaliseLabel(vote.compliance);
      return {
        judge: `recorded:${vote.judge}`,
        label,
        unscoredReason: label === null ? (mapped.unscoredReason ?? 'parse_failure') : null,
        rationale: vote.reasoning,
      };
    });
  }
  return [
    {
      judge: `recorded:${judges[0]!}`,
      label: mapped.label,
      unscoredReason: mapped.label === null ? (mapped.unscoredReason ?? 'parse_failure') : null,
      rationale: row.judgeReasoning,
    },
  ];
}

/** Builds each scenario from its rows: title, category and the prompt of each level. */
function buildScenarios(rows: readonly ManifestRow[], file: string): Scenario[] {
  const byId = new Map<string, ManifestRow[]>();
  for (const row of rows) byId.set(row.scenarioId, [...(byId.get(row.scenarioId) ?? []), row]);

  return [...byId].map(([id, scenarioRows]) => {
    const first = scenarioRows[0]!;
    const category = first.scenarioCategory ?? 'unknown';
    const family = mapCategory({ category, module: first.module });
    if (!family) {
      throw new ImportError({
        file,
        field: `results[${rows.indexOf(first)}].scenarioCategory`,
        message: `no family is known for category "${category}" in module "${first.module ?? 'unknown'}"; known categories: ${knownCategories.join(', ')}`,
      });
    }
    const levels: Level[] = unique(scenarioRows.map((row) => row.level))
      .sort((a, b) => a - b)
      .map((level) => ({ level, ...mapLevel(level), prompt: scenarioRows.find((row) => row.level === level)!.prompt }));
    return {
      id,
      title: first.scenarioTitle ?? id,
      family,
      locale: 'en',
      organisation: {
        name: 'not recorded',
        country: 'not recorded',
        sector: category,
        description: `A DystopiaBench scenario of the ${first.module ?? 'unknown'} module.`,
      },
      setting: 'not recorded: the result file holds the prompts but not the context the model was given',
      endState: `${category}: ${first.scenarioTitle ?? id}`,
      levels,
      tags: ['dystopiabench', ...(first.module ? [first.module] : [])],
    } satisfies Scenario;
  });
}

/** Rejects a file with two rows for the same model, scenario, level and replicate: one would silently replace the other. */
function assertUniqueTurns(rows: readonly ManifestRow[], file: string): void {
  const seen = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    const key = JSON.stringify([row.modelId, row.scenarioId, row.level, row.replicate ?? 1]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ImportError({
        file,
        field: `results[${index}]`,
        message: `repeats results[${first}]: both are ${row.modelId} on ${row.scenarioId} level ${row.level}, replicate ${row.replicate ?? 1}`,
      });
    }
    seen.set(key, index);
  }
}

/** Converts a date string to an ISO date, or returns undefined when it is absent or not a date. */
function isoDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/** A millisecond timestamp as an ISO date, or undefined when it is absent or out of range. */
function isoTime(timestamp: number | undefined): string | undefined {
  if (timestamp === undefined) return undefined;
  const date = new Date(Number(timestamp));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
