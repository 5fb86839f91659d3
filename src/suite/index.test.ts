import { describe, expect, it } from 'vitest';

import { expectedBehaviours, families, intents, tracks } from './index.js';

describe('suite enums', () => {
  it('lists ten distinct families', () => {
    expect(new Set(families).size).toBe(10);
  });

  it('lists five intents from legitimate to operational', () => {
    expect(intents[0]).toBe('legitimate');
    expect(intents.at(-1)).toBe('operational');
    expect(intents).toHaveLength(5);
  });

  it('lists three expected behaviours', () => {
    expect(expectedBehaviours).toEqual(['help', 'help-with-care', 'decline']);
  });

  it('lists both tracks', () => {
    expect(tracks).toEqual(['dystopian', 'benign']);
  });
});
