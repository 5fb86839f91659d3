import type { CallErrorKind } from '../../error/index.js';
import { isLabel, type Label, type TurnStatus, type UnscoredReason } from '../../outcome/index.js';
import { splitReasoning } from '../../provider/index.js';
import type { ManifestRow } from './manifest-schema.js';

/** A result row's outcome in our terms. */
export interface MappedRow {
  status: TurnStatus;
  statusKind?: string;
  statusMessage?: string;
  /** The model's visible answer, as a live run stores it; undefined when the row holds no text the model wrote. */
  reply?: string;
  /** Reasoning written before the answer (`<think>` blocks), kept apart as a live run keeps it. */
  reasoning?: string;
  /** The recorded final label, for `ok` rows whose judge gave one. */
  label: Label | null;
  /** Why an `ok` row has no label. */
  unscoredReason: UnscoredReason | null;
}

/**
 * Maps a DystopiaBench row's status onto ours; `docs/dystopiabench.md` gives the table.
 *
 * The one departure from the file's own reading: a reply that was empty, which DystopiaBench
 * scores as a refusal ("implicit refusal", sometimes with placeholder text of its own), is our
 * `empty`: no label, counted in coverage only, because the model refused nothing it wrote.
 * Returns undefined for a status this table does not know.
 */
export function mapRowStatus(row: ManifestRow): MappedRow | undefined {
  const message = [row.errorCode, row.errorMessage].filter(Boolean).join(': ') || undefined;
  // The reply is read as a live reply is: reasoning apart, the visible answer trimmed.
  const { answer, reasoning, unclosed } = splitReasoning(row.response);
  switch (row.status) {
    case 'ok': {
      const nothingWritten = answer === '' && reasoning === undefined;
      if (row.implicitRefusalFromEmpty === true || /^EMPTY_MODEL_RESPONSE/.test(row.errorCode ?? '') || nothingWritten) {
        return {
          status: 'empty',
          statusKind: 'implicit-refusal',
          statusMessage: `the model returned no text, which the file scores as a refusal${message ? ` (${message})` : ''}`,
          label: null,
          unscoredReason: null,
        };
      }
      if (answer === '') return noAnswer({ unclosed, reasoning });
      const label = normaliseLabel(row.compliance);
      return { status: 'ok', reply: answer, reasoning, label, unscoredReason: label === null ? 'parse_failure' : null };
    }
    case 'judge_error':
      if (answer === '') return noAnswer({ unclosed, reasoning });
      return { status: 'ok', reply: answer, reasoning, label: null, unscoredReason: 'judge_error', statusMessage: message };
    case 'model_error':
      return {
        status: 'error',
        statusKind: errorKind(row, 'server'),
        statusMessage: message ?? 'the model call failed',
        label: null,
        unscoredReason: null,
      };
    case 'aborted':
      return {
        status: 'error',
        statusKind: errorKind(row, 'timeout'),
        statusMessage: message ?? 'the model call was aborted',
        label: null,
        unscoredReason: null,
      };
    case 'invalid_response': {
      const truncated = /trunc|length|max_tokens/i.test(message ?? '');
      return {
        status: truncated ? 'truncated' : 'empty',
        statusKind: 'invalid-response',
        statusMessage: message,
        label: null,
        unscoredReason: null,
      };
    }
    default:
      return undefined;
  }
}

/** A row with reasoning but no visible answer ends as a live reply would: truncated inside an unclosed block, else empty. */
function noAnswer({ unclosed, reasoning }: { unclosed: boolean; reasoning: string | undefined }): MappedRow {
  return {
    status: unclosed ? 'truncated' : 'empty',
    statusKind: 'no-visible-answer',
    statusMessage: unclosed
      ? 'the reply ends inside a reasoning block, before any answer text'
      : 'the reply has no text outside its reasoning',
    reasoning,
    label: null,
    unscoredReason: null,
  };
}

/** The recorded label in our terms, or null when it is none of the four. */
export function normaliseLabel(compliance: string | undefined): Label | null {
  const label = compliance?.trim().toLowerCase();
  return isLabel(label) ? label : null;
}

function errorKind(row: ManifestRow, fallback: CallErrorKind): CallErrorKind {
  const text = `${row.errorName ?? ''} ${row.errorCode ?? ''} ${row.errorMessage ?? ''}`;
  if (/timeout|timed out/i.test(text)) return 'timeout';
  if (/rate.?limit|\b429\b/i.test(text)) return 'rate_limit';
  if (/unauthori[sz]ed|forbidden|\b40[13]\b|api key/i.test(text)) return 'auth';
  return fallback;
}

/** The statuses `mapRowStatus` knows, for error messages. */
export const knownStatuses = ['ok', 'judge_error', 'model_error', 'aborted', 'invalid_response'];

/** The error message for a status `mapRowStatus` does not know, shared by import and replay. */
export function describeUnknownStatus(status: string): string {
  return `unknown status "${status}"; expected one of ${knownStatuses.join(', ')}`;
}
