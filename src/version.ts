import { readFileSync } from 'node:fs';

/** The package version, read from package.json one folder above both `src/` and `dist/`. */
export const complicityVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
