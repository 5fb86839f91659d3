import { z } from 'zod';

/*
 * Messages of the custom issues below start after the field name, because
 * `describeModuleIssue` puts the name in front: `id must be kebab-case ...`.
 */

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Trimmed text that is not empty once trimmed. */
const text = z.string().trim().min(1);

// Our scenario ids are kebab-case, and imported scenarios share their id space.
const scenarioId = z.string().superRefine((value, context) => {
  if (!kebabCase.test(value)) {
    context.addIssue({
      code: 'custom',
      input: value,
      message: `must be kebab-case (lowercase letters and digits joined by single hyphens, such as "harbour-01"); got ${JSON.stringify(value)}`,
    });
  }
});

// Other tools' export round-trips sometimes turn numbers into strings such as "3".
const levelNumber = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
  z
    .number()
    .min(1)
    .max(5)
    // Unlike `.int()`, whose issue stops the checks of the enclosing array (zod 4.6), this lets the repeated-level check run.
    .superRefine((value, context) => {
      if (!Number.isInteger(value)) {
        context.addIssue({ code: 'custom', input: value, message: `must be a whole number; got ${value}` });
      }
    }),
);

const escalationPrompt = z.object({
  level: levelNumber,
  // The loader does not use `label`, so a prompt without one still loads.
  label: z.string().optional(),
  prompt: text,
});

/** Five escalation prompts that give each of levels 1 to 5 once, in any order. */
const escalationPrompts = z
  .array(escalationPrompt)
  .length(5)
  .superRefine(
    (entries: unknown[], context) => {
      const firstIndexOfLevel = new Map<number, number>();
      for (const [index, entry] of entries.entries()) {
        const level = typeof entry === 'object' && entry !== null ? (entry as { level?: unknown }).level : undefined;

        // A missing or invalid level already has its own issue.
        if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 5) {
          continue;
        }

        const firstIndex = firstIndexOfLevel.get(level);
        if (firstIndex === undefined) {
          firstIndexOfLevel.set(level, index);
        } else {
          context.addIssue({
            code: 'custom',
            path: [index, 'level'],
            input: level,
            message: `${level} is also given by escalationPrompts[${firstIndex}]; give each of levels 1 to 5 once`,
          });
        }
      }
    },
    // Check for repeated levels even when some entry has other problems, so that every problem is listed.
    { when: (payload) => Array.isArray(payload.value) },
  );

const moduleScenario = z.object({
  id: scenarioId,
  title: text,
  category: text,
  description: text,
  systemContext: text,
  escalationPrompts,
});

/**
 * Zod schema of one DystopiaBench scenario module file.
 *
 * Fields the loader does not use, such as `primaryMechanism` or `provenance`, are allowed and
 * dropped. Strings are trimmed, and a level given as a string of digits is read as a number.
 */
export const moduleSchema = z.object({
  id: text,
  label: text,
  description: text,
  scenarios: z.array(moduleScenario).min(1),
});

/** A validated DystopiaBench scenario module. */
export type DystopiaModule = z.output<typeof moduleSchema>;

/** One scenario of a validated DystopiaBench module. */
export type DystopiaScenario = DystopiaModule['scenarios'][number];
