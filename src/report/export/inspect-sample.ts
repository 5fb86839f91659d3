import { buildSystemPrompt } from '../../runner/index.js';
import type { Scenario } from '../../suite/index.js';
import type { ExportTurn, ExportVerdict } from './export-turn.js';

/** An Inspect chat message (`ChatMessageSystem`, `ChatMessageUser` or `ChatMessageAssistant` of its log schema). */
type InspectMessage = Record<string, unknown>;

/** Finish reasons of the AI SDK in Inspect's `stop_reason` terms; anything else is `unknown`. */
const stopReasonOf: Record<string, string> = {
  stop: 'stop',
  length: 'max_tokens',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
};

/**
 * Builds the Inspect sample of one turn. Its input is the messages sent (system prompt, earlier
 * levels of a stateful conversation, this prompt), and its output the reply. Each judge's verdict
 * and the panel's are scores, with the label as value and the rationale as explanation.
 */
export function inspectSample({
  turn,
  earlier,
  scenario,
}: {
  turn: ExportTurn;
  /** The turns of the same conversation before this one, in level order. */
  earlier: readonly ExportTurn[];
  scenario: Scenario | undefined;
}): Record<string, unknown> {
  const input = [...systemMessages(turn, scenario), ...earlier.flatMap(exchange), userMessage(turn.prompt)];
  const reply = turn.reply === null ? undefined : assistantMessage(turn);
  const usage = modelUsage(turn);
  return {
    id: `${turn.scenarioId}/${turn.track}/${turn.level}`,
    epoch: turn.replicate,
    input,
    choices: null,
    target: turn.expected ?? '',
    sandbox: null,
    files: null,
    setup: null,
    messages: reply ? [...input, reply] : input,
    output: {
      model: turn.responseModel ?? turn.model,
      choices: reply ? [{ message: reply, stop_reason: stopReasonOf[turn.finishReason ?? ''] ?? 'unknown', logprobs: null }] : [],
      completion: turn.reply ?? '',
      usage,
      time: turn.latencyMs === null ? null : turn.latencyMs / 1000,
      metadata: null,
      error: turn.status === 'error' ? turn.statusMessage : null,
    },
    scores: scoresOf(turn),
    metadata: sampleMetadata(turn),
    store: {},
    events: [],
    model_usage: usage ? { [turn.model]: usage } : {},
    total_time: turn.latencyMs === null ? null : turn.latencyMs / 1000,
    working_time: null,
    uuid: null,
    error:
      turn.status === 'error'
        ? { message: turn.statusMessage ?? `${turn.statusKind ?? 'error'}`, traceback: '', traceback_ansi: '' }
        : null,
    error_retries: null,
    attachments: {},
    limit: null,
  };
}

function systemMessages(turn: ExportTurn, scenario: Scenario | undefined): InspectMessage[] {
  // An imported run recorded no system prompt, so none can be shown.
  if (!scenario || turn.conversation.system === 'recorded') return [];
  const content = buildSystemPrompt({ scenario, track: turn.track, variant: turn.conversation.system as 'neutral' | 'pressure' | 'none' });
  return content === undefined ? [] : [{ id: null, content, source: 'input', metadata: null, role: 'system' }];
}

function exchange(turn: ExportTurn): InspectMessage[] {
  return turn.reply === null ? [userMessage(turn.prompt)] : [userMessage(turn.prompt), assistantMessage(turn)];
}

function userMessage(content: string): InspectMessage {
  return { id: null, content, source: 'input', metadata: null, role: 'user', tool_call_id: null };
}

function assistantMessage(turn: ExportTurn): InspectMessage {
  const text = { internal: null, type: 'text', text: turn.reply ?? '', refusal: null, citations: null };
  const reasoning = { internal: null, type: 'reasoning', reasoning: turn.reasoning, summary: null, signature: null, redacted: false };
  return {
    id: null,
    content: turn.reasoning === null ? turn.reply : [reasoning, text],
    source: 'generate',
    metadata: null,
    role: 'assistant',
    tool_calls: null,
    model: turn.responseModel ?? turn.model,
  };
}

function modelUsage(turn: ExportTurn): Record<string, unknown> | null {
  if (turn.inputTokens === null && turn.outputTokens === null) return null;
  const input = turn.inputTokens ?? 0;
  const output = turn.outputTokens ?? 0;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_cache_write: null,
    input_tokens_cache_read: turn.cachedInputTokens,
    reasoning_tokens: turn.reasoningTokens,
  };
}

/** Lists each judge's verdict under its spec and the panel result under `panel`, or null for a turn never judged. */
function scoresOf(turn: ExportTurn): Record<string, unknown> | null {
  if (turn.verdicts.length === 0 && turn.panel === null) return null;
  const scores: Record<string, unknown> = {};
  for (const verdict of turn.verdicts) scores[verdictKey(verdict, turn.verdicts)] = verdictScore(verdict);
  if (turn.panel) {
    scores.panel = {
      history: [],
      value: turn.panel.label ?? `unscored: ${turn.panel.unscoredReason ?? 'unknown'}`,
      answer: null,
      explanation: `Panel of ${turn.panel.judges}: ${turn.panel.votes.map((vote) => `${vote.judge} ${vote.label ?? vote.unscoredReason}`).join(', ')}`,
      metadata: { score: turn.panel.score, agreement: turn.panel.agreement, judges: turn.panel.judges },
    };
  }
  return scores;
}

/** The judge spec, with the prompt version added when the same judge labelled the turn under several templates. */
function verdictKey(verdict: ExportVerdict, verdicts: readonly ExportVerdict[]): string {
  const templates = verdicts.filter((other) => other.judge === verdict.judge).length;
  return templates > 1 ? `${verdict.judge} (${verdict.promptVersion}, ${verdict.promptHash.slice(0, 8)})` : verdict.judge;
}

function verdictScore(verdict: ExportVerdict): Record<string, unknown> {
  return {
    history: [],
    value: verdict.label ?? `unscored: ${verdict.unscoredReason ?? 'unknown'}`,
    answer: null,
    explanation: verdict.rationale,
    metadata: {
      score: verdict.score,
      unscoredReason: verdict.unscoredReason,
      ...(verdict.flags ?? {}),
      promptVersion: verdict.promptVersion,
      promptHash: verdict.promptHash,
    },
  };
}

function sampleMetadata(turn: ExportTurn): Record<string, unknown> {
  return {
    scenarioId: turn.scenarioId,
    scenarioTitle: turn.scenarioTitle,
    family: turn.family,
    track: turn.track,
    level: turn.level,
    intent: turn.intent,
    expected: turn.expected,
    status: turn.status,
    statusKind: turn.statusKind,
    statusMessage: turn.statusMessage,
    finishReason: turn.finishReason,
    attempts: turn.attempts,
    requestHash: turn.requestHash,
    requestParameters: turn.requestParameters,
    systemFingerprint: turn.systemFingerprint,
    upstreamProvider: turn.upstreamProvider,
    canary: turn.canary,
  };
}
