import type { Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { ConfigError } from '../../error/index.js';
import { SerialQueue } from './serial-queue.js';

/** Environment variable with the number of CPU threads llama.cpp uses; all cores when unset. */
export const ggufThreadsVariable = 'COMPLICITY_GGUF_THREADS';

// The largest context allocated. A five-level conversation with replies of the default output
// limit fits in about a third of it, and a model trained on 128k tokens would otherwise take
// gigabytes of memory for a cache it never fills.
const maxContextTokens = 16_384;
// llama.cpp messages kept to explain a failed load; it prints nothing itself.
const keptLogLines = 8;

/** A model in memory with the one context sequence its calls take turns on. */
export interface LoadedGgufModel {
  readonly path: string;
  /** `general.name` from the file's metadata. */
  readonly name: string | undefined;
  /** Tokens the context holds: the prompt and the reply together. */
  readonly contextSize: number;
  readonly model: LlamaModel;
  /** The chat over the context's sequence, with the chat template the file carries. */
  readonly chat: LlamaChat;
  /** Serialises calls, since they share one sequence. */
  readonly queue: SerialQueue;
  readonly llama: Llama;
}

let runtime: Promise<{ llama: Llama; logLines: string[] }> | undefined;
const loadedModels = new Map<string, Promise<LoadedGgufModel>>();

/**
 * Loads a GGUF file on the CPU, once per process: every conversation of a run shares the same
 * model, context and chat. Throws `ConfigError` when llama.cpp cannot load the file.
 */
export function loadGgufModel({
  path,
  env = process.env,
}: {
  path: string;
  env?: Record<string, string | undefined>;
}): Promise<LoadedGgufModel> {
  let loaded = loadedModels.get(path);
  if (!loaded) {
    loaded = load(path, env);
    loadedModels.set(path, loaded);
    loaded.catch(() => loadedModels.delete(path));
  }
  return loaded;
}

async function load(path: string, env: Record<string, string | undefined>): Promise<LoadedGgufModel> {
  const { llama, logLines } = await startRuntime(env);
  const { LlamaChat } = await import('node-llama-cpp');
  logLines.length = 0;
  let model: LlamaModel;
  let context: LlamaContext;
  try {
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    context = await model.createContext({ contextSize: { max: maxContextTokens }, sequences: 1 });
  } catch (error) {
    const details = logLines.length > 0 ? ` llama.cpp reported: ${logLines.join(' ')}` : '';
    throw new ConfigError({
      message: `Could not load the model file ${path}: ${errorText(error)}.${details} Check that it is a complete GGUF file of an architecture llama.cpp supports, and that the machine has memory for it.`,
      cause: error,
    });
  }

  const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: 'auto' });
  const name = model.fileInfo.metadata.general?.name;
  return {
    path,
    name: typeof name === 'string' ? name : undefined,
    contextSize: context.contextSize,
    model,
    chat,
    queue: new SerialQueue(),
    llama,
  };
}

/** Starts llama.cpp's CPU build once per process; no GPU is probed and nothing is built or downloaded. */
function startRuntime(env: Record<string, string | undefined>): Promise<{ llama: Llama; logLines: string[] }> {
  runtime ??= (async () => {
    const threads = parseThreads(env[ggufThreadsVariable]);
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    const logLines: string[] = [];
    try {
      const llama = await getLlama({
        gpu: false,
        build: 'never',
        skipDownload: true,
        progressLogs: false,
        maxThreads: threads,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => {
          if (level !== LlamaLogLevel.error && level !== LlamaLogLevel.fatal) return;
          logLines.push(message.trim());
          if (logLines.length > keptLogLines) logLines.shift();
        },
      });
      return { llama, logLines };
    } catch (error) {
      throw new ConfigError({
        message: `The embedded model runtime (node-llama-cpp) could not start on ${process.platform}-${process.arch}: ${errorText(error)}. Reinstall with npm ci so its prebuilt binary package is present, or use a model served over HTTP (ollama:MODEL, openai:MODEL with OPENAI_BASE_URL).`,
        cause: error,
      });
    }
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

function parseThreads(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!/^[1-9]\d*$/.test(text)) {
    throw new ConfigError({ message: `${ggufThreadsVariable} must be a whole number of threads of at least 1, got "${text}".` });
  }
  return Number(text);
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
