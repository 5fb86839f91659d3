import { dataValue, formatInterval, formatRate, formatScore, type Estimate } from '../format.js';

/**
 * A table cell with a figure and its 95 % interval, written out, and the exact numbers in
 * `data-*` attributes: `data-value`, `data-low`, `data-high` and `data-n`, `null` where absent.
 * Rates are shares from 0 to 1 in the attributes and percentages on screen.
 */
export function FigureCell({
  figure,
  estimate,
  kind,
  attributes = {},
}: {
  figure: string;
  estimate: Estimate;
  kind: 'score' | 'rate';
  /** More `data-*` attributes for the cell, such as `data-family`. */
  attributes?: Record<`data-${string}`, string>;
}) {
  const value = kind === 'score' ? formatScore(estimate.value) : formatRate(estimate.value);
  const interval = formatInterval(estimate, kind === 'score' ? 1 : 100);
  return (
    <td
      data-figure={figure}
      data-value={dataValue(estimate.value)}
      data-low={dataValue(estimate.low)}
      data-high={dataValue(estimate.high)}
      data-n={estimate.n}
      {...attributes}
    >
      <span class="figure-value">{value}</span>
      {interval !== '' && <span class="figure-interval"> {interval}</span>}
    </td>
  );
}
