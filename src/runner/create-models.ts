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
}: {
  models: readonly string[];
  judges: readonly string[];
  declaredModels?: Record<string, DeclaredModel>;
  env?: Record<string, string | undefined>;
  createModel?: ModelFactory;
}): ModelSet {
  const factory: ModelFactory = createModel ?? ((definition) => createChatModel(definition, { env }));
  const endpoints: Record<string, EndpointRecord> = {};
  const judgeContextTokens = new Map<string, number>();

  const build = (spec: string) => {
    const definition = resolveModelSpec(spec, { declaredModels, env });
    endpoints[spec] = { provider: definition.provider, modelId: definition.modelId, host: hostOf(definition.baseURL) };
    return { definition, model: factory(definition) };
  };

  const modelMap = new Map(models.map((spec) => [spec, build(spec).model]));
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

/** The host and port of a base URL, without credentials or path; `local` for a model file read in process. */
function hostOf(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return url.protocol === 'file:' ? 'local' : url.host;
  } catch {
    return 'invalid-url';
  }
}
