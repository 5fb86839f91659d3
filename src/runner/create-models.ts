import {
  createChatModel,
  modelFamily,
  resolveModelSpec,
  type ChatModel,
  type DeclaredModel,
  type ModelDefinition,
} from '../provider/index.js';
import { createOfflineJudge, offlineJudgeSpec, type Judge } from '../judge/index.js';
import type { EndpointRecord } from './run-config.js';

/** Function that turns a resolved model definition into a callable model; tests and embedders may replace it. */
export type ModelFactory = (definition: ModelDefinition) => ChatModel;

export interface ModelSet {
  models: Map<string, ChatModel>;
  /**
   * Identity of each model at temperature 0 (endpoint, model id, parameters): everything besides
   * the messages that shapes its replies, so a later identical request may reuse a stored reply.
   */
  cacheIdentities: Map<string, string>;
  judges: Map<string, Judge>;
  judgeContextTokens: Map<string, number>;
  endpoints: Record<string, EndpointRecord>;
  /** Judges that share a family with a judged model. */
  sameFamilyWarnings: string[];
}

/**
 * Resolves and creates every model and judge of a run before anything is sent, so a missing
 * key or an unknown spec fails at once instead of halfway through.
 */
export function createModels({
  models,
  judges,
  declaredModels,
  env,
  createModel,
  temperature,
}: {
  models: readonly string[];
  judges: readonly string[];
  declaredModels?: Record<string, DeclaredModel>;
  env?: Record<string, string | undefined>;
  createModel?: ModelFactory;
  /** The run's temperature for the judged models, over what their definitions set. */
  temperature?: number;
}): ModelSet {
  const factory: ModelFactory = createModel ?? ((definition) => createChatModel(definition, { env }));
  const endpoints: Record<string, EndpointRecord> = {};
  const judgeContextTokens = new Map<string, number>();

  const build = (spec: string) => {
    const definition = resolveModelSpec(spec, { declaredModels, env });
    endpoints[spec] = { provider: definition.provider, modelId: definition.modelId, host: hostOf(definition.baseURL) };
    return { definition, model: factory(definition) };
  };

  const modelMap = new Map<string, ChatModel>();
  const cacheIdentities = new Map<string, string>();
  for (const spec of models) {
    const { definition, model } = build(spec);
    modelMap.set(spec, model);
    const identity = cacheIdentity(definition, temperature);
    if (identity !== undefined) cacheIdentities.set(spec, identity);
  }
  const judgeMap = new Map<string, Judge>();
  for (const spec of judges) {
    // The offline judge is built in, so it wins over a declared model of the same name.
    if (spec === offlineJudgeSpec) {
      const judge = createOfflineJudge();
      endpoints[spec] = { provider: judge.provider, modelId: judge.modelId, host: 'local' };
      judgeMap.set(spec, judge);
      continue;
    }
    const { definition, model } = build(spec);
    judgeMap.set(spec, model);
    if (definition.contextTokens !== undefined) judgeContextTokens.set(spec, definition.contextTokens);
  }

  return {
    models: modelMap,
    cacheIdentities,
    judges: judgeMap,
    judgeContextTokens,
    endpoints,
    sameFamilyWarnings: findSameFamilyJudges([...modelMap.values()], [...judgeMap.values()]),
  };
}

/** Warns about each judge that shares a family with a model it judges, whose labels may favour its own. */
export function findSameFamilyJudges(
  models: readonly Pick<ChatModel, 'spec' | 'modelId'>[],
  judges: readonly Pick<ChatModel, 'spec' | 'modelId'>[],
): string[] {
  const warnings: string[] = [];
  for (const judge of judges) {
    // The same model judging its own replies is the strongest case of a family judging itself.
    const itself = models.filter((model) => model.spec === judge.spec || model.modelId === judge.modelId).map((model) => model.spec);
    if (itself.length > 0) {
      warnings.push(
        `Judge ${judge.spec} is the same model as ${itself.join(', ')}, which it judges; its labels may favour its own replies. Add a judge of another family to the panel.`,
      );
      continue;
    }
    const family = modelFamily(judge.modelId);
    if (!family) continue;
    const judged = models.filter((model) => modelFamily(model.modelId) === family).map((model) => model.spec);
    if (judged.length === 0) continue;
    warnings.push(
      `Judge ${judge.spec} belongs to the same family (${family}) as the judged model${judged.length > 1 ? 's' : ''} ${judged.join(', ')}; its labels may favour its own family. Add a judge from another family to the panel.`,
    );
  }
  return warnings;
}

/**
 * Describes what shapes a model's replies besides the messages: its whole definition except the
 * spec, the key and headers (which may hold secrets) and the judge-only context size, with the
 * base URL stripped of credentials. Returns undefined unless the model runs at temperature 0,
 * because only then should the same request get the same reply.
 */
function cacheIdentity(definition: ModelDefinition, temperature: number | undefined): string | undefined {
  const parameters = { ...definition.parameters, temperature: temperature ?? definition.parameters.temperature };
  if (parameters.temperature !== 0) return undefined;
  const { spec: _spec, apiKeyEnv: _apiKeyEnv, headers: _headers, contextTokens: _contextTokens, baseURL, ...shaping } = definition;
  let endpoint: string;
  try {
    const url = new URL(baseURL);
    endpoint = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    endpoint = 'invalid-url';
  }
  return JSON.stringify(sortKeys({ ...shaping, endpoint, parameters }));
}

/** Copies a JSON value with every object's keys in order, so equal definitions give equal text. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([first], [second]) => compareCodeUnits(first, second))
      .map(([key, entry]) => [key, sortKeys(entry)]),
  );
}

/** Orders strings by UTF-16 code units, the same on every machine, unlike `localeCompare`. */
function compareCodeUnits(first: string, second: string): number {
  if (first < second) return -1;
  return first > second ? 1 : 0;
}

/** The host and port of a base URL, without credentials or path; `local` for a model file read in process. */
function hostOf(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return url.protocol === 'file:' ? 'local' : url.host;
  } catch {
    return 'invalid-url';
  }
}
