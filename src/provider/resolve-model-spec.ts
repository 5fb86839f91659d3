import { ConfigError } from '../error/index.js';
import { redactSecrets } from './redact-secrets.js';
import type { DeclaredModel, ModelDefinition } from './model-definition.js';
import { ggufModelDefinition } from './gguf/index.js';
import { isPresetName, providerPresets, type ProviderPreset } from './provider-presets.js';

const defaultOpenAIBaseURL = 'https://api.openai.com/v1';
const defaultOpenRouterBaseURL = 'https://openrouter.ai/api/v1';
const defaultAnthropicBaseURL = 'https://api.anthropic.com/v1';
const defaultGoogleBaseURL = 'https://generativelanguage.googleapis.com/v1beta';
const defaultOllamaHost = 'http://127.0.0.1:11434';

const nativeProviders = ['openai', 'openrouter', 'anthropic', 'google', 'ollama'];
/** Every provider a spec prefix or a declared model's `provider:` may name. */
export const providerNames: readonly string[] = [...nativeProviders, ...Object.keys(providerPresets)];

const supportedForms = `openai:MODEL, openrouter:VENDOR/MODEL, anthropic:MODEL, google:MODEL, ollama:MODEL, gguf:PATH, gguf:hf:OWNER/REPO/FILE.gguf, PRESET:MODEL with PRESET one of ${Object.keys(providerPresets).join(', ')}, or a name declared under models: in complicity.config.yaml`;

type Env = Record<string, string | undefined>;

/**
 * Turns a model spec into everything needed to call the model.
 *
 * A name declared in the config file wins over the prefix forms, so a declared model may be
 * called `openai:my-proxy` if the user wants.
 */
export function resolveModelSpec(
  spec: string,
  { declaredModels = {}, env = process.env }: { declaredModels?: Record<string, DeclaredModel>; env?: Env } = {},
): ModelDefinition {
  // An own-property check, so a spec such as `constructor` is not read from Object.prototype.
  const declared = Object.hasOwn(declaredModels, spec) ? declaredModels[spec] : undefined;
  if (declared) return fromDeclaration(spec, declared, env);

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

  const definition = definitionOfProvider({ spec, provider: prefix, modelId, env });
  if (!definition) {
    throw new ConfigError({ message: `Unknown provider "${prefix}" in model spec "${spec}". Use ${supportedForms}.` });
  }
  return definition;
}

/** Resolves a `PROVIDER:MODEL` spec, or returns undefined for an unknown provider. */
function definitionOfProvider({
  spec,
  provider,
  modelId,
  env,
}: {
  spec: string;
  provider: string;
  modelId: string;
  env: Env;
}): ModelDefinition | undefined {
  const common = { spec, modelId, parameters: {}, structuredOutputs: true };
  switch (provider) {
    case 'openai': {
      const baseURL = urlVariable(env, 'OPENAI_BASE_URL');
      // A compatible server at a custom OPENAI_BASE_URL often needs no key (vLLM, llama.cpp).
      return {
        ...common,
        provider: 'openai',
        baseURL: baseURL ?? defaultOpenAIBaseURL,
        apiKeyEnv: 'OPENAI_API_KEY',
        ...(baseURL ? { apiKeyOptional: true } : {}),
      };
    }
    case 'openrouter':
      return {
        ...common,
        provider: 'openrouter',
        baseURL: urlVariable(env, 'OPENROUTER_BASE_URL') ?? defaultOpenRouterBaseURL,
        apiKeyEnv: 'OPENROUTER_API_KEY',
      };
    case 'anthropic':
      return {
        ...common,
        provider: 'anthropic',
        baseURL: trimSlashes(urlVariable(env, 'ANTHROPIC_BASE_URL') ?? defaultAnthropicBaseURL),
        apiKeyEnv: 'ANTHROPIC_API_KEY',
      };
    case 'google':
      return {
        ...common,
        provider: 'google',
        baseURL: trimSlashes(urlVariable(env, 'GOOGLE_GENERATIVE_AI_BASE_URL') ?? defaultGoogleBaseURL),
        apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
      };
    case 'ollama':
      return {
        ...common,
        provider: 'ollama',
        baseURL: `${ollamaHost(env)}/v1`,
      };
    case 'gguf':
      return ggufModelDefinition(spec, modelId, { env });
    default: {
      if (!isPresetName(provider)) return undefined;
      const preset: ProviderPreset = providerPresets[provider];
      return {
        ...common,
        provider: 'compatible',
        preset: provider,
        baseURL: trimSlashes(urlVariable(env, preset.baseURLEnv) ?? preset.baseURL),
        apiKeyEnv: preset.apiKeyEnv,
        ...(preset.apiKeyOptional ? { apiKeyOptional: true } : {}),
        structuredOutputs: preset.structuredOutputs,
        ...(preset.seedField ? { seedField: preset.seedField } : {}),
      };
    }
  }
}

function fromDeclaration(spec: string, declared: DeclaredModel, env: Env): ModelDefinition {
  const modelId = declared.model ?? spec;
  const base = declared.provider ? definitionOfProvider({ spec, provider: declared.provider, modelId, env }) : undefined;
  if (declared.provider && !base) {
    throw new ConfigError({
      message: `Model "${spec}" in complicity.config.yaml names an unknown provider "${declared.provider}". Use one of ${providerNames.join(', ')}.`,
    });
  }
  const baseURL = declared.baseURL === undefined ? base?.baseURL : trimSlashes(declared.baseURL);
  if (baseURL === undefined) {
    throw new ConfigError({ message: `Model "${spec}" in complicity.config.yaml needs a baseURL or a provider.` });
  }

  const apiKeyEnv = declared.apiKeyEnv ?? base?.apiKeyEnv;
  return dropUndefined({
    spec,
    provider: base?.provider ?? 'compatible',
    preset: base?.preset,
    modelId,
    baseURL,
    apiKeyEnv,
    // A key variable the user declared is one the endpoint needs.
    apiKeyOptional: declared.apiKeyEnv === undefined ? base?.apiKeyOptional : undefined,
    headers: declared.headers,
    parameters: declared.parameters ?? {},
    reasoning: declared.reasoning,
    providerRouting: declared.providerRouting,
    extraBody: declared.extraBody,
    structuredOutputs: declared.structuredOutputs ?? base?.structuredOutputs ?? true,
    contextTokens: declared.contextTokens,
    seedField: base?.seedField,
  });
}

/** Reads a variable, trimmed. Unset and blank read the same. */
function variable(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** Reads a base URL variable, which must hold an http or https URL, so a typo fails before any call. */
function urlVariable(env: Env, name: string): string | undefined {
  const value = variable(env, name);
  return value === undefined ? undefined : checkedURL(name, value);
}

/** Reads OLLAMA_HOST, with or without a scheme, and checks it like a base URL. */
function ollamaHost(env: Env): string {
  const value = variable(env, 'OLLAMA_HOST');
  if (value === undefined) return defaultOllamaHost;
  checkedURL('OLLAMA_HOST', value, normaliseHost(value));
  return normaliseHost(value);
}

/** Returns `value` when `url` (by default the value itself) is an http or https URL; throws `ConfigError` naming the variable otherwise. */
function checkedURL(name: string, value: string, url = value): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError({
      message: `${name} must be an http or https URL, such as http://127.0.0.1:8000/v1, got "${redactSecrets(value)}". Fix it, or unset it to use the default.`,
    });
  }
  return value;
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Accepts OLLAMA_HOST with or without a scheme, as the Ollama CLI does (`0.0.0.0:11434`). */
function normaliseHost(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `http://${host}`;
  return trimSlashes(withScheme);
}

/** Leaves out fields that are undefined, so a definition compares equal to one written without them. */
function dropUndefined(definition: ModelDefinition): ModelDefinition {
  return Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined)) as unknown as ModelDefinition;
}
