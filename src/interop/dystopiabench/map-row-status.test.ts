import { describe, expect, it } from 'vitest';

import type { ManifestRow } from './manifest-schema.js';
import { knownStatuses, mapRowStatus, normaliseLabel } from './map-row-status.js';

/** Builds a result row whose reply the judge labelled compliant, changed by `overrides`. */
function row(overrides: Partial<ManifestRow> = {}): ManifestRow {
  return {
    scenarioId: 'ferry-01',
    modelId: 'model-a',
    level: 1,
    prompt: 'Count the ferry passengers per hour.',
    response: 'Passengers per hour: 40 at 7am, 65 at 8am.',
    compliance: 'compliant',
    score: 66,
    status: 'ok',
    ...overrides,
  };
}

describe('mapRowStatus', () => {
  describe('ok rows', () => {
    it('keeps a labelled reply as ok', () => {
      expect(mapRowStatus(row())).toEqual({
        status: 'ok',
        reply: 'Passengers per hour: 40 at 7am, 65 at 8am.',
        label: 'compliant',
        unscoredReason: null,
      });
    });

    it('reads the label whatever its case and spacing', () => {
      expect(mapRowStatus(row({ compliance: ' Hesitant ' }))?.label).toBe('hesitant');
    });

    it('marks an unknown label unparsed', () => {
      const mapped = mapRowStatus(row({ compliance: 'partially compliant' }));
      expect(mapped?.status).toBe('ok');
      expect(mapped?.label).toBeNull();
      expect(mapped?.unscoredReason).toBe('parse_failure');
    });

    it('keeps reasoning apart from a trimmed reply', () => {
      const mapped = mapRowStatus(row({ response: '<think>\nCount first.\n</think>\n\n  Passengers: 40.  ' }));
      expect(mapped?.reply).toBe('Passengers: 40.');
      expect(mapped?.reasoning).toBe('Count first.');
    });

    it('reads reasoning without an answer as empty', () => {
      const mapped = mapRowStatus(row({ response: '<think>Count first.</think>' }));
      expect(mapped?.status).toBe('empty');
      expect(mapped?.statusKind).toBe('no-visible-answer');
      expect(mapped?.label).toBeNull();
    });

    it('reads an unclosed reasoning block as truncated', () => {
      const mapped = mapRowStatus(row({ response: '<think>Count first, then' }));
      expect(mapped?.status).toBe('truncated');
      expect(mapped?.reasoning).toBe('Count first, then');
    });

    it('marks a missing label unparsed', () => {
      const mapped = mapRowStatus(row({ compliance: undefined }));
      expect(mapped?.label).toBeNull();
      expect(mapped?.unscoredReason).toBe('parse_failure');
    });
  });

  describe('empty replies the file scores as refusals', () => {
    const cases: { id: string; overrides: Partial<ManifestRow> }[] = [
      { id: 'empty-text', overrides: { response: '', compliance: 'refusal', score: 0 } },
      { id: 'whitespace-only', overrides: { response: ' \n\t ', compliance: 'refusal', score: 0 } },
      {
        id: 'implicit-refusal-flag',
        overrides: { response: 'placeholder', compliance: 'refusal', score: 0, implicitRefusalFromEmpty: true },
      },
      {
        id: 'empty-response-code',
        overrides: { response: 'No content was returned.', compliance: 'refusal', errorCode: 'EMPTY_MODEL_RESPONSE' },
      },
      {
        id: 'empty-response-code-suffix',
        overrides: { response: 'No content was returned.', compliance: 'refusal', errorCode: 'EMPTY_MODEL_RESPONSE_TREATED_AS_REFUSAL' },
      },
    ];

    for (const { id, overrides } of cases) {
      it(`maps ${id} to empty without a label`, () => {
        const mapped = mapRowStatus(row(overrides));
        expect(mapped?.status).toBe('empty');
        expect(mapped?.statusKind).toBe('implicit-refusal');
        expect(mapped?.label).toBeNull();
        expect(mapped?.unscoredReason).toBeNull();
        expect(mapped?.reply).toBeUndefined();
      });
    }

    it('names the recorded error code in the message', () => {
      const mapped = mapRowStatus(
        row({ response: '', errorCode: 'EMPTY_MODEL_RESPONSE', errorMessage: 'The model sent no text.', implicitRefusalFromEmpty: true }),
      );
      expect(mapped?.statusMessage).toBe(
        'the model returned no text, which the file scores as a refusal (EMPTY_MODEL_RESPONSE: The model sent no text.)',
      );
    });

    it('keeps ok with another error code', () => {
      expect(mapRowStatus(row({ errorCode: 'SLOW_MODEL_RESPONSE' }))?.status).toBe('ok');
    });
  });

  describe('judge_error rows', () => {
    it('reads an empty reply as empty', () => {
      expect(mapRowStatus(row({ status: 'judge_error', response: '' }))?.status).toBe('empty');
    });

    it('keeps the reply, unscored', () => {
      const mapped = mapRowStatus(
        row({ status: 'judge_error', compliance: 'compliant', errorCode: 'JUDGE_FAILED', errorMessage: 'The judge sent no verdict' }),
      );
      expect(mapped).toEqual({
        status: 'ok',
        reply: 'Passengers per hour: 40 at 7am, 65 at 8am.',
        label: null,
        unscoredReason: 'judge_error',
        statusMessage: 'JUDGE_FAILED: The judge sent no verdict',
      });
    });
  });

  describe('model_error rows', () => {
    const failed = { status: 'model_error', response: '', compliance: 'hesitant', score: null } as const;

    it('maps a provider failure to a server error', () => {
      const mapped = mapRowStatus(row({ ...failed, errorCode: 'MODEL_FAILED', errorMessage: 'Provider returned error' }));
      expect(mapped).toEqual({
        status: 'error',
        statusKind: 'server',
        statusMessage: 'MODEL_FAILED: Provider returned error',
        label: null,
        unscoredReason: null,
      });
    });

    it('ignores the stale label', () => {
      expect(mapRowStatus(row({ ...failed }))?.label).toBeNull();
    });

    it('describes a failure without message', () => {
      expect(mapRowStatus(row({ ...failed }))?.statusMessage).toBe('the model call failed');
    });

    const kinds: { id: string; overrides: Partial<ManifestRow>; kind: string }[] = [
      { id: 'timeout-name', overrides: { errorName: 'TimeoutError' }, kind: 'timeout' },
      { id: 'timed-out-message', overrides: { errorMessage: 'The request timed out' }, kind: 'timeout' },
      { id: 'rate-limit-message', overrides: { errorMessage: 'Rate limit exceeded' }, kind: 'rate_limit' },
      { id: 'status-429', overrides: { errorMessage: 'HTTP 429 from upstream' }, kind: 'rate_limit' },
      { id: 'status-401', overrides: { errorMessage: 'HTTP 401' }, kind: 'auth' },
      { id: 'api-key', overrides: { errorMessage: 'Invalid API key' }, kind: 'auth' },
      { id: 'unauthorised', overrides: { errorCode: 'UNAUTHORIZED' }, kind: 'auth' },
    ];
    for (const { id, overrides, kind } of kinds) {
      it(`reads the ${kind} kind from ${id}`, () => {
        expect(mapRowStatus(row({ ...failed, ...overrides }))?.statusKind).toBe(kind);
      });
    }
  });

  describe('aborted rows', () => {
    it('maps an abort to a timeout error', () => {
      const mapped = mapRowStatus(
        row({
          status: 'aborted',
          response: '',
          score: null,
          errorCode: 'ABORTED',
          errorMessage: 'The request was aborted after the time limit',
          errorName: 'TimeoutError',
        }),
      );
      expect(mapped).toEqual({
        status: 'error',
        statusKind: 'timeout',
        statusMessage: 'ABORTED: The request was aborted after the time limit',
        label: null,
        unscoredReason: null,
      });
    });

    it('treats an abort without details as a timeout', () => {
      const mapped = mapRowStatus(row({ status: 'aborted', response: '' }));
      expect(mapped?.statusKind).toBe('timeout');
      expect(mapped?.statusMessage).toBe('the model call was aborted');
    });
  });

  describe('invalid_response rows', () => {
    const truncations = ['Reply truncated at max_tokens', 'finish reason: length', 'TRUNCATED'];
    for (const errorMessage of truncations) {
      it(`maps "${errorMessage}" to truncated`, () => {
        const mapped = mapRowStatus(row({ status: 'invalid_response', response: '', errorMessage }));
        expect(mapped?.status).toBe('truncated');
        expect(mapped?.statusKind).toBe('invalid-response');
        expect(mapped?.label).toBeNull();
        expect(mapped?.reply).toBeUndefined();
      });
    }

    it('maps any other invalid reply to empty', () => {
      const mapped = mapRowStatus(
        row({ status: 'invalid_response', response: '', errorCode: 'INVALID_RESPONSE', errorMessage: 'unreadable' }),
      );
      expect(mapped).toEqual({
        status: 'empty',
        statusKind: 'invalid-response',
        statusMessage: 'INVALID_RESPONSE: unreadable',
        label: null,
        unscoredReason: null,
      });
    });
  });

  describe('unknown statuses', () => {
    it('returns undefined', () => {
      expect(mapRowStatus(row({ status: 'cancelled_by_operator' }))).toBeUndefined();
    });

    it('lists every status it maps', () => {
      for (const status of knownStatuses) {
        expect(mapRowStatus(row({ status })), status).toBeDefined();
      }
    });
  });
});

describe('normaliseLabel', () => {
  it('accepts the four labels in any case', () => {
    expect(['REFUSAL', 'hesitant', ' Compliant', 'proactive\n'].map(normaliseLabel)).toEqual([
      'refusal',
      'hesitant',
      'compliant',
      'proactive',
    ]);
  });

  it('returns null for anything else', () => {
    expect(normaliseLabel(undefined)).toBeNull();
    expect(normaliseLabel('')).toBeNull();
    expect(normaliseLabel('refused')).toBeNull();
  });
});
