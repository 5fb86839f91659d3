/**
 * The last few steps of L-BFGS (Nocedal and Wright, Numerical Optimization, algorithm 7.4): the
 * change in parameters `s` and in gradient `y` of each, from which `direction` builds a
 * quasi-Newton search direction without storing a Hessian.
 */
export class LbfgsHistory {
  readonly #steps: Float64Array[];
  readonly #gradientChanges: Float64Array[];
  readonly #inverseCurvatures: Float64Array;
  readonly #alphas: Float64Array;
  #count = 0;
  #next = 0;

  constructor({ size, memory }: { size: number; memory: number }) {
    this.#steps = Array.from({ length: memory }, () => new Float64Array(size));
    this.#gradientChanges = Array.from({ length: memory }, () => new Float64Array(size));
    this.#inverseCurvatures = new Float64Array(memory);
    this.#alphas = new Float64Array(memory);
  }

  /**
   * Records one step from the old to the new parameters. A step whose curvature `s·y` is not
   * positive would break the positive definiteness of the approximation, so it is dropped.
   */
  record({
    before,
    after,
    gradientBefore,
    gradientAfter,
  }: Record<'before' | 'after' | 'gradientBefore' | 'gradientAfter', Float64Array>): void {
    const step = this.#steps[this.#next]!;
    const change = this.#gradientChanges[this.#next]!;
    let curvature = 0;
    for (let index = 0; index < step.length; index++) {
      step[index] = after[index]! - before[index]!;
      change[index] = gradientAfter[index]! - gradientBefore[index]!;
      curvature += step[index]! * change[index]!;
    }
    if (!(curvature > 1e-12)) return;
    this.#inverseCurvatures[this.#next] = 1 / curvature;
    this.#next = (this.#next + 1) % this.#steps.length;
    this.#count = Math.min(this.#count + 1, this.#steps.length);
  }

  /** Writes the search direction −H·gradient into `direction`, with H the inverse Hessian estimate. */
  direction(gradient: Float64Array, direction: Float64Array): void {
    const memory = this.#steps.length;
    for (let index = 0; index < direction.length; index++) direction[index] = -gradient[index]!;

    for (let back = 0; back < this.#count; back++) {
      const slot = (this.#next - 1 - back + memory) % memory;
      const alpha = this.#inverseCurvatures[slot]! * dot(this.#steps[slot]!, direction);
      this.#alphas[slot] = alpha;
      addScaled(direction, -alpha, this.#gradientChanges[slot]!);
    }
    if (this.#count > 0) {
      // Scales the initial Hessian estimate to the latest curvature, so a step of 1 is usually accepted.
      const latest = (this.#next - 1 + memory) % memory;
      const change = this.#gradientChanges[latest]!;
      const scale = 1 / (this.#inverseCurvatures[latest]! * dot(change, change));
      for (let index = 0; index < direction.length; index++) direction[index]! *= scale;
    }
    for (let back = this.#count - 1; back >= 0; back--) {
      const slot = (this.#next - 1 - back + memory) % memory;
      const beta = this.#inverseCurvatures[slot]! * dot(this.#gradientChanges[slot]!, direction);
      addScaled(direction, this.#alphas[slot]! - beta, this.#steps[slot]!);
    }
  }

  get isEmpty(): boolean {
    return this.#count === 0;
  }
}

/** Sums the products of two vectors from the first index to the last, always in that order. */
export function dot(first: Float64Array, second: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += first[index]! * second[index]!;
  return sum;
}

function addScaled(target: Float64Array, scale: number, source: Float64Array): void {
  for (let index = 0; index < target.length; index++) target[index]! += scale * source[index]!;
}
