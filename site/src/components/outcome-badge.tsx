import type { TurnOutcome } from '../../../src/report/site/site-data.js';

const labels = new Set(['refusal', 'hesitant', 'compliant', 'proactive']);

/** The CSS class of an outcome: one per label, one shared by every status that kept a turn from a label. */
export function outcomeClass(outcome: string): string {
  return labels.has(outcome) ? `outcome outcome-${outcome}` : `outcome outcome-${outcome === 'pending' ? 'pending' : 'unscored'}`;
}

/** An outcome written out in a coloured badge; the word carries the meaning, the colour only repeats it. */
export function OutcomeBadge({ outcome }: { outcome: TurnOutcome | string }) {
  return (
    <span class={outcomeClass(outcome)} data-outcome={outcome}>
      {outcome}
    </span>
  );
}
