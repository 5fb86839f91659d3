import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { downloadPng, downloadSvg, type ChartText } from './export-chart.js';
import { useWidth } from './use-width.js';

/**
 * A chart with its title, its caption (run, suite version, judges) and buttons that download
 * it as SVG or PNG with the title and caption drawn in. `children` draws the SVG at the width
 * it is given; `table` holds the same values as a table for readers who do not read charts.
 */
export function ChartFigure({
  title,
  caption,
  fileName,
  footnotes,
  children,
  table,
  description,
}: ChartText & {
  children: (width: number) => ComponentChildren;
  table?: ComponentChildren;
  /** A sentence under the title on how to read the chart. */
  description?: ComponentChildren;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const figureRef = useRef<HTMLElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const text = { title, caption, fileName, ...(footnotes ? { footnotes } : {}) };

  const exportWith = async (download: (svg: SVGSVGElement, text: ChartText) => void | Promise<void>) => {
    const svg = figureRef.current?.querySelector<SVGSVGElement>('.chart-body svg');
    if (!svg) return;
    try {
      setProblem(null);
      await download(svg, text);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <figure class="chart" ref={figureRef} data-chart={fileName}>
      <div class="chart-head">
        <h3 class="chart-title">{title}</h3>
        <div class="chart-actions">
          <button type="button" aria-label={`Download SVG: ${title}`} onClick={() => void exportWith(downloadSvg)}>
            Download SVG
          </button>
          <button type="button" aria-label={`Download PNG: ${title}`} onClick={() => void exportWith(downloadPng)}>
            Download PNG
          </button>
        </div>
      </div>
      {description && <p class="chart-description">{description}</p>}
      <div class="chart-body" ref={ref}>
        {children(width)}
      </div>
      <figcaption class="chart-caption">{caption}</figcaption>
      {problem && (
        <p class="message message-error" role="alert">
          {problem}
        </p>
      )}
      {table && (
        <details class="chart-table">
          <summary>Values as a table</summary>
          {table}
        </details>
      )}
    </figure>
  );
}
