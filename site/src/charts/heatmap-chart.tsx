import { useId } from 'preact/hooks';
import { textColourOn, viridisColour } from './colour-scale.js';
import { measureText } from './measure-text.js';

/** One cell of a heatmap: its value on the scale (null when nothing was scored) and the text written in it. */
export interface HeatmapCell {
  /** Position on the colour scale, from 0 to 1; null draws no colour. */
  share: number | null;
  value: string;
  detail: string;
  /** The interval or other secondary text, written in the cell when it fits. */
  interval: string;
  /** The full description read in the tooltip. */
  title: string;
  /** Set when the row never had this column in its plan: the cell shows `–`. */
  notPlanned?: boolean;
}

const cellHeight = 58;
const minimumCellWidth = 76;
const maximumCellWidth = 180;
const legendHeight = 56;

/**
 * Draws a grid of rows by columns with each cell's value, n and interval written in it; the
 * viridis colour repeats the value for a quick scan but never carries it alone. Columns keep
 * a legible minimum width, so a wide grid scrolls inside its box.
 */
export function HeatmapChart({
  rows,
  columns,
  cells,
  width,
  legend,
  label,
}: {
  /** What the chart shows, read by screen readers in place of the drawing. */
  label: string;
  rows: string[];
  columns: string[];
  /** `cells[row][column]`. */
  cells: HeatmapCell[][];
  width: number;
  legend: { low: string; high: string; ticks: { share: number; text: string }[] };
}) {
  const gradientId = `heat-${useId()}`;
  const labelWidth = Math.ceil(Math.max(0, ...rows.map((row) => measureText(row, { weight: 600 })))) + 12;
  const angle = 40;
  const radians = (angle * Math.PI) / 180;
  const columnWidths = columns.map((column) => measureText(column));
  // Cells grow with the space up to a maximum, so that two or three columns do not stretch the grid across the page.
  const evenWidth = Math.min(maximumCellWidth, Math.floor((width - labelWidth) / Math.max(1, columns.length)));
  // Column labels lie flat when each fits its cell, and slant otherwise.
  const slanted = columnWidths.some((textWidth) => textWidth + 8 > Math.max(minimumCellWidth, evenWidth));
  // Slanted labels reach to the right of their column, so the cells narrow until the last labels
  // end inside the given width. Only at the minimum cell width does the chart grow wider.
  const fittingWidths = slanted
    ? columnWidths.map((textWidth, index) => (width - labelWidth - textWidth * Math.cos(radians) - 4) / (index + 0.5))
    : [];
  const cellWidth = Math.max(minimumCellWidth, Math.floor(Math.min(evenWidth, ...fittingWidths)));
  const headerHeight = slanted ? Math.ceil(Math.max(0, ...columnWidths) * Math.sin(radians)) + 24 : 28;
  const labelEnds = slanted
    ? columnWidths.map((textWidth, index) => labelWidth + (index + 0.5) * cellWidth + textWidth * Math.cos(radians) + 4)
    : [];
  const chartWidth = Math.ceil(Math.max(width, labelWidth + cellWidth * columns.length, ...labelEnds));
  const gridTop = headerHeight;
  const legendTop = gridTop + rows.length * cellHeight + 18;
  const height = legendTop + legendHeight;
  const legendWidth = Math.min(320, chartWidth - 24);

  return (
    <svg class="chart-svg" width={chartWidth} height={height} viewBox={`0 0 ${chartWidth} ${height}`} role="img" aria-label={label}>
      <defs>
        <linearGradient id={gradientId}>
          {[0, 0.25, 0.5, 0.75, 1].map((share) => (
            <stop key={share} offset={share} stop-color={viridisColour(share)} />
          ))}
        </linearGradient>
      </defs>
      {columns.map((column, index) => {
        const x = labelWidth + index * cellWidth + cellWidth / 2;
        return slanted ? (
          <text key={column} class="chart-tick" x={x} y={headerHeight - 10} transform={`rotate(-${angle} ${x} ${headerHeight - 10})`}>
            {column}
          </text>
        ) : (
          <text key={column} class="chart-tick" x={x} y={headerHeight - 10} text-anchor="middle">
            {column}
          </text>
        );
      })}
      {rows.map((row, rowIndex) => {
        const y = gridTop + rowIndex * cellHeight;
        return (
          <g key={row}>
            <text class="chart-label" x={0} y={y + cellHeight / 2 + 4}>
              {row}
            </text>
            {columns.map((column, columnIndex) => {
              const cell = cells[rowIndex]?.[columnIndex];
              if (!cell) return null;
              const x = labelWidth + columnIndex * cellWidth;
              const fill = cell.share === null ? null : viridisColour(cell.share);
              const ink = fill ? textColourOn(fill) : undefined;
              return (
                <g key={column} data-row={row} data-column={column}>
                  <title>{cell.title}</title>
                  <rect
                    class={fill ? 'heat-cell' : 'heat-cell heat-cell-empty'}
                    x={x + 1}
                    y={y + 1}
                    width={cellWidth - 2}
                    height={cellHeight - 2}
                    {...(fill ? { fill } : {})}
                  />
                  <text class="heat-value" x={x + cellWidth / 2} y={y + 22} text-anchor="middle" style={ink ? { fill: ink } : undefined}>
                    {cell.notPlanned ? '–' : cell.value}
                  </text>
                  {!cell.notPlanned && (
                    <text class="heat-detail" x={x + cellWidth / 2} y={y + 37} text-anchor="middle" style={ink ? { fill: ink } : undefined}>
                      {cell.detail}
                    </text>
                  )}
                  {!cell.notPlanned && cell.interval !== '' && (
                    <text class="heat-detail" x={x + cellWidth / 2} y={y + 51} text-anchor="middle" style={ink ? { fill: ink } : undefined}>
                      {cell.interval}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
      <g transform={`translate(12 ${legendTop})`}>
        <rect x={0} y={0} width={legendWidth} height={12} fill={`url(#${gradientId})`} />
        {legend.ticks.map((tick) => (
          <text key={tick.share} class="chart-tick" x={tick.share * legendWidth} y={28} text-anchor="middle">
            {tick.text}
          </text>
        ))}
        <text class="chart-tick" x={0} y={46}>
          {legend.low}
        </text>
        <text class="chart-tick" x={legendWidth} y={46} text-anchor="end">
          {legend.high}
        </text>
      </g>
    </svg>
  );
}
