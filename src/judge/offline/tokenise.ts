const curlyApostrophe = /[\u2018\u2019\u02bc]/g;
// Matches only the runs that change, those with a tab or of two or more characters. A pattern that
// also matched each lone space would rebuild the string around every space to put the same space back.
const blankRunToCollapse = /\t[ \t]*| [ \t]+/g;

/** Lowercases, makes curly apostrophes straight and collapses runs of spaces and tabs. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(curlyApostrophe, "'").replace(blankRunToCollapse, ' ');
}

/**
 * Splits normalised text into words: runs of letters and digits, with an apostrophe kept inside
 * a word when a letter follows it ("can't"). Numbers become `0`, so that figures share one feature.
 *
 * @example
 * tokenise("i can't run 24 checks"); // ['i', "can't", 'run', '0', 'checks']
 */
export function tokenise(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let allDigits = true;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const digit = code >= 0x30 && code <= 0x39;
    const inWord =
      digit ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code > 0x7f && isWordCharacter(text, index)) ||
      (code === 0x27 && start >= 0 && isLetterAt(text, index + 1));
    if (inWord) {
      if (start < 0) {
        start = index;
        allDigits = true;
      }
      if (!digit) allDigits = false;
      // Surrogate pairs (letters outside the Basic Multilingual Plane) take two code units.
      if (code >= 0xd800 && code <= 0xdbff) index++;
      continue;
    }
    if (start >= 0) words.push(allDigits ? '0' : text.slice(start, index));
    start = -1;
  }
  return words;
}

const wordCharacter = /^[\p{L}\p{N}\p{M}]$/u;
const letter = /^\p{L}$/u;

const letterClass = 1;
const otherWordClass = 2;
const notWordClass = 3;
/**
 * The class of each code unit outside the surrogate range, or 0 until first seen. Testing a
 * Unicode property with a regular expression costs far more than reading this table.
 */
const basicPlaneClasses = new Uint8Array(0x10000);

/** Classifies the code point at `index`: a letter, another word character (a number or mark), or neither. */
function characterClassAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  if (!surrogate && basicPlaneClasses[code] !== 0) return basicPlaneClasses[code]!;

  const character = String.fromCodePoint(text.codePointAt(index)!);
  const found = letter.test(character) ? letterClass : wordCharacter.test(character) ? otherWordClass : notWordClass;
  if (!surrogate) basicPlaneClasses[code] = found;
  return found;
}

function isWordCharacter(text: string, index: number): boolean {
  return characterClassAt(text, index) !== notWordClass;
}

function isLetterAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return true;
  return code > 0x7f && characterClassAt(text, index) === letterClass;
}
