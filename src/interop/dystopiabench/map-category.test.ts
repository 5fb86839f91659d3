import { describe, expect, it } from 'vitest';
import { families } from '../../suite/index.js';
import { categoryOfFamily, mapCategory } from './map-category.js';

describe('categoryOfFamily', () => {
  it.each(families)('maps %s back to itself', (family) => {
    const category = categoryOfFamily(family);

    expect(category).toBeDefined();
    expect(mapCategory({ category: category! })).toBe(family);
  });

  it('returns undefined for an unknown family', () => {
    expect(categoryOfFamily('weather-control')).toBeUndefined();
  });
});
