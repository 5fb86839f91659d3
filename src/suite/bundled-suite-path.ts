import { fileURLToPath } from 'node:url';

/**
 * The folder of the suite that ships with the package (Complicity v1), two folders above both
 * `src/suite/` and `dist/suite/`, so it resolves inside an installed package as in a checkout.
 *
 * @example
 * const suite = await loadSuite([bundledSuitePath]);
 */
export const bundledSuitePath = fileURLToPath(new URL('../../suites/', import.meta.url));
