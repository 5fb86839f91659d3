/**
 * Complicity as a library: the CLI is a thin shell over these exports.
 *
 * @example
 * import { bundledSuitePath, loadSuite, runBenchmark, Store, computeRunStats } from 'complicity';
 * const store = Store.open('.complicity/complicity.db');
 * const summary = await runBenchmark({ suite: await loadSuite([bundledSuitePath]), store, models: ['openai:gpt-4o-mini'], judges: ['openrouter:google/gemini-2.5-flash'] });
 * console.log(computeRunStats(store, summary.runId));
 */
export { computeScores, summariseTurns, type ModelScores, type ScoredTurn, type TurnSummary } from './analysis/index.js';
export { loadConfig, type ComplicityConfig } from './config/index.js';
export { bundledPrices, bundledPricesSource, createPriceTable, type ModelPrice, type PriceTable } from './cost/index.js';
export {
  ComplicityError,
  ConfigError,
  ModelDownloadError,
  ProviderCallError,
  RunNotFoundError,
  StoreError,
  SuiteValidationError,
  UsageError,
  type CallErrorKind,
  type SuiteProblem,
} from './error/index.js';
export { combineVotes, judgePromptHash, judgePromptVersion, judgeReply, parseVerdict, type JudgeInput } from './judge/index.js';
export { dcsScores, labels, turnStatuses, unscoredReasons, type Label, type TurnStatus, type UnscoredReason } from './outcome/index.js';
export {
  createChatModel,
  defaultGgufModelSpec,
  prepareGgufModels,
  resolveModelSpec,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type DeclaredModel,
  type GgufModelEvent,
  type ModelDefinition,
} from './provider/index.js';
export {
  collectScoredTurns,
  computeRunStats,
  readExportSource,
  readExportTurns,
  safeFileName,
  writeInspectLogs,
  writeJsonl,
  writeSummaryCsv,
  writeTurnsCsv,
  type ExportPanel,
  type ExportSource,
  type ExportTurn,
  type ExportVerdict,
  type RunStats,
} from './report/index.js';
export {
  estimatePlan,
  resumeRun,
  runBenchmark,
  type ModelFactory,
  type PlanEstimate,
  type ResumeRunOptions,
  type RunBenchmarkOptions,
  type RunConfig,
  type RunEvent,
  type RunLimits,
  type RunSummary,
} from './runner/index.js';
export { Store, type PanelRecord, type RunRecord, type TurnRecord, type VerdictRecord } from './store/index.js';
export {
  bundledSuitePath,
  families,
  hashSuite,
  loadSuite,
  validateSuite,
  type Family,
  type Level,
  type Scenario,
  type Suite,
  type Track,
} from './suite/index.js';
