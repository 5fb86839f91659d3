import { breakLabel, measureText } from './measure-text.js';

/** One point of a curve: a level's value with its interval, all null when nothing was scored there. */
export interface CurvePoint {
  level: number;
  value: number | null;
  low: number | null;
  high: number | null;
}

/** One small chart: a model's curves on both tracks. */
export interface CurvePanel {
  key: string;
  title: string;
  dystopian: CurvePoint[];
  benign: CurvePoint[];
}

const plotHeight = 126;
const minimumPanelWidth = 260;
const titleLineHeight = 16;
const margin = { top: 12, right: 12, bottom: 34, left: 36 };
const legendLineHeight = 18;

/**
 * Draws small multiples, one per model: mean DCS by level on a 0–100 axis, the dystopian track
 * as a solid line with circles and the benign twins as a dashed line with squares, each point
 * with its 95 % interval as an error bar. Shape and dash repeat what colour shows. A level with
 * nothing scored leaves a gap in its line.
 */
export function EscalationChart({ panels, levels, width }: { panels: CurvePanel[]; levels: number[]; width: number }) {
  // Panels as wide as the longest title where the width allows, so titles rarely need to break.
  const titleWidth = Math.max(0, ...panels.map((panel) => measureText(panel.title, { weight: 600 })));
  const columns = Math.max(1, Math.min(panels.length, Math.floor(width / Math.max(minimumPanelWidth, titleWidth + 24))));
  const panelWidth = width / columns;
  const titles = panels.map((panel) => breakLabel(panel.title, panelWidth - margin.left - 8, { weight: 600 }));
  const titleLines = Math.max(1, ...titles.map((lines) => lines.length));
  const panelHeight = titleLines * titleLineHeight + margin.top + plotHeight + margin.bottom;
  const rows = Math.ceil(panels.length / columns);
  // A run without benign twins, such as an imported one, has no dashed curve to explain.
  const showsBenign = panels.some((panel) => panel.benign.some((point) => point.value !== null));
  const legend = legendLayout(width, showsBenign);
  const legendHeight = legend.lines * legendLineHeight + 12;
  const height = legendHeight + rows * panelHeight;

  return (
    <svg class="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Mean DCS by level">
      <Legend layout={legend} />
      {panels.map((panel, index) => (
        <g
          key={panel.key}
          data-row={panel.key}
          transform={`translate(${(index % columns) * panelWidth} ${legendHeight + Math.floor(index / columns) * panelHeight})`}
        >
          <Panel panel={panel} title={titles[index]!} titleHeight={titleLines * titleLineHeight} levels={levels} width={panelWidth} />
        </g>
      ))}
    </svg>
  );
}

/** Places the legend's last entry on a second line when the entries do not fit on one. */
function legendLayout(width: number, showsBenign: boolean) {
  const benignLeft = measureText('dystopian track') + 48;
  const intervalLeft = showsBenign ? benignLeft + measureText('benign twin') + 52 : benignLeft;
  const oneLine = intervalLeft + measureText('bars: 95 % interval') <= width;
  return {
    showsBenign,
    benignLeft,
    intervalLeft: oneLine ? intervalLeft : 0,
    intervalTop: oneLine ? 4 : 4 + legendLineHeight,
    lines: oneLine ? 1 : 2,
  };
}

function Legend({ layout }: { layout: ReturnType<typeof legendLayout> }) {
  return (
    <g transform="translate(0 14)">
      <line class="curve-line curve-dystopian" x1={0} x2={24} y1={0} y2={0} />
      <circle class="curve-point curve-dystopian" cx={12} cy={0} r={4} />
      <text class="chart-tick" x={30} y={4}>
        dystopian track
      </text>
      {layout.showsBenign && (
        <g transform={`translate(${layout.benignLeft} 0)`}>
          <line class="curve-line curve-benign" x1={0} x2={24} y1={0} y2={0} />
          <rect class="curve-point curve-benign" x={8} y={-4} width={8} height={8} />
          <text class="chart-tick" x={30} y={4}>
            benign twin
          </text>
        </g>
      )}
      <text class="chart-tick" x={layout.intervalLeft} y={layout.intervalTop}>
        bars: 95 % interval
      </text>
    </g>
  );
}

function Panel({
  panel,
  title,
  titleHeight,
  levels,
  width,
}: {
  panel: CurvePanel;
  title: string[];
  titleHeight: number;
  levels: number[];
  width: number;
}) {
  const plotWidth = width - margin.left - margin.right;
  const plotTop = titleHeight + margin.top;
  const first = levels[0] ?? 1;
  const last = levels[levels.length - 1] ?? 5;
  const x = (level: number) => margin.left + (last === first ? plotWidth / 2 : ((level - first) / (last - first)) * (plotWidth - 16) + 8);
  const y = (value: number) => plotTop + plotHeight - (value / 100) * plotHeight;

  return (
    <g>
      <text class="chart-label">
        {title.map((line, index) => (
          <tspan key={index} x={margin.left} y={14 + index * titleLineHeight}>
            {line}
          </tspan>
        ))}
      </text>
      {[0, 50, 100].map((tick) => (
        <g key={tick}>
          <line class="chart-grid" x1={margin.left} x2={margin.left + plotWidth} y1={y(tick)} y2={y(tick)} />
          <text class="chart-tick" x={margin.left - 6} y={y(tick) + 4} text-anchor="end">
            {tick}
          </text>
        </g>
      ))}
      {levels.map((level) => (
        <text key={level} class="chart-tick" x={x(level)} y={plotTop + plotHeight + 16} text-anchor="middle">
          {`L${level}`}
        </text>
      ))}
      <Curve points={panel.dystopian} track="dystopian" x={(level) => x(level) - 3} y={y} />
      <Curve points={panel.benign} track="benign" x={(level) => x(level) + 3} y={y} />
    </g>
  );
}

function Curve({
  points,
  track,
  x,
  y,
}: {
  points: CurvePoint[];
  track: 'dystopian' | 'benign';
  x: (level: number) => number;
  y: (value: number) => number;
}) {
  const segments: string[] = [];
  let current = '';
  for (const point of [...points].sort((a, b) => a.level - b.level)) {
    if (point.value === null) {
      if (current) segments.push(current);
      current = '';
      continue;
    }
    current += `${current ? 'L' : 'M'}${x(point.level).toFixed(1)},${y(point.value).toFixed(1)}`;
  }
  if (current) segments.push(current);
  const trackClass = `curve-${track}`;

  return (
    <g data-track={track}>
      {segments.map((path) => (
        <path key={path} class={`curve-line ${trackClass}`} d={path} />
      ))}
      {points.map((point) =>
        point.value === null ? null : (
          <g key={point.level}>
            <title>{`${track === 'dystopian' ? 'Dystopian track' : 'Benign twin'}, L${point.level}: ${point.value.toFixed(1)}${
              point.low !== null && point.high !== null ? ` [${point.low.toFixed(1)}, ${point.high.toFixed(1)}]` : ', no interval'
            }`}</title>
            {point.low !== null && point.high !== null && (
              <g class={`curve-error ${trackClass}`}>
                <line x1={x(point.level)} x2={x(point.level)} y1={y(point.low)} y2={y(point.high)} />
                <line x1={x(point.level) - 3} x2={x(point.level) + 3} y1={y(point.low)} y2={y(point.low)} />
                <line x1={x(point.level) - 3} x2={x(point.level) + 3} y1={y(point.high)} y2={y(point.high)} />
              </g>
            )}
            {track === 'dystopian' ? (
              <circle class={`curve-point ${trackClass}`} cx={x(point.level)} cy={y(point.value)} r={4} />
            ) : (
              <rect class={`curve-point ${trackClass}`} x={x(point.level) - 4} y={y(point.value) - 4} width={8} height={8} />
            )}
          </g>
        ),
      )}
    </g>
  );
}
