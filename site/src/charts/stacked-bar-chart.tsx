import { textColourOn } from './colour-scale.js';
import { measureText } from './measure-text.js';

/** One category of a stacked bar: its name in the legend and its colour. */
export interface BarCategory {
  key: string;
  label: string;
  colour: string;
}

/** One bar: a count per category, out of `total`. */
export interface StackedBar {
  key: string;
  label: string;
  counts: Record<string, number>;
  total: number;
}

const barHeight = 22;
const rowGap = 10;
const stackedLabelHeight = 18;

/**
 * Draws one horizontal bar per row, split into its categories in proportion to their counts.
 * Each segment wide enough has its count written in it; the legend names every category, and
 * the table beside the chart holds every count.
 */
export function StackedBarChart({
  bars,
  categories,
  width,
  label,
}: {
  bars: StackedBar[];
  categories: BarCategory[];
  width: number;
  label: string;
}) {
  const labelWidth = Math.ceil(Math.max(0, ...bars.map((bar) => measureText(`${bar.label} (${bar.total})`, { weight: 600 }))));
  const sideBySide = labelWidth + 12 + 180 <= width;
  const barLeft = sideBySide ? labelWidth + 12 : 0;
  const barWidth = width - barLeft - 2;
  const rowHeight = barHeight + rowGap + (sideBySide ? 0 : stackedLabelHeight);

  const legendItems: { category: BarCategory; x: number; y: number }[] = [];
  let legendX = 0;
  let legendY = 0;
  for (const category of categories) {
    const itemWidth = 18 + measureText(category.label) + 16;
    if (legendX > 0 && legendX + itemWidth > width) {
      legendX = 0;
      legendY += 20;
    }
    legendItems.push({ category, x: legendX, y: legendY });
    legendX += itemWidth;
  }
  const barsTop = legendY + 32;
  const height = barsTop + bars.length * rowHeight;

  return (
    <svg class="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {legendItems.map(({ category, x, y }) => (
        <g key={category.key} transform={`translate(${x} ${y + 4})`}>
          <rect x={0} y={0} width={12} height={12} fill={category.colour} class="bar-swatch" />
          <text class="chart-tick" x={18} y={11}>
            {category.label}
          </text>
        </g>
      ))}
      {bars.map((bar, index) => {
        const top = barsTop + index * rowHeight;
        const barTop = sideBySide ? top : top + stackedLabelHeight;
        let offset = barLeft;
        return (
          <g key={bar.key} data-row={bar.key}>
            <text class="chart-label" x={0} y={sideBySide ? barTop + barHeight / 2 + 4 : top + 13}>
              {`${bar.label} (${bar.total})`}
            </text>
            <rect class="bar-track" x={barLeft} y={barTop} width={barWidth} height={barHeight} />
            {categories.map((category) => {
              const count = bar.counts[category.key] ?? 0;
              if (count === 0 || bar.total === 0) return null;
              const segmentWidth = (count / bar.total) * barWidth;
              const x = offset;
              offset += segmentWidth;
              const text = String(count);
              return (
                <g key={category.key}>
                  <title>{`${bar.label}, ${category.label}: ${count} of ${bar.total}`}</title>
                  <rect x={x} y={barTop} width={segmentWidth} height={barHeight} fill={category.colour} class="bar-segment" />
                  {measureText(text) + 6 <= segmentWidth && (
                    <text
                      class="bar-count"
                      x={x + segmentWidth / 2}
                      y={barTop + barHeight / 2 + 4}
                      text-anchor="middle"
                      style={{ fill: textColourOn(category.colour) }}
                    >
                      {text}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
