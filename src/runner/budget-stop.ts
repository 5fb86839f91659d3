/** The budget of a run that was reached: `--max-cost` or `--max-tokens`. */
export type BudgetKind = 'cost' | 'tokens';

/**
 * The reason calls stop starting once `--max-cost` or `--max-tokens` is reached. Calls waiting for
 * a slot reject with it, and the run catches it: a budget stop is an end the user asked for, not
 * a failure.
 */
export class BudgetStop extends Error {
  readonly budget: BudgetKind;

  constructor({ budget, message }: { budget: BudgetKind; message: string }) {
    super(message);
    this.name = 'BudgetStop';
    this.budget = budget;
  }
}
