import type { RunRecord } from '../../store/index.js';
import { complicityVersion } from '../../version.js';
import { pairSameSuiteRuns } from './build-run-comparison.js';
import { buildRunListing } from './build-run-listing.js';
import type { SiteIndex } from './site-data.js';

/** Lists a site's runs, the pairs of runs of the same suite it compares, and the methodology page. */
export function buildSiteIndex({
  runs,
  methodologyHtml,
  generatedAt,
}: {
  runs: readonly RunRecord[];
  methodologyHtml: string;
  generatedAt: Date;
}): SiteIndex {
  return {
    generatedAt: generatedAt.toISOString(),
    complicityVersion,
    runs: runs.map(buildRunListing),
    comparisons: pairSameSuiteRuns(runs).map(([first, second]) => ({ first: first.id, second: second.id })),
    methodologyHtml,
  };
}
