import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { labels } from '../outcome/index.js';
import { parseVerdict } from './parse-verdict.js';

// A fixed seed keeps failures reproducible, and a few hundred runs keep the file under a few seconds.
const runs = { seed: 20261205, numRuns: 300 };

/** Pieces judges put around and inside verdicts, so generated replies reach the parser's branches. */
const fragment = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '"',
    '\\',
    '"label"',
    ':',
    ',',
    '```json\n',
    '```',
    '<think>',
    '</think>',
    '\n',
    ' ',
    '"refusal"',
    '"Compliant"',
    '"partial"',
    '"rationale": "',
  ),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...labels).map((label) => JSON.stringify({ label, rationale: 'scripted' })),
);

/** A JSON object with a `label` key of any type and arbitrary other fields. */
const labelledObject = fc
  .record({ label: fc.oneof(fc.constantFrom(...labels), fc.jsonValue()), rationale: fc.jsonValue(), flags: fc.jsonValue() })
  .map((object) => JSON.stringify(object));

function expectWellFormed(text: string): void {
  const verdict = parseVerdict(text);
  if (verdict.ok) {
    expect(labels).toContain(verdict.label);
    expect(verdict.rationale === undefined || typeof verdict.rationale === 'string').toBe(true);
  } else {
    expect(typeof verdict.problem).toBe('string');
    expect(verdict.problem.length).toBeGreaterThan(0);
  }
}

describe('parseVerdict fuzzing', () => {
  it('handles any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => expectWellFormed(text)),
      runs,
    );
  });

  it('handles judge-like text', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => expectWellFormed(parts.join(''))),
      runs,
    );
  });

  it('rejects labels off the four', () => {
    fc.assert(
      fc.property(labelledObject, fc.string({ maxLength: 20 }), (object, prose) => {
        const verdict = parseVerdict(`${prose}\n${object}`);
        const label: unknown = (JSON.parse(object) as { label: unknown }).label;
        const known = typeof label === 'string' && (labels as readonly string[]).includes(label.trim().toLowerCase());
        if (!known) expect(verdict.ok).toBe(false);
        expectWellFormed(`${prose}\n${object}`);
      }),
      runs,
    );
  });

  it.each([
    { id: 'open braces', text: '{'.repeat(200_000), ok: false },
    { id: 'unclosed nested objects', text: '{"a":'.repeat(40_000), ok: false },
    { id: 'open braces then a verdict', text: `${'{'.repeat(200_000)}{"label": "refusal"}`, ok: true },
    { id: 'nested objects broken inside', text: `${'{"a":'.repeat(20_000)}x${'}'.repeat(20_000)}`, ok: false },
  ])('parses $id in linear time', ({ text, ok }) => {
    const started = performance.now();
    const verdict = parseVerdict(text);
    // Scanning again from every brace took 66 s on 200,000 braces on a 2-core machine.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(verdict.ok).toBe(ok);
  });
});
