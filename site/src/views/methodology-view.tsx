import type { SiteIndex } from '../../../src/report/site/site-data.js';

/**
 * The methodology page. Its HTML is rendered from `docs/methodology.md` when the package is
 * built and comes from the index: the one piece of HTML the site injects, because we wrote it.
 * The document opens with its own summary, so the page adds none.
 */
export function MethodologyView({ index }: { index: SiteIndex }) {
  return (
    <>
      <h1 tabIndex={-1}>Methodology</h1>
      <article class="prose" dangerouslySetInnerHTML={{ __html: index.methodologyHtml }} />
    </>
  );
}
