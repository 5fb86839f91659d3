import { describe, expect, it } from 'vitest';

import type { ModeGap } from '../../report/index.js';
import { formatModeGap } from './format-mode-gap.js';

const difference = (value: number, low: number, high: number, adjustedPValue: number) => ({
  value,
  low,
  high,
  n: 40,
  pValue: adjustedPValue,
  adjustedPValue,
});

const gap: ModeGap = {
  statefulRun: 'run-a',
  statelessRun: 'run-b',
  otherDifferences: [],
  models: [
    {
      model: 'openai:target',
      scenarios: 12,
      meanDcs: difference(14.2, 3.1, 25.0, 0.012),
      refusalRate: difference(-0.25, -0.4, -0.1, 0.004),
      discernment: difference(-8, -15, -1, 0.03),
    },
  ],
};

describe('formatModeGap', () => {
  it('shows each difference with its interval and p-value', () => {
    const lines = formatModeGap(gap).split('\n');

    expect(lines[0]).toBe('Stateful run run-a minus stateless run run-b, over the scenarios both scored:');
    expect(lines.find((line) => line.startsWith('openai:target'))!.split(/ {2,}/)).toEqual([
      'openai:target',
      '12',
      '+14.2 [3.1, 25.0]',
      '0.012',
      '-25.0 [-40.0, -10.0]',
      '0.004',
      '-8.0 [-15.0, -1.0]',
      '0.030',
    ]);
  });

  it('names the other settings the runs differ in', () => {
    const text = formatModeGap({ ...gap, otherDifferences: ['system prompt "neutral" against "pressure"'] });

    expect(text).toContain('The runs also differ in: system prompt "neutral" against "pressure". Part of the gap may come from that.');
  });

  it('says when no model is in both runs', () => {
    expect(formatModeGap({ ...gap, models: [] })).toContain('No model is in both runs.');
  });
});
