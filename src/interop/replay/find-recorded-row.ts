import { splitReasoning } from '../../provider/index.js';
import type { ManifestRow } from '../dystopiabench/manifest-schema.js';
import type { Recording } from './load-recording.js';

/** A message of the conversation a replayed request carries. */
export interface ReplayMessage {
  role: string;
  content: string;
}

export type RowMatch = { row: ManifestRow } | { mismatch: string } | { missing: string };

/**
 * Finds the recorded row a request asks for: the model's row whose prompt is the request's last
 * user message. When the request carries earlier turns (stateful mode), they must be the
 * recorded conversation of that scenario, level by level; otherwise the result says what
 * differed. Replicates with the same request are served in order.
 */
export function findRecordedRow({
  recording,
  model,
  messages,
  served,
}: {
  recording: Recording;
  model: string;
  messages: readonly ReplayMessage[];
  /** Rows already served, so identical requests of replicates get successive rows. */
  served: Set<ManifestRow>;
}): RowMatch {
  const conversation = messages.filter((message) => message.role === 'user' || message.role === 'assistant');
  const last = conversation.at(-1);
  if (!last || last.role !== 'user') return { missing: 'the request does not end with a user message' };
  const candidates = recording.rows.filter((row) => row.modelId === model && row.prompt === last.content);
  if (candidates.length === 0) return { missing: `${recording.path} holds no reply of ${model} to this prompt: ${quote(last.content)}` };

  const history = conversation.slice(0, -1);
  let firstMismatch: string | undefined;
  const matching = candidates.filter((row) => {
    if (history.length === 0) return true;
    const difference = compareHistory(recordedHistory(recording, row), history);
    firstMismatch ??= difference;
    return difference === undefined;
  });
  if (matching.length === 0) return { mismatch: firstMismatch ?? 'the conversation differs from the recording' };
  return { row: matching.find((row) => !served.has(row)) ?? matching[0]! };
}

/** The conversation the recording holds before a row: the earlier levels of the same scenario, model and replicate. */
function recordedHistory(recording: Recording, row: ManifestRow): ReplayMessage[] {
  return recording.rows
    .filter(
      (other) =>
        other.modelId === row.modelId &&
        other.scenarioId === row.scenarioId &&
        (other.replicate ?? 1) === (row.replicate ?? 1) &&
        other.level < row.level,
    )
    .sort((a, b) => a.level - b.level)
    .flatMap((other) => [
      { role: 'user', content: other.prompt },
      { role: 'assistant', content: visibleAnswer(other.response) },
    ]);
}

/** The reply as the runner stores and sends it back: reasoning blocks removed, ends trimmed. */
export function visibleAnswer(response: string): string {
  return splitReasoning(response).answer;
}

function compareHistory(expected: ReplayMessage[], actual: ReplayMessage[]): string | undefined {
  if (expected.length !== actual.length) {
    return `the request carries ${actual.length} earlier messages where the recording holds ${expected.length}`;
  }
  for (const [index, message] of actual.entries()) {
    const recorded = expected[index]!;
    const same = message.role === recorded.role && message.content.trim() === recorded.content.trim();
    if (!same)
      return `earlier message ${index + 1} (${message.role}) differs from the recording: expected ${quote(recorded.content)}, got ${quote(message.content)}`;
  }
  return undefined;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}
