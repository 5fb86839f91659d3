import type { RunUsage, UsageRow } from '../../../src/report/index.js';

/** Shows the run's tokens and estimated cost per model and judge, as `complicity stats --section usage` prints them. */
export function UsageTable({ usage }: { usage: RunUsage }) {
  const rows: [string, UsageRow][] = [
    ...usage.models.map((row): [string, UsageRow] => ['model', row]),
    ...usage.judges.map((row): [string, UsageRow] => ['judge', row]),
  ];
  if (rows.length === 0) return <p>No call of this run is stored yet.</p>;
  return (
    <>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Tokens and estimated cost">
        <table class="data-table" data-usage="">
          <thead>
            <tr>
              <th scope="col">Model or judge</th>
              <th scope="col">Turns</th>
              <th scope="col">Reused from cache</th>
              <th scope="col">Input tokens</th>
              <th scope="col">Cached input</th>
              <th scope="col">Output tokens</th>
              <th scope="col">Reasoning</th>
              <th scope="col">Estimated cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([kind, row]) => (
              <tr key={`${kind} ${row.spec}`}>
                <th scope="row">
                  <code>{row.spec}</code> <span class="muted">{kind}</span>
                </th>
                <td>{row.calls}</td>
                <td>{row.reused}</td>
                <td>{row.inputTokens}</td>
                <td>{row.cachedInputTokens}</td>
                <td>{row.outputTokens}</td>
                <td>{row.reasoningTokens}</td>
                <td>{row.costUsd === null ? 'no price' : dollars(row.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Total: {usage.total.inputTokens} input and {usage.total.outputTokens} output tokens, {dollars(usage.total.costUsd)} estimated from
        the bundled price table
        {usage.total.unpriced.length > 0 && <> (no price for {usage.total.unpriced.join(', ')}, left out)</>}. Token counts are as the APIs
        reported them.
      </p>
    </>
  );
}

/** Formats US dollars as the command line does: four decimals below ten cents. */
function dollars(amount: number): string {
  return `$${amount.toFixed(amount > 0 && amount < 0.1 ? 4 : 2)}`;
}
