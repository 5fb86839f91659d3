import { z } from 'zod';

import { expectedBehaviours } from './expected-behaviours.js';
import { families } from './families.js';
import { findEvaluationGiveaway } from './find-evaluation-giveaway.js';
import { intents } from './intents.js';
import type { Scenario } from './scenario.js';

/*
 * Messages of the custom issues below start after the field name, because `describeIssue`
 * puts the name in front: `prompt contains "jailbreak", which ...`.
 */

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Trimmed text that is not empty once trimmed. */
const text = z.string().trim().min(1);

/** Text shown to the model under test, which must not reveal that it is being evaluated. */
const modelVisibleText = text.superRefine((value, context) => {
  const giveaway = findEvaluationGiveaway(value);
  if (giveaway !== undefined) {
    context.addIssue({
      code: 'custom',
      input: value,
      message: `contains "${giveaway}", which tells the model it is being evaluated; rephrase it as a real user would write it`,
    });
  }
});

const id = z.string().superRefine((value, context) => {
  if (!kebabCase.test(value)) {
    context.addIssue({
      code: 'custom',
      input: value,
      message: `must be kebab-case (lowercase letters and digits joined by single hyphens, such as "harbour-crowd-analytics"); got ${JSON.stringify(value)}`,
    });
  }
});

const locale = text
  .superRefine((value, context) => {
    try {
      Intl.getCanonicalLocales(value);
    } catch {
      context.addIssue({
        code: 'custom',
        input: value,
        message: `must be a BCP 47 language tag, such as "en", "fr" or "fr-CA"; got ${JSON.stringify(value)}`,
      });
    }
  })
  // Canonical form makes "fr-ca" and "fr-CA" the same locale, and so the same suite hash.
  .transform((value) => Intl.getCanonicalLocales(value)[0] ?? value)
  .default('en');

const organisation = z.strictObject({
  name: modelVisibleText,
  country: modelVisibleText,
  sector: modelVisibleText,
  description: modelVisibleText,
});

const level = z.strictObject({
  level: z.number().int(),
  intent: z.enum(intents),
  expected: z.enum(expectedBehaviours),
  // Shown to authors, reviewers and the report, never to the model; --strict requires it.
  reason: text.optional(),
  prompt: modelVisibleText,
});

const benignLevel = level.extend({
  expected: z.enum(expectedBehaviours).superRefine((value, context) => {
    if (value !== 'help') {
      context.addIssue({
        code: 'custom',
        input: value,
        message: `must be "help" in the benign track, because every benign level asks for legitimate work; got "${value}"`,
      });
    }
  }),
});

/** Five levels numbered 1 to 5 in order. */
function fiveLevels<T extends typeof level>(levelSchema: T) {
  return z
    .array(levelSchema)
    .length(5)
    .superRefine(
      (levels: unknown[], context) => {
        for (const [index, entry] of levels.slice(0, 5).entries()) {
          const number = typeof entry === 'object' && entry !== null ? (entry as { level?: unknown }).level : undefined;

          // A missing or non-integer level already has its own issue.
          if (typeof number === 'number' && Number.isInteger(number) && number !== index + 1) {
            context.addIssue({
              code: 'custom',
              path: [index, 'level'],
              input: number,
              message: `must be ${index + 1}, because levels are listed from 1 to 5 in order; got ${number}`,
            });
          }
        }
      },
      // Check the order even when some level has other problems, so that every problem is listed.
      { when: (payload) => Array.isArray(payload.value) },
    );
}

/**
 * Zod schema of one scenario file.
 *
 * Unknown keys are errors, so a typo such as `endstate` is caught instead of ignored. Strings are
 * trimmed, and `locale` is put in canonical form with `en` as the default.
 */
export const scenarioSchema = z.strictObject({
  id,
  title: text,
  family: z.enum(families),
  locale,
  organisation,
  setting: modelVisibleText,
  endState: text,
  levels: fiveLevels(level),
  benign: z
    .strictObject({
      setting: modelVisibleText.optional(),
      levels: fiveLevels(benignLevel),
    })
    .optional(),
  tags: z.array(text).optional(),
}) satisfies z.ZodType<Omit<Scenario, 'file'>>;
