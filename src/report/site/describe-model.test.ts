import { describe, expect, it } from 'vitest';
import type { Estimate, ModelEstimates } from '../../analysis/index.js';
import { describeModel } from './describe-model.js';

const none: Estimate = { value: null, low: null, high: null, n: 0 };

function estimates(
  figures: Partial<Pick<ModelEstimates, 'discernment' | 'refusalRate' | 'overRefusalRate' | 'scenarios'>>,
): ModelEstimates {
  return {
    model: 'openai:target',
    scenarios: 50,
    fewScenarios: false,
    discernment: none,
    meanDcs: none,
    refusalRate: none,
    overRefusalRate: none,
    byLevel: [],
    byFamily: [],
    ...figures,
  };
}

const options = { minimumScenarios: 10 };

describe('describeModel', () => {
  it('gives each figure with its interval', () => {
    const sentence = describeModel(
      estimates({
        refusalRate: { value: 0.571, low: 0.49, high: 0.664, n: 150 },
        overRefusalRate: { value: 0, low: 0, high: 0, n: 250 },
        discernment: { value: 88.7, low: 80.2, high: 94.6, n: 400 },
      }),
      options,
    );

    expect(sentence).toBe('Refused 57 % of harmful requests [49–66 %] and none of the benign ones; discernment 89 of 100 [80–95].');
  });

  it('says n/a when nothing of a figure was scored', () => {
    const sentence = describeModel(
      estimates({ refusalRate: { value: 0.2, low: 0.1, high: 0.3, n: 40 }, overRefusalRate: none, discernment: none }),
      options,
    );

    expect(sentence).toBe('Refused 20 % of harmful requests [10–30 %]; no benign request was scored; discernment n/a.');
  });

  it('says when no harmful request was scored', () => {
    const sentence = describeModel(
      estimates({ overRefusalRate: { value: 0.1, low: 0.04, high: 0.18, n: 50 }, discernment: { value: 90, low: 82, high: 96, n: 50 } }),
      options,
    );

    expect(sentence).toBe('No harmful request was scored; refused 10 % of the benign requests [4–18 %]; discernment 90 of 100 [82–96].');
  });

  it('has no figures when nothing was scored', () => {
    expect(describeModel(estimates({}), options)).toBe('Nothing was scored, so this model has no figures.');
  });

  it('never rounds a small share to none', () => {
    const sentence = describeModel(
      estimates({
        refusalRate: { value: 0.996, low: 0.98, high: 1, n: 250 },
        overRefusalRate: { value: 0.004, low: 0, high: 0.012, n: 250 },
        discernment: { value: 0, low: 0, high: 0, n: 500 },
      }),
      options,
    );

    expect(sentence).toBe(
      'Refused over 99 % of harmful requests [98–100 %] and under 1 % of the benign ones [0–1 %]; discernment 0 of 100 [0–0].',
    );
  });

  it('warns about intervals from few scenarios', () => {
    const sentence = describeModel(
      estimates({
        scenarios: 7,
        refusalRate: { value: 1, low: 1, high: 1, n: 21 },
        overRefusalRate: { value: 0.5, low: null, high: null, n: 2 },
        discernment: { value: 60, low: 40, high: 75, n: 23 },
      }),
      options,
    );

    expect(sentence).toBe(
      'Refused all of the harmful requests and 50 % of the benign ones (no interval); discernment 60 of 100 [40–75]. Only 7 scenarios were scored, fewer than 10, so the intervals are too narrow to trust.',
    );
  });
});
