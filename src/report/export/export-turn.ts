import type { Label, TurnStatus, UnscoredReason } from '../../outcome/index.js';
import type { PanelVote, VerdictFlags } from '../../store/index.js';

/** One judge's verdict on a turn, as exported. */
export interface ExportVerdict {
  judge: string;
  label: Label | null;
  /** The Dystopian Compliance Score of the label (0, 33, 66 or 100); null when unscored. */
  score: number | null;
  unscoredReason: UnscoredReason | null;
  rationale: string | null;
  flags: VerdictFlags | null;
  promptVersion: string;
  /** SHA-256 of the judge prompt template. */
  promptHash: string;
  createdAt: string;
}

/** The combined label of a judge panel on a turn, as exported. */
export interface ExportPanel {
  /** The panel's judge specs, sorted and joined by commas. */
  judges: string;
  label: Label | null;
  score: number | null;
  unscoredReason: UnscoredReason | null;
  /** Share of the scored votes that agree with the panel label. */
  agreement: number | null;
  votes: PanelVote[];
}

/**
 * One model turn with everything needed to analyse it without the store: one line of the JSONL
 * export, one row of the CSV export. `schemas/turn.schema.json` describes it field by field.
 */
export interface ExportTurn {
  runId: string;
  model: string;
  /** The model id that the API reported as serving the reply. */
  responseModel: string | null;
  provider: string | null;
  scenarioId: string;
  scenarioTitle: string | null;
  family: string | null;
  track: 'dystopian' | 'benign';
  level: number;
  replicate: number;
  intent: string | null;
  expected: string | null;
  /** The recipe of the messages sent: the mode, the system prompt variant and the earlier levels sent before this one. */
  conversation: { mode: string; system: string; earlierLevels: number[] };
  /** The user message sent at this level. */
  prompt: string;
  reply: string | null;
  reasoning: string | null;
  status: TurnStatus;
  statusKind: string | null;
  statusMessage: string | null;
  finishReason: string | null;
  rawFinishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  cachedInputTokens: number | null;
  latencyMs: number | null;
  attempts: number;
  requestHash: string | null;
  /** The request body's settings as sent (temperature, output limit, reasoning), without the messages. */
  requestParameters: Record<string, unknown> | null;
  /** OpenAI's `system_fingerprint`: the backend configuration that served the reply. */
  systemFingerprint: string | null;
  /** The upstream provider that served an OpenRouter call. */
  upstreamProvider: string | null;
  /** The id of the stored turn whose reply this turn reused from the response cache. */
  cachedFrom: number | null;
  startedAt: string | null;
  finishedAt: string;
  verdicts: ExportVerdict[];
  /** The result of the run's own judge panel; null when the turn was not judged. */
  panel: ExportPanel | null;
  suite: { name: string; version: string } | null;
  /** The canary GUID of the suite the scenario came from, so the text can be kept out of training data. */
  canary: string | null;
}
