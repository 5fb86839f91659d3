import { measureText, wrapText } from './measure-text.js';

/** One row of an interval chart: a point value with its 95 % interval, both possibly missing. */
export interface IntervalRow {
  key: string;
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** The value and interval as written next to the drawing, such as `85.2 [75.8, 92.7]`. */
  text: string;
}

const rowHeight = 28;
const lineHeight = 18;
const axisHeight = 40;
const gap = 12;
/** The font size of tick labels in the style sheet, `.chart-tick`. */
const tickSize = 11;
const axisLineHeight = 13;

/**
 * Draws values with their intervals on a shared axis, one row each (a dot and a line), with
 * every value also written out. Labels get the room they need: when a row cannot fit label,
 * drawing and text side by side, the label and text go above the drawing, on one line or two.
 */
export function IntervalChart({
  rows,
  width,
  domain,
  ticks,
  formatTick,
  axisLabel,
  reference,
}: {
  rows: IntervalRow[];
  width: number;
  domain: [number, number];
  ticks: number[];
  formatTick: (tick: number) => string;
  axisLabel: string;
  /** A value drawn as a vertical line, such as 0 for differences. */
  reference?: number;
}) {
  const labelWidth = Math.ceil(Math.max(0, ...rows.map((row) => measureText(row.label, { weight: 600 }))));
  const textWidth = Math.ceil(Math.max(0, ...rows.map((row) => measureText(row.text))));
  const sideBySide = labelWidth + textWidth + 2 * gap + 160 <= width;
  const textLines = sideBySide ? 0 : labelWidth + textWidth + gap <= width - 16 ? 1 : 2;
  const rowBlock = sideBySide ? rowHeight : textLines * lineHeight + rowHeight;
  // Room at the ends for the first and last tick labels, which are centred on their ticks.
  const tickRoom = Math.max(12, ...ticks.map((tick) => Math.ceil(measureText(formatTick(tick), { size: tickSize }) / 2) + 2));
  const plotLeft = sideBySide ? labelWidth + gap : tickRoom;
  const plotRight = sideBySide ? width - textWidth - gap : width - tickRoom;
  // A long axis label wraps on a narrow screen rather than run past the chart's edges.
  const axisLines = wrapText(axisLabel, width - 8, { size: tickSize });
  // Each line is centred under the plot, or as near as it fits.
  const axisLineCentre = (line: string) => {
    const half = measureText(line, { size: tickSize }) / 2 + 4;
    return Math.min(width - half, Math.max(half, (plotLeft + plotRight) / 2));
  };
  const height = rows.length * rowBlock + axisHeight + (axisLines.length - 1) * axisLineHeight;
  const [min, max] = domain;
  const x = (value: number) => plotLeft + ((Math.min(max, Math.max(min, value)) - min) / (max - min)) * (plotRight - plotLeft);
  const axisTop = rows.length * rowBlock + 6;

  return (
    <svg class="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={axisLabel}>
      {rows.map((row, index) =>
        index % 2 === 0 ? <rect key={row.key} class="chart-band" x={0} y={index * rowBlock} width={width} height={rowBlock} /> : null,
      )}
      {ticks.map((tick) => (
        <g key={tick}>
          <line class="chart-grid" x1={x(tick)} x2={x(tick)} y1={0} y2={axisTop} />
          <text class="chart-tick" x={x(tick)} y={axisTop + 14} text-anchor="middle">
            {formatTick(tick)}
          </text>
        </g>
      ))}
      {reference !== undefined && <line class="chart-reference" x1={x(reference)} x2={x(reference)} y1={0} y2={axisTop} />}
      <line class="chart-axis" x1={plotLeft} x2={plotRight} y1={axisTop} y2={axisTop} />
      <text class="chart-axis-label" text-anchor="middle">
        {axisLines.map((line, index) => (
          <tspan key={index} x={axisLineCentre(line)} y={axisTop + 30 + index * axisLineHeight}>
            {line}
          </tspan>
        ))}
      </text>
      {rows.map((row, index) => {
        const top = index * rowBlock;
        const lineY = top + rowBlock - rowHeight / 2;
        const labelY = sideBySide ? lineY + 4 : top + 15;
        const textY = textLines === 2 ? labelY + lineHeight : labelY;
        return (
          <g key={row.key} data-row={row.key}>
            <title>{`${row.label}: ${row.text}`}</title>
            <text class="chart-label" x={sideBySide ? 0 : plotLeft} y={labelY}>
              {row.label}
            </text>
            <text
              class="chart-value"
              x={textLines === 2 ? plotLeft : sideBySide ? width : plotRight}
              y={textY}
              text-anchor={textLines === 2 ? 'start' : 'end'}
            >
              {row.text}
            </text>
            {row.low !== null && row.high !== null && (
              <line class="chart-interval" x1={x(row.low)} x2={x(row.high)} y1={lineY} y2={lineY} />
            )}
            {row.value !== null && <circle class="chart-point" cx={x(row.value)} cy={lineY} r={5} />}
          </g>
        );
      })}
    </svg>
  );
}
