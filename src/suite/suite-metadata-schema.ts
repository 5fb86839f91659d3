import { z } from 'zod';

import type { SuiteMetadata } from './scenario.js';

/** The name of the file that declares a suite's metadata, read instead of as a scenario. */
export const suiteMetadataFileName = 'suite.yaml';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Zod schema of `suite.yaml`: the suite's name, version, description and canary GUID. */
export const suiteMetadataSchema = z.strictObject({
  name: z.string().trim().min(1),
  version: z.string().trim().min(1),
  description: z.string().trim().min(1).optional(),
  canary: z.string().trim().regex(guid, 'must be a GUID such as 8f1c2a54-7d3e-4b9a-a6f0-2e51c9d07b13'),
}) satisfies z.ZodType<Omit<SuiteMetadata, 'file'>>;
