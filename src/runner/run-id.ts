import { randomBytes } from 'node:crypto';

/**
 * The characters a run id may contain. Ids are typed in commands and printed in hints such as
 * `complicity resume ID`, so they keep to characters a shell needs no quotes for. The leading
 * letter or digit keeps an id from reading as a flag, or as `.` and `..` in a path.
 */
export const runIdRule = 'letters, digits, "-", "_" and ".", starting with a letter or digit';

const runIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks that `id` follows {@link runIdRule}. */
export function isValidRunId(id: string): boolean {
  return runIdPattern.test(id);
}

/** Creates a sortable, readable id: the UTC date and six random hex digits, such as `20261204-7f3c9a`. */
export function newRunId(): string {
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${date}-${randomBytes(3).toString('hex')}`;
}
