import { bundledPricesSource } from '../cost/index.js';
import type { CallEstimate, PlanEstimate } from '../runner/index.js';
import { formatCount } from './format-count.js';
import { formatDollars } from './format-dollars.js';

/** Renders a dry-run plan: calls, estimated tokens and estimated cost per model and per judge. */
export function formatPlan(plan: PlanEstimate): string {
  const { config } = plan;
  const lines = [
    `Plan: ${formatCount(config.scenarioIds.length, 'scenario')} · ${config.mode} · levels ${config.levels.join(',')} · tracks ${config.tracks.join(', ')} · ${formatCount(config.replicates, 'replicate')} · system prompt ${config.system}`,
    `${formatCount(plan.conversations, 'conversation')}, ${formatCount(plan.turns, 'turn')}`,
    '',
  ];
  const row = (role: string, estimate: CallEstimate) => [
    role,
    estimate.spec,
    String(estimate.calls),
    String(estimate.inputTokens),
    String(estimate.outputTokens),
    estimate.costUsd === undefined ? 'no price' : formatDollars(estimate.costUsd),
    estimate.missingKey ? `${estimate.missingKey} is not set` : '',
  ];
  const rows = [...plan.models.map((estimate) => row('model', estimate)), ...plan.judges.map((estimate) => row('judge', estimate))];
  const header = ['role', 'spec', 'calls', 'input tokens', 'output tokens', 'cost', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows])
    lines.push(
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    );
  lines.push(
    '',
    `Token figures are estimates: ${plan.assumptions.charactersPerToken} characters a token, replies of ${plan.assumptions.replyTokens} tokens, verdicts of ${plan.assumptions.verdictTokens}; judge calls assume every turn gets a reply.`,
    describeCost(plan),
  );
  return `${lines.join('\n')}\n`;
}

/** Says what the whole plan would cost, or which models and judges lack a price. */
function describeCost(plan: PlanEstimate): string {
  if (plan.costUsd === undefined) {
    return `No cost estimate: ${plan.unpriced.join(', ')} ${plan.unpriced.length === 1 ? 'has' : 'have'} no price. Add prices to complicity.config.yaml (docs/budgets.md).`;
  }
  return `Estimated cost ${formatDollars(plan.costUsd)}, from standard per-token rates (bundled ones copied on ${bundledPricesSource.copiedOn}); providers change prices, so check theirs.`;
}
