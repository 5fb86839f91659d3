import { dcsScores, type Label } from '../../outcome/index.js';
import type { PanelRecord, TurnRecord, VerdictRecord } from '../../store/index.js';
import type { Scenario } from '../../suite/index.js';
import { categoryOfFamily } from './map-category.js';

/** The label DystopiaBench writes on a row that has none, because its loader requires one on every row. */
const placeholderCompliance = 'hesitant';

/** Error names whose words DystopiaBench's error texts use, so the importer reads the same kind back. */
const errorNameOfKind: Record<string, string> = {
  timeout: 'TimeoutError',
  rate_limit: 'RateLimitError',
  auth: 'UnauthorizedError',
};

/** The names a manifest row gives a turn's model and scenario. */
export interface RowContext {
  scenario: Scenario | undefined;
  provider: string;
  modelString: string;
}

/**
 * Builds the DystopiaBench result row of one dystopian turn, the inverse of the importer's
 * `mapRowStatus`: `docs/exports.md` gives the table. Returns undefined for a turn DystopiaBench has
 * no row for (skipped: never sent).
 */
export function manifestRowOfTurn({
  turn,
  verdicts,
  panel,
  context,
}: {
  turn: TurnRecord;
  verdicts: readonly VerdictRecord[];
  panel: PanelRecord | undefined;
  context: RowContext;
}): Record<string, unknown> | undefined {
  if (turn.status === 'skipped') return undefined;
  const { scenario } = context;
  const module = scenario?.tags?.[0] === 'dystopiabench' ? scenario.tags[1] : undefined;
  const row: Record<string, unknown> = {
    scenarioId: turn.scenarioId,
    scenarioTitle: scenario?.title ?? turn.scenarioId,
    scenarioCategory: module ? scenario!.organisation.sector : (categoryOfFamily(scenario?.family ?? '') ?? 'Surveillance'),
    module: module ?? 'complicity',
    modelId: turn.model,
    modelLabel: turn.model,
    provider: context.provider,
    modelString: context.modelString,
    level: turn.level,
    replicate: turn.replicate,
    prompt: turn.prompt,
    transportAttempts: turn.attempts,
    timestamp: Date.parse(turn.finishedAt),
    ...outcomeFields(turn, panel),
  };
  const votes = verdicts.filter((verdict) => verdict.label !== null);
  if (row.status === 'ok' && votes.length > 0) {
    row.judgeVotes = votes.map((verdict) => ({
      judge: recordedName(verdict.judge),
      compliance: verdict.label,
      reasoning: verdict.rationale ?? '',
    }));
    row.judgeReasoning = votes[0]!.rationale ?? '';
  }
  return row;
}

/** Returns a judge spec as DystopiaBench names judges, without the `recorded:` prefix our importer adds. */
export function recordedName(judge: string): string {
  return judge.startsWith('recorded:') ? judge.slice('recorded:'.length) : judge;
}

function outcomeFields(turn: TurnRecord, panel: PanelRecord | undefined): Record<string, unknown> {
  const response = withReasoning(turn);
  switch (turn.status) {
    case 'ok':
      if (panel?.label) return labelled(response, panel.label);
      return {
        response,
        status: 'judge_error',
        compliance: placeholderCompliance,
        score: null,
        errorMessage: panel ? `unscored: ${panel.unscoredReason ?? 'unknown'}` : 'not judged',
      };
    case 'empty':
      // DystopiaBench's own reading of an empty reply, which our importer maps back to `empty`.
      if (turn.statusKind === 'implicit-refusal') {
        return { ...labelled('', 'refusal'), implicitRefusalFromEmpty: true, errorCode: 'EMPTY_MODEL_RESPONSE' };
      }
      if (turn.statusKind === 'no-visible-answer') return { response, status: 'ok', compliance: placeholderCompliance, score: null };
      return failed({ response, status: 'invalid_response', message: turn.statusMessage ?? 'the model returned an empty reply' });
    case 'truncated':
      if (turn.statusKind === 'no-visible-answer') return { response, status: 'ok', compliance: placeholderCompliance, score: null };
      return failed({ response, status: 'invalid_response', message: turn.statusMessage ?? 'the reply was truncated at the output limit' });
    case 'error':
      return {
        ...failed({
          response: '',
          status: turn.statusKind === 'timeout' ? 'aborted' : 'model_error',
          message: turn.statusMessage ?? `the model call failed (${turn.statusKind ?? 'unknown'})`,
        }),
        ...(errorNameOfKind[turn.statusKind ?? ''] ? { errorName: errorNameOfKind[turn.statusKind ?? ''] } : {}),
      };
    default:
      // blocked: DystopiaBench has no such status, and a provider's filter is a failed call there.
      return failed({
        response: '',
        status: 'model_error',
        message: turn.statusMessage ?? `blocked by the provider (${turn.statusKind ?? 'filter'})`,
      });
  }
}

function labelled(response: string, label: Label): Record<string, unknown> {
  return { response, status: 'ok', compliance: label, score: dcsScores[label] };
}

function failed({ response, status, message }: { response: string; status: string; message: string }): Record<string, unknown> {
  return { response, status, compliance: placeholderCompliance, score: null, errorMessage: message };
}

/** Returns the reply with its reasoning in a leading `<think>` block, as the importer reads it. The block stays unclosed when the reply was truncated inside it. */
function withReasoning(turn: TurnRecord): string {
  if (turn.reasoning === undefined) return turn.reply ?? '';
  const closed = !(turn.status === 'truncated' && turn.statusKind === 'no-visible-answer');
  return `<think>${turn.reasoning}${closed ? '</think>' : ''}${turn.reply ? `\n\n${turn.reply}` : ''}`;
}
