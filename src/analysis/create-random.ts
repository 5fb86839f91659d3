/**
 * Creates a seeded pseudo-random generator of numbers in [0, 1), so that resampling gives the
 * same intervals every time for the same seed. It is the small mulberry32 generator: a 32-bit
 * state stepped by a Weyl constant and mixed by multiply-xorshift rounds; good enough for
 * resampling, and not for anything that needs cryptographic strength.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
