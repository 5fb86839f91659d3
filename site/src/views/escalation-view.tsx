import type { ModelEstimates, RunListing, RunSummaryData } from '../../../src/report/site/site-data.js';
import { ChartFigure } from '../charts/chart-figure.js';
import { sequentialSteps } from '../charts/colour-scale.js';
import { EscalationChart, type CurvePoint } from '../charts/escalation-chart.js';
import { IntervalChart } from '../charts/interval-chart.js';
import { StackedBarChart } from '../charts/stacked-bar-chart.js';
import { DataStatus } from '../components/data-status.js';
import { FigureCell } from '../components/figure-cell.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { formatInterval, formatRate } from '../format.js';
import { byDiscernment } from '../leaderboard-rows.js';
import { fewScenariosFootnote } from '../mark-footnotes.js';
import { captionOf } from '../run-text.js';

/** Mean DCS level by level on both tracks, when models first refuse, and how often a refusal gives way. */
export function EscalationView({ run }: { run: RunListing }) {
  const summary = useData(dataPaths.summary(run.runId));
  return summary.status === 'ready' ? <Escalation run={run} summary={summary.data} /> : <DataStatus state={summary} />;
}

function Escalation({ run, summary }: { run: RunListing; summary: RunSummaryData }) {
  const { stats } = summary;
  const models = [...stats.estimates].sort(byDiscernment);
  const levels = [...stats.levels].sort((a, b) => a - b);
  const order = new Map(models.map((model, index) => [model.model, index]));
  const escalation = [...stats.escalation].sort((a, b) => (order.get(a.model) ?? 0) - (order.get(b.model) ?? 0));
  const caption = captionOf(run);
  const tracks = (['dystopian', 'benign'] as const).filter((track) =>
    models.some((model) => model.byLevel.some((entry) => entry.track === track)),
  );

  return (
    <>
      {models.length === 0 ? (
        <p class="message">No model of this run has a scored turn.</p>
      ) : (
        <ChartFigure
          title="Mean DCS by level, with 95 % intervals"
          caption={caption}
          fileName={`complicity-${run.runId}-escalation`}
          footnotes={models.some((model) => model.fewScenarios) ? [fewScenariosFootnote(stats.bootstrap.minimumScenarios)] : []}
          description="Per model, the mean Dystopian Compliance Score at each level (0 refusal … 100 proactive; lower is safer). A level where nothing was scored leaves a gap."
          table={<LevelTable models={models} levels={levels} tracks={tracks} />}
        >
          {(width) => (
            <EscalationChart
              width={width}
              levels={levels}
              panels={models.map((model) => ({
                key: model.model,
                title: `${model.model}${model.fewScenarios ? '†' : ''}`,
                dystopian: pointsOf(model, 'dystopian', levels),
                benign: pointsOf(model, 'benign', levels),
              }))}
            />
          )}
        </ChartFigure>
      )}
      {models.some((model) => model.fewScenarios) && (
        <p class="muted">
          <span class="mark">†</span> fewer than {stats.bootstrap.minimumScenarios} scenarios: an interval from so few says little about the
          spread.
        </p>
      )}

      <h2>Refusal onset</h2>
      <p>
        For each dystopian conversation with a scored turn, the level of its first refusal, or <q>never</q>. Only scored turns count, so a
        failed turn neither starts nor breaks a refusal.
      </p>
      {escalation.length === 0 ? (
        <p class="message">No dystopian conversation of this run has a scored turn.</p>
      ) : (
        <OnsetFigure run={run} caption={caption} levels={levels} escalation={escalation} />
      )}

      <h2>Capitulation</h2>
      <p>
        Among the conversations that refused before their last scored level (n), the share where a later level was labelled compliant or
        proactive.
      </p>
      {escalation.length > 0 && <CapitulationFigure run={run} caption={caption} escalation={escalation} />}
    </>
  );
}

function pointsOf(model: ModelEstimates, track: 'dystopian' | 'benign', levels: number[]): CurvePoint[] {
  return levels.flatMap((level) => {
    const entry = model.byLevel.find((candidate) => candidate.track === track && candidate.level === level);
    return entry ? [{ level, value: entry.meanDcs.value, low: entry.meanDcs.low, high: entry.meanDcs.high }] : [];
  });
}

function LevelTable({ models, levels, tracks }: { models: ModelEstimates[]; levels: number[]; tracks: ('dystopian' | 'benign')[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Mean DCS by level, as a table">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Track</th>
            {levels.map((level) => (
              <th key={level} scope="col">{`L${level}`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.flatMap((model) =>
            tracks.map((track) => (
              <tr key={`${model.model}/${track}`} data-model={model.model} data-track={track}>
                <th scope="row">{model.model}</th>
                <td>{track}</td>
                {levels.map((level) => {
                  const entry = model.byLevel.find((candidate) => candidate.track === track && candidate.level === level);
                  return entry ? (
                    <FigureCell
                      key={level}
                      figure="meanDcs"
                      estimate={entry.meanDcs}
                      kind="score"
                      attributes={{ 'data-level': String(level) }}
                    />
                  ) : (
                    <td key={level} title="not in the plan">
                      –
                    </td>
                  );
                })}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

type EscalationRow = RunSummaryData['stats']['escalation'][number];

function OnsetFigure({
  run,
  caption,
  levels,
  escalation,
}: {
  run: RunListing;
  caption: string;
  levels: number[];
  escalation: EscalationRow[];
}) {
  const colours = sequentialSteps(levels.length);
  const categories = [
    ...levels.map((level, index) => ({ key: `L${level}`, label: `first refusal at L${level}`, colour: colours[index]! })),
    { key: 'never', label: 'never refused', colour: '#bdbdbd' },
  ];
  return (
    <ChartFigure
      title="Refusal onset: level of the first refusal per conversation"
      caption={caption}
      fileName={`complicity-${run.runId}-refusal-onset`}
      table={
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Refusal onset, as a table">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Conversations</th>
                {levels.map((level) => (
                  <th key={level} scope="col">{`L${level}`}</th>
                ))}
                <th scope="col">Never</th>
              </tr>
            </thead>
            <tbody>
              {escalation.map((row) => (
                <tr key={row.model} data-model={row.model}>
                  <th scope="row">{row.model}</th>
                  <td data-figure="conversations" data-value={row.conversations}>
                    {row.conversations}
                  </td>
                  {levels.map((level) => {
                    const count = row.onset.find((entry) => entry.level === level)?.conversations ?? 0;
                    return (
                      <td key={level} data-figure="onset" data-level={level} data-value={count}>
                        {count}
                      </td>
                    );
                  })}
                  <td data-figure="neverRefused" data-value={row.neverRefused}>
                    {row.neverRefused}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    >
      {(width) => (
        <StackedBarChart
          width={width}
          label="Refusal onset"
          categories={categories}
          bars={escalation.map((row) => ({
            key: row.model,
            label: row.model,
            total: row.conversations,
            counts: {
              ...Object.fromEntries(row.onset.map((entry) => [`L${entry.level}`, entry.conversations])),
              never: row.neverRefused,
            },
          }))}
        />
      )}
    </ChartFigure>
  );
}

function CapitulationFigure({ run, caption, escalation }: { run: RunListing; caption: string; escalation: EscalationRow[] }) {
  return (
    <ChartFigure
      title="Capitulation after a refusal, with 95 % intervals"
      caption={caption}
      fileName={`complicity-${run.runId}-capitulation`}
      table={
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Capitulation, as a table">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Capitulation</th>
                <th scope="col">n</th>
              </tr>
            </thead>
            <tbody>
              {escalation.map((row) => (
                <tr key={row.model} data-model={row.model}>
                  <th scope="row">{row.model}</th>
                  <FigureCell figure="capitulation" estimate={row.capitulation} kind="rate" />
                  <td>{row.capitulation.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    >
      {(width) => (
        <IntervalChart
          width={width}
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          formatTick={(tick) => `${tick * 100}%`}
          axisLabel="capitulation (share of conversations that refused, then complied)"
          rows={escalation.map((row) => ({
            key: row.model,
            label: row.model,
            value: row.capitulation.value,
            low: row.capitulation.low,
            high: row.capitulation.high,
            text: `${formatRate(row.capitulation.value)} ${formatInterval(row.capitulation, 100)} n ${row.capitulation.n}`.replace(
              /\s+/g,
              ' ',
            ),
          }))}
        />
      )}
    </ChartFigure>
  );
}
