import { useState } from 'preact/hooks';
import type { CrossCheckFlag, Disagreement, JudgeData, RunListing, RunSummaryData } from '../../../src/report/site/site-data.js';
import { DataStatus } from '../components/data-status.js';
import { OutcomeBadge } from '../components/outcome-badge.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { dataValue, fixed, formatStatistic } from '../format.js';
import { hrefOf } from '../route.js';
import { offlineJudgingOf } from '../run-text.js';

type VerdictSet = JudgeData['verdictSets'][number];
type Agreement = VerdictSet['overall'];

const labelOrder = ['refusal', 'hesitant', 'compliant', 'proactive'] as const;

/** How far the run's judges agree: with each other in a panel, and with every other verdict set; and the replies they disagree on. */
export function JudgesView({ run }: { run: RunListing }) {
  const judges = useData(dataPaths.judges(run.runId));
  const summary = useData(dataPaths.summary(run.runId));
  if (judges.status !== 'ready') return <DataStatus state={judges} />;
  return <Judges run={run} data={judges.data} summary={summary.status === 'ready' ? summary.data : null} />;
}

function Judges({ run, data, summary }: { run: RunListing; data: JudgeData; summary: RunSummaryData | null }) {
  return (
    <>
      <section aria-labelledby="panel-heading">
        <h2 id="panel-heading">The run’s judges</h2>
        <p>
          {data.judges.length === 0
            ? 'This run has no judge.'
            : data.judges.length === 1
              ? 'One judge: '
              : `A panel of ${data.judges.length}: `}
          {data.judges.map((judge, position) => (
            <span key={judge}>
              {position > 0 && ', '}
              <code>{judge}</code>
            </span>
          ))}
          .
        </p>
        {run.judgedOffline && (
          <p class="message" data-judged-offline="">
            The offline judge is a fitted classifier, not an LLM: {offlineJudgingOf(run.judgedOffline)}.
          </p>
        )}
        {summary && data.judges.length > 1 && <p>Panel rule: {summary.stats.tieRule}. So a split panel never makes a model look safer.</p>}
        {summary && <PerReplyAgreement summary={summary} />}
        {data.panel ? (
          <PanelTable panel={data.panel} />
        ) : (
          data.judges.length > 1 && <p>No reply was labelled by every judge of the panel.</p>
        )}
      </section>

      <section aria-labelledby="sets-heading">
        <h2 id="sets-heading">Agreement with other verdict sets</h2>
        {data.verdictSets.length === 0 ? (
          <p>
            No other verdict set is stored for this run. Label its replies with another judge (
            <code>complicity judge {run.runId} --judge SPEC</code>) to measure agreement.
          </p>
        ) : (
          data.verdictSets.map((set) => <VerdictSetSection key={set.judges} set={set} />)
        )}
      </section>

      {data.crossCheck && <CrossCheckSection run={run} crossCheck={data.crossCheck} />}

      <Disagreements run={run} data={data} />
    </>
  );
}

function PerReplyAgreement({ summary }: { summary: RunSummaryData }) {
  const rows = summary.stats.models.filter((model) => model.dystopian.agreement.rows + model.benign.agreement.rows > 0);
  if (rows.length === 0 || summary.stats.judges.length < 2) return null;
  return (
    <>
      <h3>Per-reply agreement</h3>
      <p>
        For each scored reply, the share of the scored votes that match the panel’s label; its mean, and the replies where every vote
        agreed.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Per-reply agreement">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Track</th>
              <th scope="col">Replies</th>
              <th scope="col">Unanimous</th>
              <th scope="col">Mean agreement</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((model) =>
              (['dystopian', 'benign'] as const)
                .filter((track) => model[track].agreement.rows > 0)
                .map((track) => {
                  const agreement = model[track].agreement;
                  return (
                    <tr key={`${model.model}/${track}`} data-model={model.model} data-track={track}>
                      <th scope="row">{model.model}</th>
                      <td>{track}</td>
                      <td>{agreement.rows}</td>
                      <td>{agreement.unanimous}</td>
                      <td data-figure="meanAgreement" data-value={dataValue(agreement.mean)}>
                        {agreement.mean === null ? 'n/a' : `${fixed(agreement.mean * 100, 1)}%`}
                      </td>
                    </tr>
                  );
                }),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PanelTable({ panel }: { panel: NonNullable<JudgeData['panel']> }) {
  const rows = [
    { model: 'all models', reliability: panel.overall, overall: true },
    ...panel.byModel.map((row) => ({ ...row, overall: false })),
  ];
  return (
    <>
      <h3>Agreement within the panel</h3>
      <p>
        Over the replies every judge labelled: Fleiss’ kappa counts every disagreement the same; Krippendorff’s alpha (ordinal) counts a
        one-step disagreement less. Replies where some judge gave no label are left out of both.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Agreement within the panel">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Rows</th>
              <th scope="col">Left out</th>
              <th scope="col">Fleiss’ κ</th>
              <th scope="col">Krippendorff’s α</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ model, reliability, overall }) => (
              <tr
                key={model}
                data-model={overall ? '' : model}
                data-scope={overall ? 'overall' : 'model'}
                class={overall ? 'row-total' : undefined}
              >
                <th scope="row">{model}</th>
                <td data-figure="rows" data-value={reliability.rows}>
                  {reliability.rows}
                </td>
                <td data-figure="leftOut" data-value={reliability.leftOut}>
                  {reliability.leftOut}
                </td>
                <td data-figure="fleissKappa" data-value={dataValue(reliability.fleissKappa)}>
                  {formatStatistic(reliability.fleissKappa)}
                </td>
                <td data-figure="ordinalAlpha" data-value={dataValue(reliability.ordinalAlpha)}>
                  {formatStatistic(reliability.ordinalAlpha)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function VerdictSetSection({ set }: { set: VerdictSet }) {
  const rows = [{ model: 'all models', agreement: set.overall, overall: true }, ...set.byModel.map((row) => ({ ...row, overall: false }))];
  return (
    <div class="verdict-set" data-verdict-set={set.judges}>
      <h3>
        The run’s labels against <code>{set.judges}</code>
      </h3>
      <p>
        Over the replies both labelled; {set.leftOut} {set.leftOut === 1 ? 'reply' : 'replies'} labelled by only one of the two are left
        out. Intervals resample scenarios. Kappa is <q>n/a</q> when both give one and the same label to every reply.
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`Agreement with ${set.judges}`}>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">n</th>
              <th scope="col">Exact agreement</th>
              <th scope="col">Cohen’s κ</th>
              <th scope="col">Weighted κ (quadratic)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ model, agreement, overall }) => (
              <tr
                key={model}
                data-model={overall ? '' : model}
                data-scope={overall ? 'overall' : 'model'}
                class={overall ? 'row-total' : undefined}
              >
                <th scope="row">{model}</th>
                <td data-figure="n" data-value={agreement.n}>
                  {agreement.n}
                </td>
                <AgreementCell
                  figure="exactAgreement"
                  value={agreement.exactAgreement}
                  interval={agreement.exactAgreementInterval}
                  percent
                />
                <AgreementCell figure="kappa" value={agreement.kappa} interval={agreement.kappaInterval} />
                <AgreementCell figure="weightedKappa" value={agreement.weightedKappa} interval={agreement.weightedKappaInterval} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfusionMatrix agreement={set.overall} other={set.judges} title="Confusion matrix, all models" />
      {set.byModel.length > 1 && (
        <details>
          <summary>Confusion matrix of each model</summary>
          {set.byModel.map((row) => (
            <ConfusionMatrix key={row.model} agreement={row.agreement} other={set.judges} title={row.model} />
          ))}
        </details>
      )}
    </div>
  );
}

function AgreementCell({
  figure,
  value,
  interval,
  percent = false,
}: {
  figure: string;
  value: number | null;
  interval: { low: number | null; high: number | null };
  percent?: boolean;
}) {
  const format = (number: number) => (percent ? `${fixed(number * 100, 1)}%` : formatStatistic(number));
  const intervalText =
    value === null
      ? ''
      : interval.low === null || interval.high === null
        ? 'no interval'
        : `[${format(interval.low)}, ${format(interval.high)}]`;
  return (
    <td data-figure={figure} data-value={dataValue(value)} data-low={dataValue(interval.low)} data-high={dataValue(interval.high)}>
      <span class="figure-value">{value === null ? 'n/a' : format(value)}</span>
      {intervalText !== '' && <span class="figure-interval"> {intervalText}</span>}
    </td>
  );
}

function ConfusionMatrix({ agreement, other, title }: { agreement: Agreement; other: string; title: string }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={title}>
      <table class="data-table confusion" data-matrix={title}>
        <caption>
          {title}: rows are the run’s labels, columns the labels of <code>{other}</code>
        </caption>
        <thead>
          <tr>
            <td />
            {labelOrder.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labelOrder.map((row) => (
            <tr key={row}>
              <th scope="row">{row}</th>
              {labelOrder.map((column) => (
                <td
                  key={column}
                  class={row === column ? 'diagonal' : undefined}
                  data-row={row}
                  data-column={column}
                  data-value={agreement.matrix[row][column]}
                >
                  {agreement.matrix[row][column]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The replies the offline judge labels two tiers or more from the panel, each linking to its transcript. */
function CrossCheckSection({ run, crossCheck }: { run: RunListing; crossCheck: NonNullable<JudgeData['crossCheck']> }) {
  const { flagged, compared, flagTiers, judge } = crossCheck;
  return (
    <section aria-labelledby="cross-check-heading" data-cross-check={flagged.length}>
      <h2 id="cross-check-heading">Replies the offline cross-check flags</h2>
      <p>
        The <code>{judge}</code> judge labelled every reply beside the panel, at no cost; its labels are not part of the figures. It labels{' '}
        {flagged.length} of {compared} {compared === 1 ? 'reply' : 'replies'} {flagTiers} tiers or more from the panel (such as refusal
        against compliant). Read these replies before trusting the panel’s labels.
      </p>
      {flagged.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Replies the offline cross-check flags">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Reply</th>
                <th scope="col">Panel</th>
                <th scope="col">
                  <code>{judge}</code>
                </th>
              </tr>
            </thead>
            <tbody>
              {flagged.map((row) => (
                <tr
                  key={`${row.model}/${row.scenarioId}/${row.track}/${row.replicate}/${row.level}`}
                  data-flag-model={row.model}
                  data-flag-scenario={row.scenarioId}
                  data-flag-level={row.level}
                >
                  <th scope="row">
                    <TranscriptLink run={run} row={row} />
                  </th>
                  <td data-label={row.panelLabel}>
                    <OutcomeBadge outcome={row.panelLabel} />
                  </td>
                  <td data-label={row.offlineLabel}>
                    <OutcomeBadge outcome={row.offlineLabel} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A link to a reply's place in its transcript, named by model, scenario, track, level and replicate. */
function TranscriptLink({ run, row }: { run: RunListing; row: Disagreement | CrossCheckFlag }) {
  return (
    <a
      href={hrefOf({
        view: 'transcript',
        runId: run.runId,
        scenarioId: row.scenarioId,
        model: row.model,
        track: row.track,
        replicate: row.replicate,
        level: row.level,
      })}
    >
      {row.model} · {row.scenarioId} · {row.track} · L{row.level}
      {row.replicate > 1 ? ` · replicate ${row.replicate}` : ''}
    </a>
  );
}

/** Rows listed before the reader asks for all, so a large run's list does not slow the page. */
const firstDisagreements = 500;

function Disagreements({ run, data }: { run: RunListing; data: JudgeData }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? data.disagreements.length : firstDisagreements;
  return (
    <section aria-labelledby="disagreements-heading">
      <h2 id="disagreements-heading">Replies the judges disagree on</h2>
      {data.disagreements.length === 0 ? (
        <p>No reply has two different labels{data.crossCheck ? ' apart from the offline cross-check’s, listed above' : ''}.</p>
      ) : (
        <>
          <p>
            {data.disagreements.length} {data.disagreements.length === 1 ? 'reply' : 'replies'}
            {data.disagreements.length > shown ? `; the first ${shown} are listed` : ''}. Each links to its transcript.{' '}
            {data.disagreements.length > shown && (
              <button type="button" onClick={() => setShowAll(true)}>
                List all {data.disagreements.length}
              </button>
            )}
          </p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Disagreements">
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Reply</th>
                  <th scope="col">Labels</th>
                </tr>
              </thead>
              <tbody>
                {data.disagreements.slice(0, shown).map((row) => (
                  <tr
                    key={`${row.model}/${row.scenarioId}/${row.track}/${row.replicate}/${row.level}`}
                    data-model={row.model}
                    data-scenario={row.scenarioId}
                    data-level={row.level}
                  >
                    <th scope="row">
                      <TranscriptLink run={run} row={row} />
                    </th>
                    <td>
                      <ul class="plain-list">
                        {row.labels.map((entry) => (
                          <li key={entry.judge}>
                            <code>{entry.judge}</code>: {entry.label ? <OutcomeBadge outcome={entry.label} /> : 'unscored'}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
