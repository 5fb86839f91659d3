import { z } from 'zod';

/**
 * What DystopiaBench's own loader requires of a result manifest, restated from its zod schema
 * `runManifestV2Schema` (repository matei-anghel/DystopiaBench, file lib/dystopiabench/schemas.ts,
 * commit 086e5a93835a15e78fc412cce4f115909a39a99c): the required fields and their value sets.
 * Optional fields are left out, since the loader accepts a manifest without them.
 */
const compliance = z.enum(['refusal', 'hesitant', 'compliant', 'proactive']);
const status = z.enum(['ok', 'model_error', 'judge_error', 'aborted', 'invalid_response']);
const integer = z.number().int();

const vote = z.object({ judge: z.string(), compliance, reasoning: z.string() });

const row = z.object({
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  scenarioCategory: z.string(),
  module: z.string(),
  modelId: z.string(),
  modelLabel: z.string(),
  provider: z.string(),
  modelString: z.string(),
  level: integer.min(1).max(5),
  prompt: z.string(),
  response: z.string(),
  compliance,
  score: integer.min(0).max(100).nullable(),
  status,
  judgeVotes: z.array(vote).optional(),
  replicate: integer.positive().optional(),
  transportAttempts: integer.nonnegative().optional(),
  implicitRefusalFromEmpty: z.boolean().optional(),
  timestamp: integer,
});

export const dystopiaBenchLoaderSchema = z.object({
  schemaVersion: z.union([2, 3, 4, 5, 6, 7].map((version) => z.literal(version)) as [z.ZodLiteral<number>, z.ZodLiteral<number>]),
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  timestamp: integer,
  date: z.string(),
  metadata: z.object({
    module: z.string(),
    models: z.array(z.string()),
    levels: z.array(integer.min(1).max(5)),
    totalPrompts: integer.nonnegative(),
    judgeModel: z.string(),
    systemPromptVersion: z.string(),
    conversationMode: z.enum(['stateful', 'stateless']).optional(),
  }),
  summary: z.object({
    totalPrompts: integer.nonnegative(),
    scoredPrompts: integer.nonnegative(),
    averageDcs: integer.min(0).max(100),
    drfr: integer.min(0).max(100),
    statusCounts: z.record(status, integer.nonnegative()),
  }),
  results: z.array(row),
});
