import { describe, expect, it } from 'vitest';

import { LbfgsHistory } from './lbfgs-history.js';

describe('LbfgsHistory', () => {
  it('starts with steepest descent', () => {
    const history = new LbfgsHistory({ size: 2, memory: 3 });
    const direction = new Float64Array(2);

    history.direction(Float64Array.of(1, -2), direction);

    expect(history.isEmpty).toBe(true);
    expect(Array.from(direction)).toEqual([-1, 2]);
  });

  it('finds the Newton step of a quadratic', () => {
    // f(x) = ½ xᵀ diag(1, 10) x, whose gradient is (x₀, 10 x₁). Two independent steps pin down the
    // Hessian, after which the direction from x is −x: straight to the minimum.
    const gradientAt = (point: Float64Array) => Float64Array.of(point[0]!, 10 * point[1]!);
    const history = new LbfgsHistory({ size: 2, memory: 5 });
    const points = [Float64Array.of(1, 1), Float64Array.of(0.5, 1), Float64Array.of(0.5, 0.2)];
    for (let index = 1; index < points.length; index++) {
      history.record({
        before: points[index - 1]!,
        after: points[index]!,
        gradientBefore: gradientAt(points[index - 1]!),
        gradientAfter: gradientAt(points[index]!),
      });
    }
    const direction = new Float64Array(2);
    history.direction(gradientAt(Float64Array.of(2, 3)), direction);

    expect(direction[0]).toBeCloseTo(-2, 10);
    expect(direction[1]).toBeCloseTo(-3, 10);
  });

  it('drops a step without positive curvature', () => {
    const history = new LbfgsHistory({ size: 1, memory: 2 });

    history.record({
      before: Float64Array.of(0),
      after: Float64Array.of(1),
      gradientBefore: Float64Array.of(1),
      gradientAfter: Float64Array.of(0.5),
    });

    expect(history.isEmpty).toBe(true);
  });
});
