import { createPriceTable, type PriceTable } from '../cost/index.js';
import { judgeSystemPrompt, offlineJudgeSpec } from '../judge/index.js';
import { resolveModelSpec, type DeclaredModel } from '../provider/index.js';
import type { Suite } from '../suite/index.js';
import { assertBudgetPriced } from './assert-budget-priced.js';
import { buildSystemPrompt } from './build-system-prompt.js';
import { findSameFamilyJudges } from './create-models.js';
import { estimateCost } from './estimate-cost.js';
import { planConversations } from './plan-conversations.js';
import { resolveRunConfig, type RunChoices } from './resolve-run-config.js';
import type { RunConfig } from './run-config.js';

/** Calls and estimated tokens for one model or judge. */
export interface CallEstimate {
  spec: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated US dollars from the price table; absent when the spec has no price. */
  costUsd?: number;
  /** The key variable this model needs but the environment lacks. */
  missingKey?: string;
}

export interface PlanEstimate {
  config: RunConfig;
  conversations: number;
  turns: number;
  models: CallEstimate[];
  judges: CallEstimate[];
  /** US dollars for the whole plan from the price table; undefined when a model or judge has no price. */
  costUsd: number | undefined;
  /** Models and judges without a price. */
  unpriced: string[];
  /** Judges that share a family with a model they judge, and budgets the estimate goes over. */
  warnings: string[];
  /** Assumptions behind the token figures, which are estimates, not counts. */
  assumptions: { replyTokens: number; verdictTokens: number; charactersPerToken: number };
}

const assumptions = { replyTokens: 700, verdictTokens: 120, charactersPerToken: 4 };

/**
 * Works out what a run would send, without creating any client or reading any key: calls per
 * model and per judge, with token estimates that assume every turn gets a reply of typical
 * length, priced with the table that budgets use. Checks the choices, specs and prices as
 * `runBenchmark` would.
 */
export function estimatePlan({
  suite,
  choices,
  declaredModels,
  env = process.env,
  prices = createPriceTable(),
}: {
  suite: Suite;
  choices: RunChoices;
  declaredModels?: Record<string, DeclaredModel>;
  env?: Record<string, string | undefined>;
  /** The price table budgets use; the bundled one when absent. */
  prices?: PriceTable;
}): PlanEstimate {
  const { config, scenarios } = resolveRunConfig({ choices, scenarios: suite.scenarios, suitePaths: suite.files, endpoints: {} });
  assertBudgetPriced({ specs: [...config.models, ...config.judges], prices, limits: config.limits });
  const definitionOf = (spec: string) => resolveModelSpec(spec, { declaredModels, env });
  const missingKey = (spec: string) => {
    const definition = definitionOf(spec);
    return definition.apiKeyEnv && !env[definition.apiKeyEnv] && !definition.apiKeyOptional ? definition.apiKeyEnv : undefined;
  };

  const tokens = (text: string | undefined) => Math.ceil((text?.length ?? 0) / assumptions.charactersPerToken);
  const conversations = planConversations({ scenarios, config });
  const perModel = new Map(
    config.models.map((spec) => [spec, { spec, calls: 0, inputTokens: 0, outputTokens: 0, missingKey: missingKey(spec) }]),
  );
  let judgeCalls = 0;
  let judgeInputTokens = 0;

  for (const conversation of conversations) {
    const estimate = perModel.get(conversation.model)!;
    const system = tokens(buildSystemPrompt({ scenario: conversation.scenario, track: conversation.track, variant: config.system }));
    const context =
      tokens(conversation.scenario.setting) +
      tokens(conversation.scenario.endState) +
      tokens(conversation.scenario.organisation.description);
    let history = 0;
    for (const level of conversation.levels) {
      const prompt = tokens(level.prompt);
      estimate.calls++;
      estimate.inputTokens += system + history + prompt;
      estimate.outputTokens += assumptions.replyTokens;
      judgeCalls++;
      judgeInputTokens += tokens(judgeSystemPrompt) + context + history + prompt + assumptions.replyTokens;
      history += prompt + assumptions.replyTokens;
    }
  }

  // The offline judge runs locally: it needs no key and sends no token.
  const judges: CallEstimate[] = config.judges.map((spec) =>
    spec === offlineJudgeSpec
      ? { spec, calls: judgeCalls, inputTokens: 0, outputTokens: 0 }
      : {
          spec,
          calls: judgeCalls,
          inputTokens: judgeInputTokens,
          outputTokens: judgeCalls * assumptions.verdictTokens,
          missingKey: missingKey(spec),
        },
  );
  const cost = estimateCost({ estimates: [...perModel.values(), ...judges], prices, limits: config.limits });

  return {
    config,
    conversations: conversations.length,
    turns: judgeCalls,
    models: cost.estimates.slice(0, perModel.size),
    judges: cost.estimates.slice(perModel.size),
    costUsd: cost.costUsd,
    unpriced: cost.unpriced,
    warnings: [
      ...findSameFamilyJudges(
        config.models.map((spec) => ({ spec, modelId: definitionOf(spec).modelId })),
        config.judges.filter((spec) => spec !== offlineJudgeSpec).map((spec) => ({ spec, modelId: definitionOf(spec).modelId })),
      ),
      ...cost.warnings,
    ],
    assumptions,
  };
}
