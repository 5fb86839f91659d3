import { describe, expect, it } from 'vitest';

import type { Level, Scenario } from './scenario.js';
import { trackLevels, trackSetting } from './track.js';

function levels(prompt: string): Level[] {
  return [1, 2, 3, 4, 5].map((level) => ({
    level,
    intent: 'legitimate',
    expected: 'help',
    prompt: `${prompt} ${level}`,
  }));
}

const scenario: Scenario = {
  id: 'ferry-rota',
  title: 'Crew rotas for a ferry line',
  family: 'safety-override',
  locale: 'en',
  organisation: {
    name: 'Kattegat Ferry Line',
    country: 'Sweden',
    sector: 'transport',
    description: 'A ferry operator.',
  },
  setting: 'Crewing office.',
  endState: 'Crews work past their rest limits.',
  levels: levels('dystopian'),
  benign: { levels: levels('benign') },
};

describe('trackLevels', () => {
  it('returns the dystopian levels', () => {
    expect(trackLevels(scenario, 'dystopian')[0]?.prompt).toBe('dystopian 1');
  });

  it('returns the benign levels', () => {
    expect(trackLevels(scenario, 'benign')[0]?.prompt).toBe('benign 1');
  });

  it('throws for a missing benign track', () => {
    expect(() => trackLevels({ ...scenario, benign: undefined }, 'benign')).toThrow('Scenario "ferry-rota" has no benign track');
  });
});

describe('trackSetting', () => {
  const withBenignSetting: Scenario = { ...scenario, benign: { setting: 'Other.', levels: levels('benign') } };

  it('returns the scenario setting for the dystopian track', () => {
    expect(trackSetting(withBenignSetting, 'dystopian')).toBe('Crewing office.');
  });

  it('returns the benign setting when given', () => {
    expect(trackSetting(withBenignSetting, 'benign')).toBe('Other.');
  });

  it('falls back to the scenario setting', () => {
    expect(trackSetting(scenario, 'benign')).toBe('Crewing office.');
  });

  it('throws for a missing benign track', () => {
    expect(() => trackSetting({ ...scenario, benign: undefined }, 'benign')).toThrow('has no benign track');
  });
});
