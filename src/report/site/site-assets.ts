import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../error/index.js';

/**
 * The folder of the site's built browser code, `dist/site/` of the package. It is three folders
 * above both `src/report/site/` and `dist/report/site/`, so it resolves inside an installed
 * package as in a checkout.
 */
export const builtSiteAssetsPath = fileURLToPath(new URL('../../../dist/site/', import.meta.url));

/** The rendered methodology page, which goes into the site's index rather than into a file of its own. */
export const methodologyFileName = 'methodology.html';

/** The browser build a site is made from: the methodology page and the files to copy, relative to `folder`. */
export interface SiteAssets {
  folder: string;
  methodologyHtml: string;
  files: string[];
}

/** Reads a browser build; throws `UsageError` saying how to make it when it is missing. */
export function readSiteAssets(folder: string = builtSiteAssetsPath): SiteAssets {
  const methodologyPath = join(folder, methodologyFileName);
  if (!statSync(methodologyPath, { throwIfNoEntry: false })?.isFile()) {
    throw new UsageError({
      message: `The site's browser build is missing: ${methodologyPath} was not found. Run "npm run build" in the Complicity checkout, then run complicity report again.`,
    });
  }
  const files = listFiles(folder)
    .map((path) => relative(folder, path))
    .filter((path) => path !== methodologyFileName)
    .sort();
  return { folder, methodologyHtml: readFileSync(methodologyPath, 'utf8'), files };
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}
