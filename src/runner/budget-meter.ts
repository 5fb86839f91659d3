import { setMaxListeners } from 'node:events';
import { costOfUsage, tokensOfUsage, type PriceTable } from '../cost/index.js';
import { offlineJudgeSpec } from '../judge/index.js';
import type { TokenUsage } from '../provider/index.js';
import { BudgetStop } from './budget-stop.js';
import type { RunLimits } from './run-config.js';
import type { RunEvent } from './run-event.js';

/** Tokens and estimated cost of a run so far. */
export interface Spend {
  tokens: number;
  /** US dollars from the price table; specs without a price add nothing. */
  costUsd: number;
  /** Specs that used tokens but have no price, so `costUsd` leaves them out. */
  unpriced: string[];
}

/**
 * Adds up the tokens and cost of a run's calls and stops new calls once `maxCostUsd` or
 * `maxTokens` is reached. The check happens as each call ends, so the calls already in flight
 * finish and add to the spend: a run ends at most one wave of in-flight calls over its budget.
 */
export class BudgetMeter {
  readonly #limits: Pick<RunLimits, 'maxCostUsd' | 'maxTokens'>;
  readonly #prices: PriceTable;
  readonly #emit: (event: RunEvent) => void;
  readonly #runId: string;
  readonly #controller = new AbortController();
  readonly #unpriced: Set<string>;
  readonly #unmeasured = new Set<string>();
  /** One gated signal per source signal: `AbortSignal.any` per call would grow each source by one entry per call. */
  readonly #gated = new WeakMap<AbortSignal, AbortSignal>();
  #tokens: number;
  #costUsd: number;

  constructor(options: {
    runId: string;
    limits: Pick<RunLimits, 'maxCostUsd' | 'maxTokens'>;
    prices: PriceTable;
    /** The spend of earlier executions of the run, as the store records it. */
    spent: Spend;
    emit: (event: RunEvent) => void;
  }) {
    this.#runId = options.runId;
    this.#limits = options.limits;
    this.#prices = options.prices;
    this.#emit = options.emit;
    this.#tokens = options.spent.tokens;
    this.#costUsd = options.spent.costUsd;
    this.#unpriced = new Set(options.spent.unpriced);
  }

  /** The budget that stopped the run, once one is reached. */
  get reached(): BudgetStop | undefined {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as BudgetStop) : undefined;
  }

  /** The run's spend so far, earlier executions included. */
  get spend(): Spend {
    return { tokens: this.#tokens, costUsd: this.#costUsd, unpriced: [...this.#unpriced].sort() };
  }

  /**
   * Returns the signal that stops a call of `spec` from starting: `signal`, combined with the
   * budget's unless the spec costs nothing and reports no tokens (the offline judge).
   */
  gate(spec: string, signal: AbortSignal): AbortSignal {
    const limited = this.#limits.maxCostUsd !== undefined || this.#limits.maxTokens !== undefined;
    if (!limited || spec === offlineJudgeSpec) return signal;
    let gated = this.#gated.get(signal);
    if (!gated) {
      gated = AbortSignal.any([signal, this.#controller.signal]);
      // Every call of the spec waiting for a slot listens on the one gated signal.
      setMaxListeners(0, gated);
      this.#gated.set(signal, gated);
    }
    return gated;
  }

  /** Adds one call's usage, as the API reported it, and stops new calls if a budget is now reached. */
  record(spec: string, usage: TokenUsage | undefined): void {
    if (usage?.inputTokens === undefined && usage?.outputTokens === undefined) {
      this.#warnUnmeasured(spec);
      return;
    }
    this.#tokens += tokensOfUsage(usage);
    const price = this.#prices.priceOf(spec)?.price;
    if (price) this.#costUsd += costOfUsage(usage, price);
    else this.#unpriced.add(spec);
    this.check();
  }

  /** Stops new calls if a budget is reached; called as the run starts, for what earlier executions spent. */
  check(): void {
    if (this.#controller.signal.aborted) return;
    const { maxCostUsd, maxTokens } = this.#limits;
    let stop: BudgetStop | undefined;
    if (maxCostUsd !== undefined && this.#costUsd >= maxCostUsd) {
      const message = `--max-cost $${maxCostUsd} reached: an estimated $${this.#costUsd.toFixed(4)} spent on ${this.#tokens} tokens`;
      stop = new BudgetStop({ budget: 'cost', message });
    } else if (maxTokens !== undefined && this.#tokens >= maxTokens) {
      stop = new BudgetStop({ budget: 'tokens', message: `--max-tokens ${maxTokens} reached: ${this.#tokens} tokens spent` });
    }
    if (!stop) return;
    this.#controller.abort(stop);
    this.#emit({ type: 'budget-reached', runId: this.#runId, budget: stop.budget, message: stop.message, spend: this.spend });
  }

  #warnUnmeasured(spec: string): void {
    if (spec === offlineJudgeSpec || this.#unmeasured.has(spec)) return;
    this.#unmeasured.add(spec);
    const limited = this.#limits.maxCostUsd !== undefined || this.#limits.maxTokens !== undefined;
    if (!limited) return;
    this.#emit({ type: 'warning', message: `${spec} returned no token usage, so the budget cannot count its calls.` });
  }
}
