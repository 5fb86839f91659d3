import type { SiteIndex } from '../../../src/report/site/site-data.js';

/**
 * The methodology page. Its HTML is rendered from `docs/methodology.md` when the package is
 * built and comes from the index: the one piece of HTML the site injects, because we wrote it.
 */
export function MethodologyView({ index }: { index: SiteIndex }) {
  return (
    <>
      <h1 tabIndex={-1}>Methodology</h1>
      <p class="muted">
        What each figure of this site measures, its formula, its denominator and how its 95 % interval is computed. The figures are those of{' '}
        <code>complicity stats</code>, computed by the same code.
      </p>
      <article class="prose" dangerouslySetInnerHTML={{ __html: index.methodologyHtml }} />
    </>
  );
}
