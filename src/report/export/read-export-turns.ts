import { RunNotFoundError } from '../../error/index.js';
import { dcsScores, type Label } from '../../outcome/index.js';
import type { RunConfig } from '../../runner/index.js';
import type { PanelRecord, RunRecord, Store, TurnRecord, VerdictRecord } from '../../store/index.js';
import type { Scenario } from '../../suite/index.js';
import type { ExportPanel, ExportTurn, ExportVerdict } from './export-turn.js';
import { findScenarioSuite } from './find-scenario-suite.js';

/** A stored run with its typed configuration and scenarios, as every exporter needs it. */
export interface ExportSource {
  run: RunRecord;
  config: RunConfig;
  scenarios: Scenario[];
}

/** Reads a run for export, or throws `RunNotFoundError` naming the runs the store has. */
export function readExportSource(store: Store, runId: string): ExportSource {
  const run = store.getRun(runId);
  if (!run) throw new RunNotFoundError({ runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  return { run, config: run.config as RunConfig, scenarios: run.scenarios as Scenario[] };
}

/**
 * Yields a run's turns one at a time, scenario by scenario and within one in the store's order
 * (model, track, replicate, level), each with its verdicts and the result of the run's own panel.
 * Only one scenario's rows are held at once, so an exporter writing each line as it comes keeps
 * memory flat however large the run.
 */
export function* readExportTurns(store: Store, source: ExportSource): Generator<ExportTurn> {
  const { run, config } = source;
  const panelJudges = [...config.judges].sort().join(',');
  const panelOf = new Map<number, PanelRecord>();
  for (const panel of store.listPanels(run.id)) {
    if (panel.judges === panelJudges) panelOf.set(panel.turnId, panel);
  }
  const scenarioOf = new Map(source.scenarios.map((scenario) => [scenario.id, scenario]));
  const scenarioIds = [...new Set(store.listTurnOutcomes(run.id).map((outcome) => outcome.scenarioId))].sort();

  for (const scenarioId of scenarioIds) {
    const verdictsOf = groupByTurn(store.listVerdicts(run.id, { scenarioId }));
    for (const turn of store.listTurns(run.id, { scenarioId })) {
      const verdicts = turn.id === undefined ? [] : (verdictsOf.get(turn.id) ?? []);
      const panel = turn.id === undefined ? undefined : panelOf.get(turn.id);
      yield toExportTurn({ turn, verdicts, panel, scenario: scenarioOf.get(turn.scenarioId), config });
    }
  }
}

function groupByTurn(verdicts: readonly VerdictRecord[]): Map<number, VerdictRecord[]> {
  const groups = new Map<number, VerdictRecord[]>();
  for (const verdict of verdicts) {
    const group = groups.get(verdict.turnId) ?? [];
    group.push(verdict);
    groups.set(verdict.turnId, group);
  }
  return groups;
}

function toExportTurn({
  turn,
  verdicts,
  panel,
  scenario,
  config,
}: {
  turn: TurnRecord;
  verdicts: readonly VerdictRecord[];
  panel: PanelRecord | undefined;
  scenario: Scenario | undefined;
  config: RunConfig;
}): ExportTurn {
  const level = levelOf(scenario, turn);
  const suite = findScenarioSuite(scenario, config.suites ?? []);
  return {
    runId: turn.runId,
    model: turn.model,
    responseModel: turn.responseModel ?? null,
    provider: config.endpoints[turn.model]?.provider ?? null,
    scenarioId: turn.scenarioId,
    scenarioTitle: scenario?.title ?? null,
    family: scenario?.family ?? null,
    track: turn.track,
    level: turn.level,
    replicate: turn.replicate,
    intent: level?.intent ?? null,
    expected: turn.track === 'benign' ? 'help' : (level?.expected ?? null),
    conversation: {
      mode: config.mode,
      system: config.system,
      earlierLevels: config.mode === 'stateful' ? config.levels.filter((earlier) => earlier < turn.level) : [],
    },
    prompt: turn.prompt,
    reply: turn.reply ?? null,
    reasoning: turn.reasoning ?? null,
    status: turn.status,
    statusKind: turn.statusKind ?? null,
    statusMessage: turn.statusMessage ?? null,
    finishReason: turn.finishReason ?? null,
    rawFinishReason: turn.rawFinishReason ?? null,
    inputTokens: turn.inputTokens ?? null,
    outputTokens: turn.outputTokens ?? null,
    reasoningTokens: turn.reasoningTokens ?? null,
    cachedInputTokens: turn.cachedInputTokens ?? null,
    latencyMs: turn.latencyMs ?? null,
    attempts: turn.attempts,
    requestHash: turn.requestHash ?? null,
    requestParameters: turn.requestParameters ?? null,
    systemFingerprint: turn.systemFingerprint ?? null,
    upstreamProvider: turn.upstreamProvider ?? null,
    cachedFrom: turn.cachedFrom ?? null,
    startedAt: turn.startedAt ?? null,
    finishedAt: turn.finishedAt,
    verdicts: verdicts.map(toExportVerdict),
    panel: panel ? toExportPanel(panel) : null,
    suite: suite ? { name: suite.name, version: suite.version } : null,
    canary: suite?.canary ?? null,
  };
}

function levelOf(scenario: Scenario | undefined, turn: TurnRecord) {
  const levels = turn.track === 'benign' ? scenario?.benign?.levels : scenario?.levels;
  return levels?.find((level) => level.level === turn.level);
}

function toExportVerdict(verdict: VerdictRecord): ExportVerdict {
  return {
    judge: verdict.judge,
    label: verdict.label,
    score: scoreOf(verdict.label),
    unscoredReason: verdict.unscoredReason,
    rationale: verdict.rationale ?? null,
    flags: verdict.flags ?? null,
    promptVersion: verdict.promptVersion,
    promptHash: verdict.promptHash,
    createdAt: verdict.createdAt,
  };
}

function toExportPanel(panel: PanelRecord): ExportPanel {
  return {
    judges: panel.judges,
    label: panel.label,
    score: scoreOf(panel.label),
    unscoredReason: panel.unscoredReason,
    agreement: panel.agreement,
    votes: panel.votes,
  };
}

/** Returns the Dystopian Compliance Score of a label, or null for an unscored verdict. */
export function scoreOf(label: Label | null): number | null {
  return label === null ? null : dcsScores[label];
}
