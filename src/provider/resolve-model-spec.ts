import { ConfigError } from '../error/index.js';
import type { DeclaredModel, ModelDefinition } from './model-definition.js';
import { ggufModelDefinition } from './gguf/index.js';

const defaultOpenAIBaseURL = 'https://api.openai.com/v1';
const defaultOpenRouterBaseURL = 'https://openrouter.ai/api/v1';
const defaultOllamaHost = 'http://127.0.0.1:11434';

const supportedForms =
  'openai:MODEL, openrouter:VENDOR/MODEL, ollama:MODEL, gguf:PATH, gguf:hf:OWNER/REPO/FILE.gguf, or a name declared under models: in complicity.config.yaml';

/**
 * Turns a model spec into everything needed to call the model.
 *
 * A name declared in the config file wins over the prefix forms, so a declared model may be
 * called `openai:my-proxy` if the user wants.
 */
export function resolveModelSpec(
  spec: string,
  {
    declaredModels = {},
    env = process.env,
  }: { declaredModels?: Record<string, DeclaredModel>; env?: Record<string, string | undefined> } = {},
): ModelDefinition {
  // An own-property check, so a spec such as `constructor` is not read from Object.prototype.
  const declared = Object.hasOwn(declaredModels, spec) ? declaredModels[spec] : undefined;
  if (declared) return fromDeclaration(spec, declared);

  const colon = spec.indexOf(':');
  if (colon < 0) {
    const names = Object.keys(declaredModels);
    const declaredList = names.length > 0 ? `Declared models: ${names.join(', ')}.` : 'No complicity.config.yaml declares any model.';
    throw new ConfigError({ message: `Unknown model "${spec}". Use ${supportedForms}. ${declaredList}` });
  }

  const prefix = spec.slice(0, colon);
  const modelId = spec.slice(colon + 1).trim();
  if (modelId.length === 0) {
    throw new ConfigError({ message: `Model spec "${spec}" names no model after "${prefix}:".` });
  }

  switch (prefix) {
    case 'openai': {
      const baseURL = env['OPENAI_BASE_URL']?.trim();
      return {
        spec,
        provider: 'openai',
        modelId,
        baseURL: baseURL || defaultOpenAIBaseURL,
        apiKeyEnv: 'OPENAI_API_KEY',
        parameters: {},
        structuredOutputs: true,
      };
    }
    case 'openrouter':
      return {
        spec,
        provider: 'openrouter',
        modelId,
        baseURL: env['OPENROUTER_BASE_URL']?.trim() || defaultOpenRouterBaseURL,
        apiKeyEnv: 'OPENROUTER_API_KEY',
        parameters: {},
        structuredOutputs: true,
      };
    case 'ollama':
      return {
        spec,
        provider: 'ollama',
        modelId,
        baseURL: `${normaliseHost(env['OLLAMA_HOST']?.trim() || defaultOllamaHost)}/v1`,
        parameters: {},
        structuredOutputs: true,
      };
    case 'gguf':
      return ggufModelDefinition(spec, modelId, { env });
    case 'anthropic':
    case 'google':
      // TODO: native adapters wait for the AI SDK's Anthropic and Gemini providers to be added.
      throw new ConfigError({
        message: `${prefix}: models are not supported yet. Reach them through openrouter:${prefix}/MODEL, or declare an OpenAI-compatible gateway in complicity.config.yaml.`,
      });
    default:
      throw new ConfigError({ message: `Unknown provider "${prefix}" in model spec "${spec}". Use ${supportedForms}.` });
  }
}

function fromDeclaration(spec: string, declared: DeclaredModel): ModelDefinition {
  return {
    spec,
    provider: 'compatible',
    modelId: declared.model ?? spec,
    baseURL: declared.baseURL.replace(/\/+$/, ''),
    apiKeyEnv: declared.apiKeyEnv,
    headers: declared.headers,
    parameters: declared.parameters ?? {},
    extraBody: declared.extraBody,
    structuredOutputs: declared.structuredOutputs ?? true,
    contextTokens: declared.contextTokens,
  };
}

/** Accepts OLLAMA_HOST with or without a scheme, as the Ollama CLI does (`0.0.0.0:11434`). */
function normaliseHost(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
  return withScheme.replace(/\/+$/, '');
}
