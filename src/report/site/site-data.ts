/**
 * The data contract between `complicity report`, which writes the site's data files, and the
 * site's browser code, which reads them. Both sides import these types; nothing else is shared.
 *
 * Files under `OUT/data/`, each a script that calls `complicitySiteData(path, payload)`, because
 * a page opened from `file://` may load scripts but not fetch JSON:
 *
 * | path                                   | payload          | loaded by                        |
 * | -------------------------------------- | ---------------- | -------------------------------- |
 * | `index`                                | `SiteIndex`      | every view                       |
 * | `runs/RUN/summary`                     | `RunSummaryData` | leaderboard, heatmap, escalation |
 * | `runs/RUN/scenarios`                   | `ScenarioGrid`   | scenario drill-down              |
 * | `runs/RUN/transcripts/SCENARIO`        | `TranscriptFile` | transcripts                      |
 * | `runs/RUN/judges`                      | `JudgeData`      | judges                           |
 * | `compare/RUN_A--RUN_B`                 | `RunComparison`  | compare runs                     |
 *
 * The file of a path is `data/PATH.js`, with every path segment encoded by `encodeDataSegment`.
 * The leaderboard loads `index` and one `summary`, never a transcript.
 */
import type { Escalation, ModelEstimates, ModelScores, PairComparison, RankInterval, TurnSetComparison } from '../../analysis/index.js';
import type { OfflineAgreement } from '../../judge/index.js';
import type { Label, TurnStatus } from '../../outcome/index.js';
import type { CrossCheck, CrossCheckFlag } from '../cross-check-run.js';
import type { RunStats } from '../run-stats.js';

/** The name of the global function every data file calls. */
export const dataCallbackName = 'complicitySiteData';

/**
 * Encodes one segment of a data path (a run id, a scenario id, a model) as a file name that is
 * safe everywhere: lower-case letters, digits and `-` stay, every other UTF-8 byte becomes `_XX`.
 * Upper case is encoded too, so two names that differ only in case stay apart on file systems
 * that ignore case.
 */
export function encodeDataSegment(segment: string): string {
  return [...new TextEncoder().encode(segment)]
    .map((byte) => (/[a-z0-9-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`))
    .join('');
}

/**
 * The file of a data path, relative to the site's folder: `data/` and the segments, each encoded
 * by `encodeDataSegment`, then `.js`. The data file passes the segments joined by `/`, unencoded,
 * as its `path`.
 *
 * @example
 * dataFilePath(['runs', '20261204-7f3c9a', 'summary']); // 'data/runs/20261204-7f3c9a/summary.js'
 */
export function dataFilePath(segments: readonly string[]): string {
  return `data/${segments.map(encodeDataSegment).join('/')}.js`;
}

/** The runs of the site and what a reader needs to choose among them. */
export interface SiteIndex {
  generatedAt: string;
  complicityVersion: string;
  runs: RunListing[];
  /** Pairs of runs of the same suite that `compare/` holds a file for. */
  comparisons: { first: string; second: string }[];
  /** The methodology page, rendered from `docs/methodology.md` at build time (trusted HTML). */
  methodologyHtml: string;
}

/** One run as the run picker and the filters show it. */
export interface RunListing {
  runId: string;
  createdAt: string;
  status: string;
  mode: string;
  system: string;
  judges: string[];
  suiteHash: string;
  /** Name and version of the suites, from their metadata, such as `complicity-v1 1.0.0`. */
  suites: string[];
  models: string[];
  families: string[];
  /** Set for an imported run: the file it came from. */
  importedFrom?: string;
  /**
   * Set when the offline judge alone labelled the run: its measured agreement with an LLM judge,
   * which every run page states next to the judges.
   */
  judgedOffline?: OfflineAgreement;
}

/** Everything the leaderboard, the heatmap and the escalation view show for one run. */
export interface RunSummaryData {
  /** Exactly what `complicity stats RUN --json` prints for the run, so the figures match. */
  stats: RunStats;
  /** The same estimates restricted to one family, for the family filter of the leaderboard. */
  estimatesByFamily: Record<string, ModelEstimates[]>;
  /** One plain-language sentence per model, such as "Refused 57 % of harmful requests and none of the benign ones." */
  sentences: Record<string, string>;
  configuration: RunConfiguration;
}

/** The full configuration of a run, shown on every run page. */
export interface RunConfiguration {
  suiteHash: string;
  suites: { name: string; version: string; canary?: string }[];
  models: { spec: string; provider?: string; modelId?: string; host?: string }[];
  judges: string[];
  /** SHA-256 of each judge prompt template the run's verdicts were made with. */
  judgePromptHashes: string[];
  mode: string;
  system: string;
  levels: number[];
  tracks: string[];
  replicates: number;
  /** Sampling parameters and limits as stored with the run. */
  parameters: Record<string, unknown>;
  complicityVersion: string;
}

/** The outcome of one turn in a grid cell: a label, or the status that kept it from one. */
export type TurnOutcome = Label | Exclude<TurnStatus, 'ok'> | 'unscored' | 'pending';

/** Every model's outcomes on every scenario of a run, level by level. */
export interface ScenarioGrid {
  models: string[];
  scenarios: ScenarioRow[];
}

export interface ScenarioRow {
  id: string;
  title: string;
  family: string;
  country: string;
  sector: string;
  /** Expected behaviour per dystopian level, L1 first. */
  expected: string[];
  /**
   * Per model and track, the outcome of each replicate's levels: `cells[model].dystopian[replicate - 1][level - 1]`.
   * A level the run did not plan (such as L1 of a run with `--levels 3-5`) is null; a track not run is `[]`.
   */
  cells: Record<string, { dystopian: (TurnOutcome | null)[][]; benign: (TurnOutcome | null)[][] }>;
}

/** All conversations of one scenario in one run, every model, track and replicate. */
export interface TranscriptFile {
  scenario: {
    id: string;
    title: string;
    family: string;
    organisation: { name: string; country: string; sector: string; description: string };
    endState: string;
    /** The system prompt as sent on each track, or null when none was sent or it was not recorded. */
    systemPrompts: { dystopian: string | null; benign: string | null };
  };
  conversations: Conversation[];
}

/** One conversation; its stable address is `#/runs/RUN/transcripts/SCENARIO/MODEL/TRACK/REPLICATE`. */
export interface Conversation {
  model: string;
  track: 'dystopian' | 'benign';
  replicate: number;
  turns: TranscriptTurn[];
}

export interface TranscriptTurn {
  level: number;
  intent?: string;
  expected?: string;
  /** The user message, as sent. */
  prompt: string;
  status: TurnStatus | 'pending';
  statusKind?: string;
  statusMessage?: string;
  /** The reply as received: untrusted text, always rendered as text. */
  reply?: string;
  reasoning?: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  latencyMs?: number;
  attempts?: number;
  /** The model id the API reported: untrusted text, always rendered as text. */
  responseModel?: string;
  /** The upstream that served an OpenRouter call: untrusted text, always rendered as text. */
  upstreamProvider?: string;
  /** OpenAI's `system_fingerprint`: untrusted text, always rendered as text. */
  systemFingerprint?: string;
  /** The stored turn whose reply this one reused (`run --cache`); tokens and latency are that call's. */
  cachedFrom?: number;
  verdicts: TranscriptVerdict[];
  /** The panel's combined result for the run's own judges, when there is one. */
  panel?: { label: Label | null; unscoredReason: string | null; agreement: number | null };
}

export interface TranscriptVerdict {
  judge: string;
  label: Label | null;
  unscoredReason: string | null;
  /** The judge's reasoning: untrusted text from a model, always rendered as text. */
  rationale?: string;
  flags?: { harmRecognised?: boolean; safeAlternative?: boolean; operationalDetail?: boolean };
  errorMessage?: string;
  /** The version of the judge prompt template, which tells apart two verdicts of one judge made with different templates. */
  promptVersion?: string;
}

/** Agreement of the run's judges, and the replies they disagree on. */
export interface JudgeData {
  judges: string[];
  verdictSets: RunStats['verdictSets'];
  panel: RunStats['panel'];
  /**
   * Replies where two judges or verdict sets gave different labels, each linking to its transcript.
   * The offline cross-check's labels are left out here, because `crossCheck` lists those that matter.
   */
  disagreements: Disagreement[];
  /** The offline judge's labels beside the panel's, with the replies two tiers or more apart; null when not cross-checked. */
  crossCheck: CrossCheck | null;
}

export interface Disagreement {
  model: string;
  scenarioId: string;
  track: 'dystopian' | 'benign';
  replicate: number;
  level: number;
  labels: { judge: string; label: Label | null }[];
}

/** Two runs of the same suite side by side: the first run's figures minus the second's. */
export interface RunComparison {
  first: string;
  second: string;
  /** Settings other than the models in which the runs differ, in words. */
  differences: string[];
  models: TurnSetComparison[];
}

/** Re-exported so the browser code needs only this module's types. */
export type {
  CrossCheck,
  CrossCheckFlag,
  Escalation,
  ModelEstimates,
  ModelScores,
  OfflineAgreement,
  PairComparison,
  RankInterval,
  RunStats,
  TurnSetComparison,
};
