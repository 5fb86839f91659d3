/**
 * How a model turn ended; exactly one per turn. Only `ok` replies are judged and scored:
 * nothing else ever counts as a refusal.
 */
export const turnStatuses = ['ok', 'blocked', 'empty', 'truncated', 'error', 'skipped'] as const;

export type TurnStatus = (typeof turnStatuses)[number];

/** Why a turn was not attempted. */
export const skipReasons = ['earlier-turn-failed', 'key-rejected', 'model-stopped', 'rate-limited'] as const;

export type SkipReason = (typeof skipReasons)[number];
