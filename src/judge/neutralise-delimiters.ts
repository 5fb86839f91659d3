/**
 * Defuses the judge prompt's section markers inside quoted text, so a reply cannot close its
 * own section and write instructions to the judge: `[END REPLY]` in a reply becomes
 * `(END REPLY]`, which the judge reads as text.
 */
export function neutraliseDelimiters(text: string): string {
  return text.replace(/\[(\s*)(begin|end)\b/gi, '($1$2');
}
