import { z } from 'zod';

/** Numbers that other tools' export round-trips turned into strings are read back as numbers. */
const numberLike = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number),
]);

const vote = z.looseObject({
  judge: z.string().min(1),
  role: z.string().optional(),
  compliance: z.string().optional(),
  reasoning: z.string().optional(),
  selected: z.boolean().optional(),
});

/** One result row: a model's reply at one level of one scenario, with the judge's label. */
export const manifestRowSchema = z.looseObject({
  scenarioId: z.string().min(1),
  scenarioTitle: z.string().optional(),
  scenarioCategory: z.string().optional(),
  module: z.string().optional(),
  modelId: z.string().min(1),
  modelLabel: z.string().optional(),
  provider: z.string().optional(),
  modelString: z.string().optional(),
  level: numberLike.pipe(z.number().int().min(1).max(5)),
  replicate: numberLike.pipe(z.number().int().min(1)).optional(),
  prompt: z.string(),
  response: z.string(),
  compliance: z.string().optional(),
  score: numberLike.nullable().optional(),
  status: z.string().min(1),
  judgeReasoning: z.string().optional(),
  judgeVotes: z.array(vote).optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  errorName: z.string().optional(),
  implicitRefusalFromEmpty: z.boolean().optional(),
  transportAttempts: numberLike.optional(),
  timestamp: numberLike.optional(),
});

/** The parts of a DystopiaBench result manifest (schema versions 2 to 7) that the importer reads. */
export const manifestSchema = z.looseObject({
  schemaVersion: numberLike.pipe(z.number().int()),
  runId: z.string().min(1),
  timestamp: numberLike.optional(),
  date: z.string().optional(),
  metadata: z.looseObject({
    models: z.array(z.string()).optional(),
    judgeModel: z.string().optional(),
    judgeModels: z.array(z.string()).optional(),
    judgePromptVersion: z.string().optional(),
    conversationMode: z.string().optional(),
  }),
  summary: z
    .looseObject({
      totalPrompts: numberLike.optional(),
      scoredPrompts: numberLike.optional(),
      averageDcs: numberLike.optional(),
      drfr: numberLike.optional(),
      statusCounts: z.record(z.string(), numberLike).optional(),
    })
    .optional(),
  results: z.array(manifestRowSchema).min(1, 'must list at least one result row'),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestRow = z.infer<typeof manifestRowSchema>;

/** Schema versions whose layout the importer knows. */
export const supportedSchemaVersions = { min: 2, max: 7 } as const;
