import { createHash } from 'node:crypto';

/**
 * Builds a file name part from a run id or model spec that contains only letters, digits, `.`, `_`
 * and `-`, whatever the input contains (slashes, colons, spaces, `..`, control characters, emoji).
 * A name that had to change gets the first 8 hex digits of the input's SHA-256, so two specs that
 * differ only in replaced characters (`a/b`, `a:b`) still get different names.
 */
export function safeFileName(part: string): string {
  const replaced = part
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
  if (replaced === part && replaced !== '') return replaced;
  const hash = createHash('sha256').update(part).digest('hex').slice(0, 8);
  return replaced === '' ? hash : `${replaced}-${hash}`;
}
