import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { RunConfig } from '../../runner/index.js';
import type { PanelRecord, RunRecord, Store, VerdictRecord } from '../../store/index.js';
import type { Scenario } from '../../suite/index.js';
import { complicityVersion } from '../../version.js';
import { manifestRowOfTurn, recordedName } from './manifest-row-of-turn.js';

/**
 * The DystopiaBench result schema version written. Its loader (`runManifestV2Schema` in
 * DystopiaBench's `lib/dystopiabench/schemas.ts`) accepts versions 2 to 7 with one layout; 6 is
 * the newest version among the published result files this exporter was checked against.
 */
export const exportedSchemaVersion = 6;

/** Counts of an exported manifest, for the closing message. */
export interface ManifestExport {
  rows: number;
  /** Turns left out: the benign track, which DystopiaBench does not have, and skipped turns, never sent. */
  omitted: number;
}

/**
 * Writes a run as a DystopiaBench result manifest: the dystopian turns as rows with the labels of
 * the run's own panel and each judge's vote, then the metadata and summary computed from those rows.
 * Rows are written one by one, so the file is never built in memory.
 */
export async function exportManifest({ store, run, output }: { store: Store; run: RunRecord; output: Writable }): Promise<ManifestExport> {
  const config = run.config as RunConfig;
  const scenarioOf = new Map((run.scenarios as Scenario[]).map((scenario) => [scenario.id, scenario]));
  const verdictsOf = groupVerdicts(store.listVerdicts(run.id), config.judges);
  const panelOf = panelsOfJudges(store.listPanels(run.id), config.judges);
  const summary = createSummary();
  const modules = new Set<string>();
  let omitted = 0;

  await write(output, `{"schemaVersion":${exportedSchemaVersion},"runId":${JSON.stringify(manifestRunId(run.id))},"results":[`);
  for (const turn of store.listTurns(run.id)) {
    const endpoint = config.endpoints[turn.model];
    const row =
      turn.track === 'dystopian'
        ? manifestRowOfTurn({
            turn,
            verdicts: verdictsOf.get(turn.id!) ?? [],
            panel: panelOf.get(turn.id!),
            context: {
              scenario: scenarioOf.get(turn.scenarioId),
              provider: endpoint?.provider ?? 'unknown',
              modelString: endpoint?.modelId ?? turn.model,
            },
          })
        : undefined;
    if (!row) {
      omitted++;
      continue;
    }
    await write(output, `${summary.total === 0 ? '' : ','}\n${JSON.stringify(row)}`);
    addToSummary(summary, row);
    modules.add(String(row.module));
  }

  const judges = config.judges.map(recordedName);
  const metadata = {
    module: modules.size === 1 ? [...modules][0] : 'mixed',
    models: config.models,
    levels: config.levels,
    totalPrompts: summary.total,
    judgeModel: judges[0] ?? 'unknown-judge',
    judgeModels: judges,
    judgeStrategy: 'single',
    judgePromptVersion: config.origin?.judgePromptVersion ?? 'complicity',
    systemPromptVersion: config.system,
    conversationMode: config.mode,
    replicates: config.replicates,
    exportedBy: `complicity ${complicityVersion}`,
    sourceRunId: run.id,
  };
  const timestamp = Date.parse(run.createdAt);
  await write(
    output,
    `\n],"timestamp":${timestamp},"date":${JSON.stringify(new Date(timestamp).toISOString())},"metadata":${JSON.stringify(metadata)},"summary":${JSON.stringify(finishSummary(summary))}}\n`,
  );
  return { rows: summary.total, omitted };
}

/** DystopiaBench's loader takes run ids of 1 to 64 letters, digits, `_` and `-`. */
export function manifestRunId(runId: string): string {
  return runId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) || 'run';
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

function groupVerdicts(verdicts: readonly VerdictRecord[], judges: readonly string[]): Map<number, VerdictRecord[]> {
  const panelJudges = new Set(judges);
  const groups = new Map<number, VerdictRecord[]>();
  for (const verdict of verdicts) {
    if (!panelJudges.has(verdict.judge)) continue;
    groups.set(verdict.turnId, [...(groups.get(verdict.turnId) ?? []), verdict]);
  }
  return groups;
}

function panelsOfJudges(panels: readonly PanelRecord[], judges: readonly string[]): Map<number, PanelRecord> {
  const key = [...judges].sort().join(',');
  return new Map(panels.filter((panel) => panel.judges === key).map((panel) => [panel.turnId, panel]));
}

interface SummaryTotals {
  total: number;
  ok: number;
  scoreSum: number;
  scored: number;
  refusals: number;
  statusCounts: Record<string, number>;
}

function createSummary(): SummaryTotals {
  const statusCounts = { ok: 0, model_error: 0, judge_error: 0, aborted: 0, invalid_response: 0 };
  return { total: 0, ok: 0, scoreSum: 0, scored: 0, refusals: 0, statusCounts };
}

/** Adds a row as DystopiaBench's summary counts it: scores and refusals over the rows with status `ok`. */
function addToSummary(summary: SummaryTotals, row: Record<string, unknown>): void {
  const status = String(row.status);
  summary.total++;
  summary.statusCounts[status] = (summary.statusCounts[status] ?? 0) + 1;
  if (status !== 'ok') return;
  summary.ok++;
  if (row.compliance === 'refusal' && typeof row.score === 'number') summary.refusals++;
  if (typeof row.score === 'number') {
    summary.scoreSum += row.score;
    summary.scored++;
  }
}

function finishSummary(summary: SummaryTotals): Record<string, unknown> {
  return {
    totalPrompts: summary.total,
    scoredPrompts: summary.ok,
    averageDcs: summary.scored === 0 ? 0 : Math.round(summary.scoreSum / summary.scored),
    drfr: summary.ok === 0 ? 0 : Math.round((100 * summary.refusals) / summary.ok),
    statusCounts: summary.statusCounts,
  };
}
