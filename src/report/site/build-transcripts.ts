import type { ScoredTurn } from '../../analysis/index.js';
// The files, not the runner's index, which loads the provider SDKs into every site worker.
import { buildSystemPrompt } from '../../runner/build-system-prompt.js';
import type { RunConfig } from '../../runner/index.js';
import { turnKeyString } from '../../runner/turn-key-string.js';
import type { PanelRecord, RunRecord, TurnRecord, VerdictRecord } from '../../store/index.js';
import { trackLevels, type Level, type Scenario, type Track } from '../../suite/index.js';
import type { Conversation, TranscriptFile, TranscriptTurn, TranscriptVerdict } from './site-data.js';

/** The stored rows that transcripts show, text included: those of one scenario, to bound memory. */
export interface TranscriptRows {
  run: RunRecord;
  turns: readonly TurnRecord[];
  verdicts: readonly VerdictRecord[];
  /** Panel results of the run, or of the scenario's turns; others are ignored. */
  panels: readonly PanelRecord[];
}

/**
 * Builds the transcript file of every scenario that `planned` holds: each planned conversation of
 * each model, track and replicate, with the prompts and replies as stored, every judge's verdict
 * and the panel result of the run's own judges. `planned` is (a part of) the run's
 * `collectScoredTurns` output, so a turn the run has not reached appears as `pending` with the
 * prompt it will send. `rows` must hold the stored turns and verdicts of those scenarios.
 */
export function buildTranscripts(rows: TranscriptRows, planned: readonly ScoredTurn[]): Map<string, TranscriptFile> {
  const config = rows.run.config as RunConfig;
  const scenarioOf = new Map((rows.run.scenarios as Scenario[]).map((scenario) => [scenario.id, scenario]));
  const storedOf = new Map(rows.turns.map((turn) => [turnKeyString(turn), turn]));
  const verdictsOf = groupByTurn(rows.verdicts);
  const panelKey = [...config.judges].sort().join(',');
  const panelOf = new Map(rows.panels.filter((panel) => panel.judges === panelKey).map((panel) => [panel.turnId, panel]));

  const files = new Map<string, { file: TranscriptFile; conversations: Map<string, Conversation> }>();
  for (const plannedTurn of planned) {
    const scenario = scenarioOf.get(plannedTurn.scenarioId);
    let entry = files.get(plannedTurn.scenarioId);
    if (!entry) {
      entry = { file: { scenario: describeScenario(plannedTurn, scenario, config), conversations: [] }, conversations: new Map() };
      files.set(plannedTurn.scenarioId, entry);
    }
    const conversationKey = JSON.stringify([plannedTurn.model, plannedTurn.track, plannedTurn.replicate]);
    let conversation = entry.conversations.get(conversationKey);
    if (!conversation) {
      conversation = { model: plannedTurn.model, track: plannedTurn.track, replicate: plannedTurn.replicate, turns: [] };
      entry.conversations.set(conversationKey, conversation);
    }
    const stored = storedOf.get(turnKeyString(plannedTurn));
    conversation.turns.push(
      buildTurn({
        level: plannedTurn.level,
        definition: scenario ? levelOf(scenario, plannedTurn.track, plannedTurn.level) : undefined,
        stored,
        verdicts: stored?.id === undefined ? [] : (verdictsOf.get(stored.id) ?? []),
        panel: stored?.id === undefined ? undefined : panelOf.get(stored.id),
      }),
    );
  }

  const modelOrder = new Map(config.models.map((model, index) => [model, index]));
  const transcripts = new Map<string, TranscriptFile>();
  for (const [scenarioId, { file, conversations }] of files) {
    file.conversations = [...conversations.values()].sort(
      (a, b) =>
        (modelOrder.get(a.model) ?? Infinity) - (modelOrder.get(b.model) ?? Infinity) ||
        a.model.localeCompare(b.model) ||
        trackOrder(a.track) - trackOrder(b.track) ||
        a.replicate - b.replicate,
    );
    for (const conversation of file.conversations) conversation.turns.sort((a, b) => a.level - b.level);
    transcripts.set(scenarioId, file);
  }
  return transcripts;
}

function describeScenario(turn: ScoredTurn, scenario: Scenario | undefined, config: RunConfig): TranscriptFile['scenario'] {
  if (!scenario) {
    const unknown = 'not recorded';
    return {
      id: turn.scenarioId,
      title: turn.scenarioId,
      family: turn.family,
      organisation: { name: unknown, country: unknown, sector: unknown, description: unknown },
      endState: unknown,
      systemPrompts: { dystopian: null, benign: null },
    };
  }
  return {
    id: scenario.id,
    title: scenario.title,
    family: scenario.family,
    organisation: { ...scenario.organisation },
    endState: scenario.endState,
    systemPrompts: { dystopian: systemPromptOf(scenario, 'dystopian', config), benign: systemPromptOf(scenario, 'benign', config) },
  };
}

/**
 * Rebuilds the system prompt a track was sent with, as the runner builds it. None is known for an
 * imported run (`recorded`), for the `none` variant, or for a track the run did not plan.
 */
function systemPromptOf(scenario: Scenario, track: Track, config: RunConfig): string | null {
  if (config.system === 'recorded' || !config.tracks.includes(track)) return null;
  if (track === 'benign' && !scenario.benign) return null;
  return buildSystemPrompt({ scenario, track, variant: config.system }) ?? null;
}

function levelOf(scenario: Scenario, track: Track, level: number): Level | undefined {
  if (track === 'benign' && !scenario.benign) return undefined;
  return trackLevels(scenario, track).find((candidate) => candidate.level === level);
}

function buildTurn({
  level,
  definition,
  stored,
  verdicts,
  panel,
}: {
  level: number;
  definition: Level | undefined;
  stored: TurnRecord | undefined;
  verdicts: readonly VerdictRecord[];
  panel: PanelRecord | undefined;
}): TranscriptTurn {
  return {
    level,
    intent: definition?.intent,
    expected: definition?.expected,
    prompt: stored?.prompt ?? definition?.prompt ?? '',
    status: stored?.status ?? 'pending',
    statusKind: stored?.statusKind,
    statusMessage: stored?.statusMessage,
    reply: stored?.reply,
    reasoning: stored?.reasoning,
    finishReason: stored?.finishReason,
    inputTokens: stored?.inputTokens,
    outputTokens: stored?.outputTokens,
    reasoningTokens: stored?.reasoningTokens,
    latencyMs: stored?.latencyMs,
    attempts: stored?.attempts,
    responseModel: stored?.responseModel,
    upstreamProvider: stored?.upstreamProvider,
    systemFingerprint: stored?.systemFingerprint,
    cachedFrom: stored?.cachedFrom,
    verdicts: verdicts.map(toTranscriptVerdict),
    panel: panel ? { label: panel.label, unscoredReason: panel.unscoredReason, agreement: panel.agreement } : undefined,
  };
}

function toTranscriptVerdict(verdict: VerdictRecord): TranscriptVerdict {
  return {
    judge: verdict.judge,
    label: verdict.label,
    unscoredReason: verdict.unscoredReason,
    rationale: verdict.rationale,
    flags: verdict.flags,
    errorMessage: verdict.errorMessage,
    promptVersion: verdict.promptVersion,
  };
}

function groupByTurn(verdicts: readonly VerdictRecord[]): Map<number, VerdictRecord[]> {
  const grouped = new Map<number, VerdictRecord[]>();
  for (const verdict of verdicts) {
    const group = grouped.get(verdict.turnId);
    if (group) group.push(verdict);
    else grouped.set(verdict.turnId, [verdict]);
  }
  return grouped;
}

function trackOrder(track: Track): number {
  return track === 'dystopian' ? 0 : 1;
}
