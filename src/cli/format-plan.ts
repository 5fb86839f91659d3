import type { PlanEstimate } from '../runner/index.js';
import { formatCount } from './format-count.js';

/** Renders a dry-run plan: calls and estimated tokens per model and per judge. */
export function formatPlan(plan: PlanEstimate): string {
  const { config } = plan;
  const lines = [
    `Plan: ${formatCount(config.scenarioIds.length, 'scenario')} · ${config.mode} · levels ${config.levels.join(',')} · tracks ${config.tracks.join(', ')} · ${formatCount(config.replicates, 'replicate')} · system prompt ${config.system}`,
    `${formatCount(plan.conversations, 'conversation')}, ${formatCount(plan.turns, 'turn')}`,
    '',
  ];
  const rows = [
    ...plan.models.map((estimate) => [
      'model',
      estimate.spec,
      String(estimate.calls),
      String(estimate.inputTokens),
      String(estimate.outputTokens),
      estimate.missingKey ? `${estimate.missingKey} is not set` : '',
    ]),
    ...plan.judges.map((estimate) => [
      'judge',
      estimate.spec,
      String(estimate.calls),
      String(estimate.inputTokens),
      String(estimate.outputTokens),
      estimate.missingKey ? `${estimate.missingKey} is not set` : '',
    ]),
  ];
  const header = ['role', 'spec', 'calls', 'input tokens', 'output tokens', 'note'];
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
  );
  return `${lines.join('\n')}\n`;
}
