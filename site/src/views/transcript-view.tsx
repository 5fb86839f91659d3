import { useEffect } from 'preact/hooks';
import type { Conversation, RunListing, TranscriptFile, TranscriptTurn, TranscriptVerdict } from '../../../src/report/site/site-data.js';
import { DataStatus } from '../components/data-status.js';
import { OutcomeBadge } from '../components/outcome-badge.js';
import { dataPaths } from '../data/data-paths.js';
import { useData } from '../data/use-data.js';
import { fixed } from '../format.js';
import { organisationLine } from '../organisation-line.js';
import { hrefOf, type Route } from '../route.js';
import { navigate } from '../use-route.js';

type TranscriptRoute = Extract<Route, { view: 'transcript' }>;

/**
 * One conversation in full: the system prompt, each prompt and reply with its status, every
 * judge's verdict and the panel result. Everything a model or judge wrote is rendered as text
 * nodes, never as HTML, so nothing in a reply can run, load or link anything.
 */
export function TranscriptView({ run, route }: { run: RunListing; route: TranscriptRoute }) {
  const file = useData(dataPaths.transcripts(run.runId, route.scenarioId));
  if (file.status !== 'ready') return <DataStatus state={file} />;
  const conversation = file.data.conversations.find(
    (candidate) => candidate.model === route.model && candidate.track === route.track && candidate.replicate === route.replicate,
  );
  return (
    <>
      <ScenarioFacts file={file.data} run={run} />
      <ConversationPicker file={file.data} route={route} />
      {conversation ? (
        <ConversationTurns file={file.data} conversation={conversation} route={route} />
      ) : (
        <p class="message message-error" role="alert">
          This scenario has no {route.track} conversation of <code>{route.model}</code>, replicate {route.replicate}, in this run. Choose
          another above.
        </p>
      )}
    </>
  );
}

function ScenarioFacts({ file, run }: { file: TranscriptFile; run: RunListing }) {
  const { scenario } = file;
  return (
    <section class="scenario-facts" aria-labelledby="scenario-heading">
      <h2 id="scenario-heading">
        <a href={hrefOf({ view: 'scenario', runId: run.runId, scenarioId: scenario.id })}>{scenario.title}</a>
      </h2>
      <dl class="facts">
        <dt>Scenario</dt>
        <dd>
          <code>{scenario.id}</code> · {scenario.family}
        </dd>
        <dt>Organisation</dt>
        <dd>
          {organisationLine(scenario.organisation)}. {scenario.organisation.description}
        </dd>
        <dt>Harm probed</dt>
        <dd>{scenario.endState}</dd>
      </dl>
    </section>
  );
}

function ConversationPicker({ file, route }: { file: TranscriptFile; route: TranscriptRoute }) {
  const models = [...new Set(file.conversations.map((conversation) => conversation.model))];
  const has = (model: string, track: string, replicate: number) =>
    file.conversations.some(
      (conversation) => conversation.model === model && conversation.track === track && conversation.replicate === replicate,
    );
  const tracks = (['dystopian', 'benign'] as const).filter((track) =>
    file.conversations.some((conversation) => conversation.track === track),
  );
  const replicates = [
    ...new Set(
      file.conversations.filter((conversation) => conversation.model === route.model).map((conversation) => conversation.replicate),
    ),
  ].sort((a, b) => a - b);
  const go = (change: Partial<TranscriptRoute>) => {
    const next = { ...route, ...change };
    delete next.level;
    return hrefOf(next);
  };

  return (
    <nav class="conversation-picker" aria-label="Conversation">
      <label>
        <span>Model</span>
        <select value={route.model} onChange={(event) => navigate(go({ model: event.currentTarget.value }))}>
          {!models.includes(route.model) && <option value={route.model}>{route.model}</option>}
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <div class="segmented" role="group" aria-label="Track">
        {tracks.map((track) => (
          <a
            key={track}
            href={go({ track, replicate: has(route.model, track, route.replicate) ? route.replicate : 1 })}
            aria-current={track === route.track ? 'true' : undefined}
          >
            {track === 'dystopian' ? 'Dystopian track' : 'Benign twin'}
          </a>
        ))}
      </div>
      {replicates.length > 1 && (
        <div class="segmented" role="group" aria-label="Replicate">
          {replicates.map((replicate) => (
            <a key={replicate} href={go({ replicate })} aria-current={replicate === route.replicate ? 'true' : undefined}>
              {`Replicate ${replicate}`}
            </a>
          ))}
        </div>
      )}
    </nav>
  );
}

function ConversationTurns({ file, conversation, route }: { file: TranscriptFile; conversation: Conversation; route: TranscriptRoute }) {
  const systemPrompt = file.scenario.systemPrompts[conversation.track];

  useEffect(() => {
    if (route.level === undefined) return;
    const heading = document.getElementById(`level-${route.level}-heading`);
    if (!heading) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [route.level, conversation]);

  return (
    <div class="conversation" data-model={conversation.model} data-track={conversation.track} data-replicate={conversation.replicate}>
      <section class="system-prompt" aria-labelledby="system-prompt-heading">
        <h3 id="system-prompt-heading">System prompt</h3>
        {systemPrompt === null ? (
          <p class="muted">No system prompt was sent, or the run did not record it.</p>
        ) : (
          <div class="text" data-text="system-prompt">
            {systemPrompt}
          </div>
        )}
      </section>
      <ol class="turns">
        {[...conversation.turns]
          .sort((a, b) => a.level - b.level)
          .map((turn) => (
            <Turn key={turn.level} turn={turn} route={route} />
          ))}
      </ol>
    </div>
  );
}

function Turn({ turn, route }: { turn: TranscriptTurn; route: TranscriptRoute }) {
  return (
    <li class="turn" id={`level-${turn.level}`} data-level={turn.level} data-status={turn.status}>
      <div class="turn-head">
        <h3 id={`level-${turn.level}-heading`} tabIndex={-1}>
          Level {turn.level}
        </h3>
        <p class="muted">
          {[turn.intent && `intent: ${turn.intent}`, turn.expected && `expected: ${turn.expected}`].filter(Boolean).join(' · ')}
        </p>
        <a class="permalink" href={hrefOf({ ...route, level: turn.level })} aria-label={`Link to level ${turn.level}`}>
          Link
        </a>
      </div>

      <div class="bubble bubble-user">
        <p class="speaker">Prompt</p>
        <div class="text" data-text="prompt">
          {turn.prompt}
        </div>
      </div>

      <div class="bubble bubble-model">
        <p class="speaker">
          Reply <StatusBadge turn={turn} />
        </p>
        <ReplyBody turn={turn} />
        {turn.reasoning !== undefined && turn.reasoning !== '' && (
          <details class="reasoning">
            <summary>Reasoning</summary>
            <div class="text" data-text="reasoning">
              {turn.reasoning}
            </div>
          </details>
        )}
        <TurnFacts turn={turn} />
      </div>

      <Verdicts turn={turn} />
    </li>
  );
}

function StatusBadge({ turn }: { turn: TranscriptTurn }) {
  return (
    <span class={`status status-${turn.status}`} data-status={turn.status}>
      {turn.status}
      {turn.statusKind && <> ({turn.statusKind})</>}
    </span>
  );
}

function ReplyBody({ turn }: { turn: TranscriptTurn }) {
  return (
    <>
      {turn.status !== 'ok' && <p class="status-explanation">{statusExplanation(turn)}</p>}
      {turn.statusMessage && (
        <div class="text status-message" data-text="status-message">
          {turn.statusMessage}
        </div>
      )}
      {turn.reply !== undefined &&
        (turn.reply === '' ? (
          <p class="muted">The reply was empty.</p>
        ) : (
          <div class="text" data-text="reply">
            {turn.reply}
          </div>
        ))}
    </>
  );
}

function statusExplanation(turn: TranscriptTurn): string {
  switch (turn.status) {
    case 'blocked':
      return 'The provider’s filter stopped this reply. It is not scored and not counted as a refusal.';
    case 'empty':
      return 'The model returned no text after the retries allowed. It is not scored and not counted as a refusal.';
    case 'truncated':
      return 'The output limit ended the reply before any answer text. It is not scored.';
    case 'error':
      return 'The call failed. It is not scored and not counted as a refusal.';
    case 'skipped':
      return 'This turn was not attempted. It is not scored.';
    case 'pending':
      return 'The run has not reached this turn yet.';
    default:
      return '';
  }
}

function TurnFacts({ turn }: { turn: TranscriptTurn }) {
  const facts: [string, string][] = [];
  if (turn.inputTokens !== undefined) facts.push(['input tokens', String(turn.inputTokens)]);
  if (turn.outputTokens !== undefined) facts.push(['output tokens', String(turn.outputTokens)]);
  if (turn.reasoningTokens !== undefined) facts.push(['reasoning tokens', String(turn.reasoningTokens)]);
  if (turn.latencyMs !== undefined) facts.push(['latency', `${fixed(turn.latencyMs / 1000, 2)} s`]);
  if (turn.attempts !== undefined) facts.push(['attempts', String(turn.attempts)]);
  if (turn.finishReason !== undefined) facts.push(['finish reason', turn.finishReason]);
  if (turn.responseModel !== undefined) facts.push(['served by', turn.responseModel]);
  if (turn.upstreamProvider !== undefined) facts.push(['upstream provider', turn.upstreamProvider]);
  if (turn.systemFingerprint !== undefined) facts.push(['fingerprint', turn.systemFingerprint]);
  if (turn.cachedFrom !== undefined) facts.push(['cached', `reply reused from stored turn ${turn.cachedFrom}, no new call`]);
  if (facts.length === 0) return null;
  return (
    <dl class="turn-facts">
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Verdicts({ turn }: { turn: TranscriptTurn }) {
  if (turn.verdicts.length === 0 && !turn.panel) {
    return turn.status === 'ok' ? <p class="muted verdicts">No judge has labelled this reply.</p> : null;
  }
  return (
    <section class="verdicts" aria-label={`Verdicts on level ${turn.level}`}>
      <p class="speaker">Verdicts</p>
      {turn.panel && (
        <p class="panel-result" data-panel-label={turn.panel.label ?? 'null'}>
          <strong>Panel result:</strong>{' '}
          {turn.panel.label ? (
            <OutcomeBadge outcome={turn.panel.label} />
          ) : (
            <>unscored ({turn.panel.unscoredReason ?? 'no reason given'})</>
          )}
          {turn.panel.agreement !== null && <> · {fixed(turn.panel.agreement * 100, 0)}% of the scored votes agree</>}
        </p>
      )}
      {turn.verdicts.map((verdict) => (
        <Verdict key={verdict.judge} verdict={verdict} />
      ))}
    </section>
  );
}

function Verdict({ verdict }: { verdict: TranscriptVerdict }) {
  const flags = Object.entries(verdict.flags ?? {}).filter(([, value]) => value !== undefined) as [string, boolean][];
  const flagNames: Record<string, string> = {
    harmRecognised: 'harm recognised',
    safeAlternative: 'safe alternative offered',
    operationalDetail: 'operational detail given',
  };
  return (
    <div class="verdict" data-judge={verdict.judge} data-label={verdict.label ?? 'null'}>
      <p class="verdict-head">
        <span class="judge-name">{verdict.judge}</span>{' '}
        {verdict.label ? (
          <OutcomeBadge outcome={verdict.label} />
        ) : (
          <span class="outcome outcome-unscored">unscored: {verdict.unscoredReason ?? 'no reason given'}</span>
        )}
      </p>
      {flags.length > 0 && (
        <ul class="flags">
          {flags.map(([name, value]) => (
            <li key={name} data-flag={name} data-value={String(value)}>
              {flagNames[name] ?? name}: {value ? 'yes' : 'no'}
            </li>
          ))}
        </ul>
      )}
      {verdict.rationale !== undefined && verdict.rationale !== '' && (
        <div class="text rationale" data-text="rationale">
          {verdict.rationale}
        </div>
      )}
      {verdict.errorMessage && (
        <div class="text status-message" data-text="judge-error">
          {verdict.errorMessage}
        </div>
      )}
    </div>
  );
}
