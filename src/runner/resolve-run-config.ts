import { UsageError } from '../error/index.js';
import { tracks as knownTracks, trackLevels, type Scenario, type Track } from '../suite/index.js';
import {
  defaultLimits,
  type ConversationMode,
  type EndpointRecord,
  type RunConfig,
  type RunLimits,
  type SystemPromptVariant,
} from './run-config.js';

/** The choices of a run that a caller may leave to their defaults. */
export interface RunChoices {
  models: string[];
  judges?: string[];
  mode?: ConversationMode;
  system?: SystemPromptVariant;
  replicates?: number;
  levels?: number[];
  tracks?: Track[];
  /** Scenario ids or globs (`*` and `?`); all scenarios when empty. */
  scenarios?: string[];
  limits?: Partial<RunLimits>;
  /** Whether the offline judge labels every reply beside the LLM judges, as a separate verdict set (default true). */
  crossCheck?: boolean;
  /** Sampling temperature of the judged models, over what their definitions set. */
  temperature?: number;
  /** Whether a request at temperature 0 that an earlier run sent reuses that run's stored reply. */
  cache?: boolean;
}

/**
 * Checks a run's choices and fills in defaults. Throws `UsageError` naming the first invalid
 * value, so the CLI and library callers get the same messages.
 */
export function resolveRunConfig({
  choices,
  scenarios,
  suitePaths,
  endpoints,
}: {
  choices: RunChoices;
  scenarios: readonly Scenario[];
  suitePaths: string[];
  endpoints: Record<string, EndpointRecord>;
}): { config: RunConfig; scenarios: Scenario[] } {
  if (choices.models.length === 0)
    throw new UsageError({ message: 'No model given. Name at least one with --model, for example --model openai:gpt-4o-mini.' });
  assertUnique('model', choices.models);
  const judges = choices.judges ?? [];
  assertUnique('judge', judges);

  const replicates = choices.replicates ?? 1;
  assertInteger('replicates', replicates, 1);
  const levels = [...new Set(choices.levels ?? [1, 2, 3, 4, 5])].sort((a, b) => a - b);
  if (levels.length === 0) throw new UsageError({ message: 'levels must list at least one level from 1 to 5, got none' });
  for (const level of levels) assertInteger('levels', level, 1, 5);
  // A repeated track would plan each of its conversations twice, under the same turn ids.
  const tracks = [...new Set(choices.tracks ?? knownTracks)];
  if (tracks.length === 0) throw new UsageError({ message: 'tracks must list dystopian, benign or both, got none' });
  for (const track of tracks) assertOneOf('track', track, knownTracks);
  const mode = choices.mode ?? 'stateful';
  assertOneOf('mode', mode, ['stateful', 'stateless']);
  const system = choices.system ?? 'neutral';
  assertOneOf('system prompt', system, ['neutral', 'pressure', 'none']);

  const limits = { ...defaultLimits, ...choices.limits };
  limits.perModelConcurrency = choices.limits?.perModelConcurrency ?? limits.concurrency;
  limits.judgeConcurrency = choices.limits?.judgeConcurrency ?? limits.concurrency;
  checkLimits(limits);

  if (choices.temperature !== undefined && !(choices.temperature >= 0 && choices.temperature <= 2))
    throw new UsageError({ message: `temperature must be a number from 0 to 2, got ${formatValue(choices.temperature)}` });

  const selected = selectScenarios(scenarios, choices.scenarios ?? []);
  // A run that plans nothing would be stored empty and reported complete.
  const emptyPlan = describeEmptyPlan({ scenarios: selected, tracks, levels });
  if (emptyPlan) throw new UsageError({ message: emptyPlan });
  return {
    scenarios: selected,
    config: {
      models: choices.models,
      judges,
      mode,
      system,
      replicates,
      levels,
      tracks,
      scenarioIds: selected.map((scenario) => scenario.id),
      suitePaths,
      endpoints,
      limits,
      // Stored only when off, so configurations written before the cross-check read the same.
      ...(choices.crossCheck === false ? { crossCheck: false } : {}),
      ...(choices.temperature !== undefined ? { temperature: choices.temperature } : {}),
      ...(choices.cache ? { cache: true } : {}),
    },
  };
}

/** Checks a run's limits, as a run starts or resumes; throws `UsageError` naming the first invalid value. */
/**
 * Applies new limits to stored ones. A new `concurrency` also replaces the per-model and judge
 * limits that only followed the old one, as they do on `run`; limits set on their own stay.
 */
export function mergeLimits(stored: RunLimits, changes: Partial<RunLimits> = {}): RunLimits {
  const merged = { ...stored, ...changes };
  if (changes.concurrency !== undefined) {
    if (changes.perModelConcurrency === undefined && stored.perModelConcurrency === stored.concurrency)
      merged.perModelConcurrency = changes.concurrency;
    if (changes.judgeConcurrency === undefined && stored.judgeConcurrency === stored.concurrency)
      merged.judgeConcurrency = changes.concurrency;
  }
  checkLimits(merged);
  return merged;
}

export function checkLimits(limits: RunLimits): void {
  assertInteger('concurrency', limits.concurrency, 1);
  assertInteger('per-model concurrency', limits.perModelConcurrency, 1);
  assertInteger('judge concurrency', limits.judgeConcurrency, 1);
  assertInteger('max retries', limits.maxRetries, 0);
  assertInteger('judge parse retries', limits.judgeParseRetries, 0);
  if (!(limits.timeoutMs > 0))
    throw new UsageError({ message: `timeout must be a positive number of milliseconds, got ${formatValue(limits.timeoutMs)}` });
  if (!(limits.maxRetryWaitMs >= 0))
    throw new UsageError({ message: `max retry wait must be zero or more milliseconds, got ${formatValue(limits.maxRetryWaitMs)}` });
  if (limits.maxCostUsd !== undefined && !(limits.maxCostUsd > 0 && Number.isFinite(limits.maxCostUsd)))
    throw new UsageError({ message: `max cost must be a number of US dollars above 0, got ${formatValue(limits.maxCostUsd)}` });
  if (limits.maxTokens !== undefined) assertInteger('max tokens', limits.maxTokens, 1);
}

/** Keeps the scenarios whose id matches any pattern; every pattern must match something. */
export function selectScenarios(scenarios: readonly Scenario[], patterns: readonly string[]): Scenario[] {
  if (scenarios.length === 0) throw new UsageError({ message: 'The suite has no scenarios.' });
  if (patterns.length === 0) return [...scenarios];
  const matchers = patterns.map((pattern) => ({ pattern, regex: globToRegExp(pattern) }));
  for (const { pattern, regex } of matchers) {
    if (!scenarios.some((scenario) => regex.test(scenario.id))) {
      const known = scenarios
        .slice(0, 8)
        .map((scenario) => scenario.id)
        .join(', ');
      throw new UsageError({
        message: `No scenario matches "${pattern}". Scenario ids include: ${known}${scenarios.length > 8 ? ', …' : ''}. Run "complicity list scenarios --suite PATH" for all.`,
      });
    }
  }
  return scenarios.filter((scenario) => matchers.some(({ regex }) => regex.test(scenario.id)));
}

/** Says why the selected scenarios, tracks and levels give no turn to send, or returns undefined when they give some. */
function describeEmptyPlan({
  scenarios,
  tracks,
  levels,
}: {
  scenarios: readonly Scenario[];
  tracks: readonly Track[];
  levels: readonly number[];
}): string | undefined {
  const hasTurns = scenarios.some((scenario) =>
    tracks.some((track) => {
      if (track === 'benign' && !scenario.benign) return false;
      return trackLevels(scenario, track).some((level) => levels.includes(level.level));
    }),
  );
  if (hasTurns) return undefined;

  const selection =
    scenarios.length === 1 ? `The selected scenario (${scenarios[0]!.id})` : `None of the ${scenarios.length} selected scenarios`;
  if (tracks.length === 1 && tracks[0] === 'benign' && !scenarios.some((scenario) => scenario.benign)) {
    const finding = scenarios.length === 1 ? 'has no benign twin' : 'has a benign twin';
    return `${selection} ${finding}, so --track benign plans no turns. Run the dystopian track, or a suite whose scenarios have benign twins.`;
  }
  // Both scenario schemas give every track all five levels, so no known input reaches this fallback.
  return `The selected scenarios, tracks (${tracks.join(', ')}) and levels (${levels.join(',')}) plan no turns. Check --scenario, --track and --levels against "complicity list scenarios".`;
}

function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

function assertUnique(what: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new UsageError({ message: `The ${what} "${value}" is given twice.` });
    seen.add(value);
  }
}

function assertInteger(name: string, value: number, min: number, max?: number): void {
  const range = max === undefined ? `from ${min} up` : `from ${min} to ${max}`;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    throw new UsageError({ message: `${name} must be an integer ${range}, got ${formatValue(value)}` });
  }
}

function assertOneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    const choices = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
    throw new UsageError({ message: `${name} must be ${choices}, got ${formatValue(value)}` });
  }
}

/** Shows numbers as written (NaN stays NaN, which JSON would turn into null) and quotes the rest. */
function formatValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}
