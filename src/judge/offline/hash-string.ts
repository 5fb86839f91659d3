/**
 * Feature hashing: 32-bit FNV-1a over UTF-16 code units, finished with the fmix32 avalanche
 * step of MurmurHash3 so that the low bits, which pick the bucket, mix every input bit.
 *
 * Only integer operations on 32-bit values are used (`Math.imul`, shifts, xor), so a string
 * hashes to the same value on every machine and Node version.
 */

/** FNV-1a offset basis: the state before any code unit. */
export const hashSeed = 0x811c9dc5;

/** Folds one UTF-16 code unit into an FNV-1a state. */
export function stepHash(state: number, codeUnit: number): number {
  return Math.imul(state ^ codeUnit, 0x01000193) >>> 0;
}

/** Folds every code unit of `text` into an FNV-1a state. */
export function stepHashText(state: number, text: string): number {
  let next = state;
  for (let index = 0; index < text.length; index++) next = stepHash(next, text.charCodeAt(index));
  return next;
}

/** Finishes a state with MurmurHash3's fmix32, returning an unsigned 32-bit hash. */
export function finishHash(state: number): number {
  let mixed = state >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

/**
 * Hashes a string to an unsigned 32-bit integer.
 *
 * @example
 * hashString('w:refuse') === hashString('w:refuse'); // true, on any machine
 */
export function hashString(text: string): number {
  return finishHash(stepHashText(hashSeed, text));
}
