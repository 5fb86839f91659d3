import type { RunComparison, RunListing, RunSummaryData, SiteIndex, TurnSetComparison } from '../../../src/report/site/site-data.js';
import { ChartFigure } from '../charts/chart-figure.js';
import { IntervalChart } from '../charts/interval-chart.js';
import { DataStatus } from '../components/data-status.js';
import { dataPaths } from '../data/data-paths.js';
import { useData, type DataState } from '../data/use-data.js';
import { dataValue, fixed, formatDifference, formatInterval, formatPValue, formatRate, formatScore, formatTimestamp } from '../format.js';
import { hrefOf } from '../route.js';
import { captionOf, runLabel, suitesOf } from '../run-text.js';

type Figure = 'discernment' | 'meanDcs' | 'refusalRate';

const figures: { figure: Figure; name: string; unit: string; scale: number }[] = [
  { figure: 'discernment', name: 'Discernment', unit: 'points of discernment', scale: 1 },
  { figure: 'meanDcs', name: 'Mean DCS', unit: 'points of mean DCS', scale: 1 },
  { figure: 'refusalRate', name: 'Refusal rate', unit: 'percentage points', scale: 100 },
];

/** The list of run pairs the site compares, or one pair side by side. */
export function CompareView({ index, first, second }: { index: SiteIndex; first: string | undefined; second: string | undefined }) {
  if (first === undefined || second === undefined) return <PairList index={index} />;
  return <Comparison index={index} first={first} second={second} />;
}

function PairList({ index }: { index: SiteIndex }) {
  const runOf = new Map(index.runs.map((run) => [run.runId, run]));
  if (index.comparisons.length === 0) {
    return (
      <p class="message">
        This site compares no runs: <code>complicity report</code> writes a comparison for each pair of runs of the same suite, and this
        site has no such pair.
      </p>
    );
  }
  return (
    <>
      <p>Pairs of runs of the same suite. Each comparison pairs the scenarios both runs scored, model by model.</p>
      <ul class="pair-list">
        {index.comparisons.map(({ first, second }) => (
          <li key={`${first}/${second}`}>
            <a href={hrefOf({ view: 'compare', first, second })}>
              {runOf.get(first) ? runLabel(runOf.get(first)!) : first} against {runOf.get(second) ? runLabel(runOf.get(second)!) : second}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function Comparison({ index, first, second }: { index: SiteIndex; first: string; second: string }) {
  const listed = index.comparisons.some((pair) => pair.first === first && pair.second === second);
  const reversed = index.comparisons.some((pair) => pair.first === second && pair.second === first);
  const comparison = useData(listed ? dataPaths.comparison(first, second) : null);
  const firstSummary = useData(listed ? dataPaths.summary(first) : null);
  const secondSummary = useData(listed ? dataPaths.summary(second) : null);
  const firstRun = index.runs.find((run) => run.runId === first);
  const secondRun = index.runs.find((run) => run.runId === second);

  if (!listed) {
    return (
      <div class="message message-error" role="alert">
        <p>
          This site has no comparison of <code>{first}</code> against <code>{second}</code>. It compares only runs of one suite that planned
          scenarios and models in common.
        </p>
        {reversed ? (
          <p>
            It compares them the other way round:{' '}
            <a href={hrefOf({ view: 'compare', first: second, second: first })}>
              {second} against {first}
            </a>
            .
          </p>
        ) : (
          <p>
            <a href={hrefOf({ view: 'compare' })}>See the pairs it compares</a>.
          </p>
        )}
      </div>
    );
  }
  if (comparison.status !== 'ready') return <DataStatus state={comparison} />;
  if (comparison.data.models.every((model) => model.scenarios === 0)) {
    return (
      <p class="message" data-comparison="empty">
        <code>{first}</code> and <code>{second}</code> have no scenario scored for the same model, so there is nothing to compare.
      </p>
    );
  }
  const models = byDiscernmentDifference(comparison.data.models);

  return (
    <>
      <RunsSideBySide first={firstRun} second={secondRun} firstId={first} secondId={second} />
      <p>
        Each difference is the first run’s figure minus the second’s, over the scenarios both runs scored for the model, with a 95 %
        interval from a paired bootstrap and a p-value Holm-adjusted across models.
      </p>
      {comparison.data.differences.length > 0 && (
        <div class="message">
          <p>The runs also differ in these settings, so part of each difference may come from them:</p>
          <ul>
            {comparison.data.differences.map((difference) => (
              <li key={difference}>{difference}</li>
            ))}
          </ul>
        </div>
      )}
      {figures.map((entry) => (
        <DifferenceSection
          key={entry.figure}
          entry={entry}
          comparison={comparison.data}
          models={models}
          firstRun={firstRun}
          secondRun={secondRun}
          firstSummary={firstSummary}
          secondSummary={secondSummary}
        />
      ))}
    </>
  );
}

/**
 * Sorts the models by their difference in discernment, largest first, for every section, so a
 * model keeps its row from one chart to the next.
 */
function byDiscernmentDifference(models: readonly TurnSetComparison[]): TurnSetComparison[] {
  return [...models].sort(
    (a, b) => (b.discernment.value ?? -Infinity) - (a.discernment.value ?? -Infinity) || a.model.localeCompare(b.model),
  );
}

function RunsSideBySide({
  first,
  second,
  firstId,
  secondId,
}: {
  first?: RunListing;
  second?: RunListing;
  firstId: string;
  secondId: string;
}) {
  const rows: [string, (run: RunListing) => string][] = [
    ['Created', (run) => formatTimestamp(run.createdAt)],
    ['Status', (run) => run.status],
    ['Mode', (run) => run.mode],
    ['System prompt', (run) => run.system],
    ['Judges', (run) => (run.judges.length === 0 ? 'none' : run.judges.join(', '))],
    ['Suite', suitesOf],
    ['Models', (run) => String(run.models.length)],
  ];
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="The two runs">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">
              First: <a href={hrefOf({ view: 'leaderboard', runId: firstId })}>{firstId}</a>
            </th>
            <th scope="col">
              Second: <a href={hrefOf({ view: 'leaderboard', runId: secondId })}>{secondId}</a>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, read]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{first ? read(first) : 'not in this site'}</td>
              <td>{second ? read(second) : 'not in this site'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DifferenceSection({
  entry,
  comparison,
  models,
  firstRun,
  secondRun,
  firstSummary,
  secondSummary,
}: {
  entry: (typeof figures)[number];
  comparison: RunComparison;
  /** The models in the order every section shows them. */
  models: TurnSetComparison[];
  firstRun?: RunListing;
  secondRun?: RunListing;
  firstSummary: DataState<RunSummaryData>;
  secondSummary: DataState<RunSummaryData>;
}) {
  const { figure, name, unit, scale } = entry;
  const extent = Math.max(
    10,
    ...models
      .flatMap((model) => [model[figure].value, model[figure].low, model[figure].high])
      .map((value) => Math.abs((value ?? 0) * scale)),
  );
  const bound = Math.ceil(extent / 10) * 10;
  const valueOf = (summary: DataState<RunSummaryData>, model: string) => {
    if (summary.status !== 'ready') return summary.status === 'loading' ? '…' : 'n/a';
    const estimate = summary.data.stats.estimates.find((candidate) => candidate.model === model)?.[figure];
    if (!estimate) return 'n/a';
    return `${scale === 1 ? formatScore(estimate.value) : formatRate(estimate.value)} ${formatInterval(estimate, scale)}`.trim();
  };
  const caption = [firstRun, secondRun].map((run) => (run ? captionOf(run) : '')).join(' Against: ');

  return (
    <section aria-labelledby={`difference-${figure}`}>
      <h2 id={`difference-${figure}`}>{name}</h2>
      {models.length === 0 ? (
        <p class="message">No model appears in both runs.</p>
      ) : (
        <ChartFigure
          title={`${name}: first run minus second, with 95 % intervals`}
          caption={`Difference in ${unit}. ${caption}`}
          fileName={`complicity-compare-${comparison.first}-${comparison.second}-${figure}`}
        >
          {(width) => (
            <IntervalChart
              width={width}
              domain={[-bound, bound]}
              ticks={[-bound, -bound / 2, 0, bound / 2, bound]}
              formatTick={(tick) => (tick > 0 ? `+${tick}` : fixed(tick, 0))}
              axisLabel={`difference (${unit})`}
              reference={0}
              rows={models.map((model) => ({
                key: model.model,
                label: model.model,
                value: model[figure].value === null ? null : model[figure].value! * scale,
                low: model[figure].low === null ? null : model[figure].low! * scale,
                high: model[figure].high === null ? null : model[figure].high! * scale,
                text: `${formatDifference(model[figure].value, scale)} ${formatInterval(model[figure], scale)}`.trim(),
              }))}
            />
          )}
        </ChartFigure>
      )}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`${name}, differences by model`}>
        <table class="data-table" data-figure-table={figure}>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">First run</th>
              <th scope="col">Second run</th>
              <th scope="col">Difference</th>
              <th scope="col">p</th>
              <th scope="col">Holm p</th>
              <th scope="col">Scenarios</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <DifferenceRow
                key={model.model}
                model={model}
                figure={figure}
                scale={scale}
                first={valueOf(firstSummary, model.model)}
                second={valueOf(secondSummary, model.model)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DifferenceRow({
  model,
  figure,
  scale,
  first,
  second,
}: {
  model: TurnSetComparison;
  figure: Figure;
  scale: number;
  first: string;
  second: string;
}) {
  const difference = model[figure];
  const interval = formatInterval(difference, scale);
  return (
    <tr data-model={model.model}>
      <th scope="row">{model.model}</th>
      <td>{first}</td>
      <td>{second}</td>
      <td
        data-figure={figure}
        data-value={dataValue(difference.value)}
        data-low={dataValue(difference.low)}
        data-high={dataValue(difference.high)}
        data-n={difference.n}
      >
        <span class="figure-value">{formatDifference(difference.value, scale)}</span>
        {interval !== '' && <span class="figure-interval"> {interval}</span>}
      </td>
      <td data-figure="pValue" data-value={dataValue(difference.pValue)}>
        {formatPValue(difference.pValue)}
      </td>
      <td data-figure="adjustedPValue" data-value={dataValue(difference.adjustedPValue)}>
        {formatPValue(difference.adjustedPValue)}
      </td>
      <td>{model.scenarios}</td>
    </tr>
  );
}
