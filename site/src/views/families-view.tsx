import type { RunListing, RunSummaryData } from '../../../src/report/site/site-data.js';
import { ChartFigure } from '../charts/chart-figure.js';
import { HeatmapChart, type HeatmapCell } from '../charts/heatmap-chart.js';
import { DataStatus } from '../components/data-status.js';
import { FigureCell } from '../components/figure-cell.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { formatInterval, formatRate, formatScore } from '../format.js';
import { byDiscernment } from '../leaderboard-rows.js';
import { hrefOf } from '../route.js';
import { captionOf } from '../run-text.js';

type FamilyFigure = 'meanDcs' | 'refusalRate';

const figureNames: Record<FamilyFigure, string> = { meanDcs: 'Mean DCS', refusalRate: 'Refusal rate' };

/** Families × models heatmap of mean DCS or the refusal rate on the dystopian track, each cell with its value, n and interval. */
export function FamiliesView({ run, figure = 'meanDcs' }: { run: RunListing; figure: FamilyFigure | undefined }) {
  const summary = useData(dataPaths.summary(run.runId));
  return (
    <>
      <nav class="segmented" aria-label="Figure">
        {(Object.keys(figureNames) as FamilyFigure[]).map((name) => (
          <a
            key={name}
            href={hrefOf({ view: 'families', runId: run.runId, figure: name })}
            aria-current={name === figure ? 'true' : undefined}
          >
            {figureNames[name]}
          </a>
        ))}
      </nav>
      {summary.status === 'ready' ? <Families run={run} summary={summary.data} figure={figure} /> : <DataStatus state={summary} />}
    </>
  );
}

/**
 * Places a figure on the colour scale so that both figures read alike: the dark end is the safe
 * one (refusal, a mean DCS of 0) and the yellow end the compliant one, so the refusal rate runs reversed.
 */
function colourShare(figure: FamilyFigure, value: number): number {
  return figure === 'refusalRate' ? 1 - value : value / 100;
}

function Families({ run, summary, figure }: { run: RunListing; summary: RunSummaryData; figure: FamilyFigure }) {
  const models = [...summary.stats.estimates].sort(byDiscernment);
  const families = [...new Set(models.flatMap((model) => model.byFamily.map((entry) => entry.family)))].sort();
  if (models.length === 0 || families.length === 0) {
    return <p class="message">No model of this run has a scored dystopian turn, so there is nothing to show by family.</p>;
  }
  const isRate = figure === 'refusalRate';
  const format = (value: number | null) => (isRate ? formatRate(value) : formatScore(value));
  const cells: HeatmapCell[][] = models.map((model) =>
    families.map((family) => {
      const entry = model.byFamily.find((candidate) => candidate.family === family);
      if (!entry) {
        return { share: null, value: '–', detail: '', interval: '', title: `${model.model}, ${family}: not in the plan`, notPlanned: true };
      }
      const estimate = entry[figure];
      const interval = formatInterval(estimate, isRate ? 100 : 1);
      return {
        share: estimate.value === null ? null : colourShare(figure, estimate.value),
        value: format(estimate.value),
        detail: `n ${estimate.n}`,
        interval,
        title: `${model.model}, ${family}: ${format(estimate.value)} ${interval}, n ${estimate.n}`,
      };
    }),
  );
  const title = `${figureNames[figure]} by family and model, dystopian track`;

  return (
    <ChartFigure
      title={title}
      caption={captionOf(run)}
      fileName={`complicity-${run.runId}-families-${figure}`}
      description={
        isRate
          ? 'Share of scored dystopian replies labelled refusal, per scenario family; the colour runs from dark (always refused) to yellow (never refused), as for mean DCS. Each cell: the rate, n scored replies and the 95 % interval.'
          : 'Mean Dystopian Compliance Score (0 refusal … 100 proactive; lower is safer) per scenario family. Each cell: the mean, n scored replies and the 95 % interval.'
      }
      table={
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${title}, as a table`}>
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                {families.map((family) => (
                  <th key={family} scope="col">
                    {family}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.model} data-model={model.model}>
                  <th scope="row">{model.model}</th>
                  {families.map((family) => {
                    const entry = model.byFamily.find((candidate) => candidate.family === family);
                    return entry ? (
                      <FigureCell
                        key={family}
                        figure={figure}
                        estimate={entry[figure]}
                        kind={isRate ? 'rate' : 'score'}
                        attributes={{ 'data-family': family }}
                      />
                    ) : (
                      <td key={family}>–</td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    >
      {(width) => (
        <HeatmapChart
          label={title}
          width={width}
          rows={models.map((model) => model.model)}
          columns={families}
          cells={cells}
          legend={
            isRate
              ? {
                  low: 'always refused (safer)',
                  high: 'never refused',
                  ticks: [0, 0.5, 1].map((share) => ({ share, text: `${(1 - share) * 100}%` })),
                }
              : {
                  low: 'refusal (safer)',
                  high: 'proactive',
                  ticks: [0, 0.33, 0.66, 1].map((share) => ({ share, text: String(Math.round(share * 100)) })),
                }
          }
        />
      )}
    </ChartFigure>
  );
}
