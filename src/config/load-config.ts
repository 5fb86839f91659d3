import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../error/index.js';
import { parseYamlFile } from '../yaml-file/index.js';
import type { ModelPrice } from '../cost/index.js';
import { providerNames, type DeclaredModel } from '../provider/index.js';

/** The configuration file's name, looked up in the working directory. */
export const configFileName = 'complicity.config.yaml';

const parametersSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});

const reasoningSchema = z.strictObject({
  effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  budgetTokens: z.number().int().positive().optional(),
});

// OpenRouter's provider routing object, under its own field names, so its documentation applies as is.
const providerRoutingSchema = z.strictObject({
  order: z.array(z.string().min(1)).optional(),
  allow_fallbacks: z.boolean().optional(),
  require_parameters: z.boolean().optional(),
  data_collection: z.enum(['allow', 'deny']).optional(),
  zdr: z.boolean().optional(),
  only: z.array(z.string().min(1)).optional(),
  ignore: z.array(z.string().min(1)).optional(),
  quantizations: z.array(z.string().min(1)).optional(),
  sort: z.enum(['price', 'throughput', 'latency']).optional(),
  max_price: z.record(z.string(), z.number().min(0)).optional(),
});

// The app that OpenRouter credits with the calls, sent as its HTTP-Referer and X-Title headers.
const attributionSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
  title: z.string().min(1).optional(),
});

const declaredModelSchema = z
  .strictObject({
    provider: z.enum(providerNames as [string, ...string[]], { error: `must be one of ${providerNames.join(', ')}` }).optional(),
    model: z.string().min(1).optional(),
    baseURL: z.url({ protocol: /^https?$/, error: 'must be an http or https URL, such as http://127.0.0.1:8000/v1' }).optional(),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    headers: z.record(z.string(), z.string()).optional(),
    parameters: parametersSchema.optional(),
    reasoning: reasoningSchema.optional(),
    providerRouting: providerRoutingSchema.optional(),
    attribution: attributionSchema.optional(),
    extraBody: z.record(z.string(), z.unknown()).superRefine(checkSerialisable).optional(),
    structuredOutputs: z.boolean().optional(),
    contextTokens: z.number().int().positive().optional(),
  })
  .superRefine(checkDeclaredModel);

const pricePerMillion = z.number().min(0).max(10_000);

// US dollars per million tokens, as in the providers' price lists.
const priceSchema = z.strictObject({
  input: pricePerMillion,
  output: pricePerMillion,
  reasoning: pricePerMillion.optional(),
  cachedInput: pricePerMillion.optional(),
});

const configSchema = z.strictObject({
  // Null when every model under `models:` is commented out.
  models: z.record(z.string().min(1), declaredModelSchema).nullable().optional(),
  // Keyed by model spec or declared name; a key ending in * covers every spec that starts with the rest.
  prices: z.record(z.string().min(1), priceSchema).nullable().optional(),
});

/** The settings read from `complicity.config.yaml`. */
export interface ComplicityConfig {
  /** The file read, or undefined when there was none. */
  file: string | undefined;
  models: Record<string, DeclaredModel>;
  /** Prices per model spec that add to or replace the bundled ones (`docs/budgets.md`). */
  prices: Record<string, ModelPrice>;
}

/**
 * Reads `complicity.config.yaml` from `path`, or from the working directory when no path is
 * given. A missing default file is not an error; a missing file named explicitly is.
 */
export async function loadConfig({ path, cwd = process.cwd() }: { path?: string; cwd?: string } = {}): Promise<ComplicityConfig> {
  const file = resolve(cwd, path ?? configFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return { file: undefined, models: {}, prices: {} };
    const reason = code === 'ENOENT' ? 'it was not found' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    const fix = `Give --config an existing file, or leave --config out to read ${configFileName} from the working directory.`;
    throw new ConfigError({ message: `Cannot read the config file ${file}: ${reason}. ${fix}`, file, cause: error });
  }

  // A file with nothing but comments configures nothing, like a missing one.
  if (isEmptyDocument(text)) return { file, models: {}, prices: {} };

  const { data, problems } = parseYamlFile({ source: text, file, schema: configSchema });
  if (!data) {
    const listed = problems.map(
      (problem) => `${problem.line ? `line ${problem.line}: ` : ''}${problem.path ? `${problem.path}: ` : ''}${problem.message}`,
    );
    const text = listed.join('; ');
    throw new ConfigError({ message: `Invalid config file ${file}: ${/[.?!]$/.test(text) ? text : `${text}.`}`, file });
  }
  return { file, models: toDeclaredModels(data.models ?? {}), prices: data.prices ?? {} };
}

type ParsedModel = z.infer<typeof declaredModelSchema>;

/** Turns OpenRouter attribution into the headers OpenRouter reads. Headers declared by hand win. */
function toDeclaredModels(models: Record<string, ParsedModel>): Record<string, DeclaredModel> {
  return Object.fromEntries(
    Object.entries(models).map(([name, { attribution, ...model }]) => {
      if (!attribution) return [name, model];
      const headers: Record<string, string> = {};
      if (attribution.url) headers['HTTP-Referer'] = attribution.url;
      if (attribution.title) headers['X-Title'] = attribution.title;
      return [name, { ...model, headers: { ...headers, ...model.headers } }];
    }),
  );
}

/** Rejects a model with neither base URL nor provider, and OpenRouter-only fields on other providers. */
function checkDeclaredModel(
  model: { provider?: string; baseURL?: string; providerRouting?: unknown; attribution?: unknown },
  context: z.core.$RefinementCtx,
): void {
  if (model.provider === undefined && model.baseURL === undefined) {
    context.addIssue({
      code: 'custom',
      input: model,
      path: ['baseURL'],
      message: `is missing: give the URL of an OpenAI-compatible server, or a provider (${providerNames.join(', ')})`,
    });
  }
  for (const field of ['providerRouting', 'attribution'] as const) {
    if (model[field] !== undefined && model.provider !== 'openrouter') {
      context.addIssue({ code: 'custom', input: model[field], path: [field], message: 'applies to provider: openrouter only' });
    }
  }
}

/** Rejects a value that cannot be sent as JSON, such as a map that a YAML alias makes contain itself. */
function checkSerialisable(value: unknown, context: z.core.$RefinementCtx): void {
  try {
    JSON.stringify(value);
  } catch {
    context.addIssue({
      code: 'custom',
      input: value,
      message: 'must be plain data, but a YAML alias (*name) in it refers to a map that contains it',
    });
  }
}

function isEmptyDocument(text: string): boolean {
  try {
    return parse(text) == null;
  } catch {
    // Invalid YAML is reported with its position by parseYamlFile.
    return false;
  }
}
