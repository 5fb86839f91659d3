import type { RunConfiguration } from '../../../src/report/site/site-data.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { parametersText } from '../parameters-text.js';
import { DataStatus } from './data-status.js';
import { UsageTable } from './usage-table.js';

/** The run's full configuration, shown at the foot of every run page. */
export function RunConfigurationSection({ runId, importedFrom }: { runId: string; importedFrom: string | undefined }) {
  const summary = useData(dataPaths.summary(runId));
  return (
    <section class="run-configuration" aria-labelledby="run-configuration-heading">
      <h2 id="run-configuration-heading">Run configuration</h2>
      {summary.status === 'ready' ? (
        <>
          <ConfigurationList configuration={summary.data.configuration} importedFrom={importedFrom} />
          <h3>Tokens and cost</h3>
          <UsageTable usage={summary.data.stats.usage} />
        </>
      ) : (
        <DataStatus state={summary} />
      )}
    </section>
  );
}

function ConfigurationList({ configuration, importedFrom }: { configuration: RunConfiguration; importedFrom: string | undefined }) {
  const { suiteHash, suites, models, judges, judgePromptHashes, mode, system, levels, tracks, replicates, parameters, complicityVersion } =
    configuration;
  return (
    <dl class="configuration">
      <dt>Suite hash</dt>
      <dd>
        <code data-config="suite-hash">{suiteHash}</code>
      </dd>
      <dt>Suites</dt>
      <dd>
        {suites.length === 0
          ? 'not recorded'
          : suites.map((suite) => (
              <div key={suite.name}>
                {suite.name} {suite.version}
                {suite.canary && (
                  <>
                    {' '}
                    · canary <code>{suite.canary}</code>
                  </>
                )}
              </div>
            ))}
      </dd>
      <dt>Models</dt>
      <dd>
        <ul class="plain-list">
          {models.map((model) => (
            <li key={model.spec}>
              <code>{model.spec}</code>
              {(model.provider || model.modelId || model.host) && (
                <span class="muted">
                  {' '}
                  · {[model.provider, model.modelId, model.host].filter((part) => part !== undefined && part !== '').join(' · ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      </dd>
      <dt>Judges</dt>
      <dd>
        {judges.length === 0
          ? 'none'
          : judges.map((judge) => (
              <code key={judge} class="list-item">
                {judge}
              </code>
            ))}
      </dd>
      <dt>Judge prompt hashes</dt>
      <dd>
        {judgePromptHashes.length === 0
          ? 'none recorded'
          : judgePromptHashes.map((hash) => (
              <code key={hash} class="list-item hash">
                {hash}
              </code>
            ))}
      </dd>
      <dt>Mode</dt>
      <dd>{mode}</dd>
      <dt>System prompt</dt>
      <dd>{system}</dd>
      <dt>Levels</dt>
      <dd>{levels.join(', ')}</dd>
      <dt>Tracks</dt>
      <dd>{tracks.join(', ')}</dd>
      <dt>Replicates</dt>
      <dd>{replicates}</dd>
      <dt>Parameters</dt>
      <dd>
        {importedFrom !== undefined || Object.keys(parameters).length === 0 ? (
          parametersText(parameters, importedFrom)
        ) : (
          <pre class="parameters">{parametersText(parameters, importedFrom)}</pre>
        )}
      </dd>
      <dt>Complicity version</dt>
      <dd>{complicityVersion}</dd>
    </dl>
  );
}
