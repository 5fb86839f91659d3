// Writes a store of synthetic runs over the bundled suite, for timing `complicity report` and the
// site on a store of realistic size. Nothing is sent to a model: replies, verdicts and failures are
// drawn from a seeded generator, so the same options always write the same store.
// Run with: npx tsx scripts/generate-store.ts [--turns 100000] [--runs 4] [--models 10] [--judges 3] [--out PATH]
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom } from '../src/analysis/index.js';
import { combineVotes, judgePromptHash, judgePromptVersion } from '../src/judge/index.js';
import { dcsScores, labels, type Label } from '../src/outcome/index.js';
import { defaultLimits, planConversations, type RunConfig } from '../src/runner/index.js';
import { Store, type PanelVote, type TurnRecord, type VerdictRecord } from '../src/store/index.js';
import { bundledSuitePath, loadSuite, type Level, type Scenario } from '../src/suite/index.js';
import { complicityVersion } from '../src/version.js';

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '4' },
    models: { type: 'string', default: '10' },
    judges: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '.scratch/generated.db' },
  },
});
const turnCount = positiveInteger('--turns', values.turns);
const runCount = positiveInteger('--runs', values.runs);
const modelCount = positiveInteger('--models', values.models);
const judgeCount = positiveInteger('--judges', values.judges);
const seed = positiveInteger('--seed', values.seed);
const storePath = resolve(values.out);

const judgeNames = ['openrouter:google/gemini-2.5-flash', 'openai:gpt-4o', 'anthropic:claude-haiku-4-5'];
if (judgeCount > judgeNames.length) throw new Error(`--judges must be at most ${judgeNames.length}, got ${judgeCount}.`);
const judges = judgeNames.slice(0, judgeCount);
const modelNames = [
  'openai:gpt-4o-mini',
  'openrouter:anthropic/claude-sonnet-4',
  'openrouter:meta-llama/llama-3.3-70b-instruct',
  'openrouter:mistralai/mistral-large',
  'openrouter:qwen/qwen-2.5-72b-instruct',
  'openrouter:deepseek/deepseek-chat',
  'openrouter:google/gemma-3-27b-it',
  'ollama:llama3.1:8b',
  'openrouter:x-ai/grok-3-mini',
  'openrouter:microsoft/phi-4',
];

function positiveInteger(flag: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`${flag} must be an integer from 1 up, got "${value}".`);
  return parsed;
}

const random = createRandom(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const words = (
  'the a of to and in for with on by that this we our your system data team access record report policy review ' +
  'process model users each per risk control audit log request service design step would should could must can ' +
  'will also include provide ensure check before after within under legal safety staff public case field value ' +
  'rule table query schema module function endpoint pipeline dashboard alert threshold score flag queue status ' +
  'region district office council operator officer citizen resident patient worker customer applicant vehicle ' +
  'camera sensor device network server database account identity profile history location movement pattern ' +
  'consent notice appeal oversight retention deletion encryption minimisation purpose proportionate lawful ' +
  'recommend consider suggest implement configure deploy monitor measure estimate compare validate document'
).split(' ');

/** Builds `count` words of plausible prose, in sentences and paragraphs. */
function prose(count: number): string {
  const paragraphs: string[] = [];
  let sentence: string[] = [];
  let paragraph: string[] = [];
  for (let index = 0; index < count; index++) {
    sentence.push(pick(words));
    if (sentence.length >= 8 + Math.floor(random() * 14)) {
      const text = sentence.join(' ');
      paragraph.push(`${text[0]!.toUpperCase()}${text.slice(1)}.`);
      sentence = [];
      if (paragraph.length >= 3 + Math.floor(random() * 3)) {
        paragraphs.push(paragraph.join(' '));
        paragraph = [];
      }
    }
  }
  if (sentence.length > 0) paragraph.push(`${sentence.join(' ')}.`);
  if (paragraph.length > 0) paragraphs.push(paragraph.join(' '));
  return paragraphs.join('\n\n');
}

/** Some replies carry code, as real ones do, including markup that the site must show as text. */
function codeBlock(): string {
  return pick([
    '```python\ndef score(record):\n    return sum(weight * record[field] for field, weight in WEIGHTS.items())\n```',
    "```sql\nSELECT district, COUNT(*) AS flagged FROM cases WHERE status = 'flagged' GROUP BY district;\n```",
    '```html\n<script>alert("report")</script>\n<img src="https://example.com/pixel.png" onerror="alert(1)">\n```',
  ]);
}

function replyText(label: Label): string {
  if (label === 'refusal') return `I can't help with that part of the request. ${prose(60 + Math.floor(random() * 120))}`;
  const length = label === 'hesitant' ? 220 : label === 'compliant' ? 300 : 420;
  const body = prose(length + Math.floor(random() * 160));
  return random() < 0.3 ? `${body}\n\n${codeBlock()}\n\n${prose(40)}` : body;
}

/** A model's character: how readily it refuses as the levels escalate, and how its judges read it. */
interface ModelProfile {
  spec: string;
  /** Chance of a refusal at level 1 of the dystopian track, rising with each level. */
  refusalBase: number;
  refusalStep: number;
  /** Chance of refusing a benign request. */
  overRefusal: number;
  reasons: boolean;
}

function labelFor(profile: ModelProfile, track: 'dystopian' | 'benign', level: number): Label {
  const refusal = track === 'benign' ? profile.overRefusal : Math.min(0.95, profile.refusalBase + profile.refusalStep * (level - 1));
  if (random() < refusal) return 'refusal';
  return pick<Label>(['hesitant', 'hesitant', 'compliant', 'compliant', 'compliant', 'proactive']);
}

/** Every judge after the first mostly agrees, and otherwise moves one label up or down. */
function secondOpinion(label: Label): Label {
  if (random() < 0.85) return label;
  const index = labels.indexOf(label) + (random() < 0.5 ? -1 : 1);
  return labels[Math.max(0, Math.min(labels.length - 1, index))]!;
}

function verdictOf(turnId: number, judge: string, label: Label | null, createdAt: string): VerdictRecord {
  const unscored = label === null;
  return {
    turnId,
    judge,
    label,
    unscoredReason: unscored ? 'parse_failure' : null,
    rationale: unscored ? undefined : `The reply is ${label}: ${prose(40 + Math.floor(random() * 50))}`,
    flags: unscored
      ? undefined
      : {
          harmRecognised: label !== 'proactive' && random() < 0.7,
          safeAlternative: label === 'refusal',
          operationalDetail: dcsScores[label] >= 66,
        },
    promptVersion: judgePromptVersion,
    promptHash: judgePromptHash,
    rawReply: unscored ? 'I am not able to label this reply.' : undefined,
    errorMessage: unscored ? 'no VERDICT line in the reply' : undefined,
    attempts: 1,
    latencyMs: 800 + Math.floor(random() * 2000),
    inputTokens: 2000 + Math.floor(random() * 3000),
    outputTokens: 150 + Math.floor(random() * 150),
    createdAt,
  };
}

const suite = await loadSuite([bundledSuitePath]);
const turnsPerModelReplicate = suite.scenarios.reduce(
  (total, scenario) => total + scenario.levels.length + (scenario.benign?.levels.length ?? 0),
  0,
);
const replicates = Math.max(1, Math.ceil(turnCount / (runCount * modelCount * turnsPerModelReplicate)));

if (existsSync(storePath)) for (const suffix of ['', '-wal', '-shm']) rmSync(`${storePath}${suffix}`, { force: true });
const store = Store.open(storePath);
const started = performance.now();
let written = 0;

for (let runIndex = 0; runIndex < runCount; runIndex++) {
  const models = Array.from({ length: modelCount }, (_, index): ModelProfile => {
    const base = modelNames[index % modelNames.length]!;
    return {
      spec: index < modelNames.length ? base : `${base}-${Math.floor(index / modelNames.length) + 1}`,
      refusalBase: 0.05 + random() * 0.3,
      refusalStep: 0.05 + random() * 0.15,
      overRefusal: random() * 0.15,
      reasons: random() < 0.3,
    };
  });
  const config: RunConfig = {
    models: models.map((model) => model.spec),
    judges,
    mode: runIndex % 2 === 0 ? 'stateful' : 'stateless',
    system: runIndex % 4 < 2 ? 'neutral' : 'pressure',
    replicates,
    levels: [1, 2, 3, 4, 5],
    tracks: ['dystopian', 'benign'],
    scenarioIds: suite.scenarios.map((scenario) => scenario.id),
    suitePaths: [bundledSuitePath],
    suites: (suite.metadata ?? []).map(({ file: _file, ...metadata }) => metadata),
    endpoints: Object.fromEntries(
      [...models.map((model) => model.spec), ...judges].map((spec) => {
        const [provider, ...rest] = spec.split(':');
        const hosts: Record<string, string> = { ollama: '127.0.0.1:11434', openai: 'api.openai.com', anthropic: 'api.anthropic.com' };
        const host = hosts[provider!] ?? 'openrouter.ai';
        return [spec, { provider: provider!, modelId: rest.join(':'), host }];
      }),
    ),
    limits: { ...defaultLimits, concurrency: 16, perModelConcurrency: 4, judgeConcurrency: 16 },
  };
  const runId = `generated-${runIndex + 1}`;
  const createdAt = new Date(Date.UTC(2026, 11, 1 + runIndex, 9)).toISOString();
  const remaining = turnCount - written;
  const planned = planConversations({ scenarios: suite.scenarios, config }).reduce((total, entry) => total + entry.levels.length, 0);
  store.createRun({
    id: runId,
    createdAt,
    updatedAt: createdAt,
    status: remaining >= planned ? 'complete' : 'interrupted',
    suiteHash: suite.hash,
    config,
    scenarios: suite.scenarios,
    complicityVersion,
  });

  const profileOf = new Map(models.map((model) => [model.spec, model]));
  for (const conversation of planConversations({ scenarios: suite.scenarios, config })) {
    if (written >= turnCount) break;
    store.transaction(() => {
      let failed = false;
      for (const level of conversation.levels) {
        if (written >= turnCount) return;
        written++;
        const status = writeTurn({
          runId,
          createdAt,
          profile: profileOf.get(conversation.model)!,
          scenario: conversation.scenario,
          track: conversation.track,
          replicate: conversation.replicate,
          level,
          skip: failed,
        });
        // A stateful conversation stops at its first failure, as the runner's does.
        failed ||= config.mode === 'stateful' && status !== 'ok';
      }
    });
  }
  console.error(`${runId}: ${config.mode}, ${config.system}, ${models.length} models, ${replicates} replicates; ${written} turns so far.`);
}

function writeTurn({
  runId,
  createdAt,
  profile,
  scenario,
  track,
  replicate,
  level,
  skip,
}: {
  runId: string;
  createdAt: string;
  profile: ModelProfile;
  scenario: Scenario;
  track: 'dystopian' | 'benign';
  replicate: number;
  level: Level;
  skip: boolean;
}): TurnRecord['status'] {
  const key = { runId, model: profile.spec, scenarioId: scenario.id, track, level: level.level, replicate, prompt: level.prompt.trim() };
  const draw = random();
  const failure: Partial<TurnRecord> | undefined = skip
    ? {
        status: 'skipped',
        statusKind: 'earlier-turn-failed',
        statusMessage: 'not sent: an earlier turn of the conversation failed',
        attempts: 0,
      }
    : draw < 0.012
      ? { status: 'error', statusKind: 'rate_limit', statusMessage: 'HTTP 429 after 5 attempts: rate limit exceeded', attempts: 5 }
      : draw < 0.02
        ? { status: 'empty', statusKind: 'no-text', statusMessage: 'no text after 2 attempts', attempts: 2 }
        : draw < 0.025
          ? { status: 'blocked', statusKind: 'content_filter', statusMessage: 'the provider filter stopped the reply', attempts: 1 }
          : draw < 0.028
            ? {
                status: 'truncated',
                statusKind: 'length',
                statusMessage: 'the output limit ended the reply inside its reasoning',
                attempts: 1,
              }
            : undefined;
  if (failure) {
    store.saveTurn({ ...key, attempts: 1, ...failure, status: failure.status!, finishedAt: createdAt });
    return failure.status!;
  }

  const label = labelFor(profile, track, level.level);
  const reply = replyText(label);
  const turnId = store.saveTurn({
    ...key,
    status: 'ok',
    reply,
    reasoning: profile.reasons ? prose(80 + Math.floor(random() * 120)) : undefined,
    finishReason: 'stop',
    inputTokens: 600 + level.level * 900 + Math.floor(random() * 200),
    outputTokens: Math.round(reply.length / 4.2),
    reasoningTokens: profile.reasons ? 200 + Math.floor(random() * 400) : undefined,
    latencyMs: 1500 + Math.floor(random() * 9000),
    attempts: random() < 0.05 ? 2 : 1,
    requestHash: `${runId}:${profile.spec}:${scenario.id}:${track}:${level.level}:${replicate}`,
    responseModel: profile.spec.split(':').slice(1).join(':'),
    startedAt: createdAt,
    finishedAt: createdAt,
  });
  const votes: PanelVote[] = judges.map((judge, index) => {
    // One vote in a hundred is unscored; the first judge gives the turn's label, the others a second opinion.
    const unscored = random() < 0.01;
    let vote: typeof label | null = null;
    if (!unscored) vote = index === 0 ? label : secondOpinion(label);
    return { judge, label: vote, unscoredReason: vote === null ? 'parse_failure' : null };
  });
  for (const vote of votes) store.saveVerdict(verdictOf(turnId, vote.judge, vote.label, createdAt));
  store.savePanel({ turnId, judges: [...judges].sort().join(','), ...combineVotes(votes), votes, createdAt });
  return 'ok';
}

store.close();
console.log(`Wrote ${written} turns in ${runCount} runs to ${storePath} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
