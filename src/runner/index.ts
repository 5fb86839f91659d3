export type { Spend } from './budget-meter.js';
export type { BudgetKind } from './budget-stop.js';
export { CallScheduler } from './call-scheduler.js';
export { classifyReply, type ReplyClass, type ReplyStatus } from './classify-reply.js';
export { buildSystemPrompt } from './build-system-prompt.js';
export type { ModelFactory } from './create-models.js';
export { estimatePlan, type CallEstimate, type PlanEstimate } from './estimate-plan.js';
export { hashRequest } from './hash-request.js';
export { planConversations, type PlannedConversation } from './plan-conversations.js';
export { resolveRunConfig, selectScenarios, type RunChoices } from './resolve-run-config.js';
export { decideRetry, defaultRetryPolicy, type RetryDecision, type RetryPolicy } from './retry-delay.js';
export { resumeRun, type ResumeRunOptions } from './resume-run.js';
export { runBenchmark, type RunBenchmarkOptions } from './run-benchmark.js';
export { isValidRunId, runIdRule } from './run-id.js';
export {
  defaultLimits,
  type ConversationMode,
  type EndpointRecord,
  type RunConfig,
  type RunLimits,
  type RunOrigin,
  type SummaryMismatch,
  type SystemPromptVariant,
} from './run-config.js';
export type * from './run-event.js';
export { turnKeyString } from './turn-key-string.js';
export { effectiveRunStatus } from './run-ownership.js';
export { judgeRun, type JudgeRunOptions, type JudgeRunSummary } from './judge-run.js';
