import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ProviderCallError } from '../../error/index.js';
import { writeTinyGguf } from '../../../test/helpers/write-tiny-gguf.js';
import type { ChatModel, ChatRequest } from '../chat-model.js';
import { createChatModel } from '../create-chat-model.js';
import { resolveModelSpec } from '../resolve-model-spec.js';

// One thread: on a loaded machine llama.cpp's spinning worker threads wait on each other for
// seconds, while one thread runs the tiny model in milliseconds.
const env = { COMPLICITY_GGUF_THREADS: '1' };
const system = 'You keep answers short.';

let folder: string;
let model: ChatModel;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'complicity-gguf-'));
  writeTinyGguf(join(folder, 'tiny.gguf'));
  model = createChatModel(resolveModelSpec(`gguf:${join(folder, 'tiny.gguf')}`, { env }), { env });
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function ask(content: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { system, messages: [{ role: 'user', content }], maxOutputTokens: 12, ...extra };
}

describe('createGgufChatModel', () => {
  it('maps reply into ChatResult', async () => {
    const result = await model.generate(ask('Name three rivers.'));

    expect(model.provider).toBe('gguf');
    expect(model.keyVariable).toBeUndefined();
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('length');
    expect(result.rawFinishReason).toBe('maxTokens');
    expect(result.usage.outputTokens).toBe(12);
    // The tiny vocabulary has one token per character, so the prompt costs at least its characters.
    expect(result.usage.inputTokens).toBeGreaterThan(system.length + 'Name three rivers.'.length);
    expect(result.responseModelId).toBe('tiny random llama');
    expect(result.reasoning).toBeUndefined();
    expect(result.toolCalls).toEqual([]);
  });

  it('repeats itself at temperature 0', async () => {
    const first = await model.generate(ask('Describe the sea.'));
    const second = await model.generate(ask('Describe the sea.'));

    expect(second.text).toBe(first.text);
  });

  it('serialises concurrent calls', async () => {
    const prompts = ['One.', 'Two, longer.', 'Three, the longest of them all.'];
    const alone = [];
    for (const prompt of prompts) alone.push((await model.generate(ask(prompt))).text);

    const together = await Promise.all(prompts.map(async (prompt) => (await model.generate(ask(prompt))).text));

    expect(together).toEqual(alone);
  });

  it('continues a conversation', async () => {
    const opening = await model.generate(ask('Hello.'));
    const followUp = await model.generate({
      system,
      messages: [
        { role: 'user', content: 'Hello.' },
        { role: 'assistant', content: opening.text },
        { role: 'user', content: 'And then?' },
      ],
      maxOutputTokens: 12,
    });

    expect(followUp.usage.inputTokens).toBeGreaterThan(opening.usage.inputTokens! + opening.text.length);
  });

  it('rejects conversation beyond context', async () => {
    const error = await model.generate(ask('x'.repeat(9000))).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: 'bad_request', isRetryable: false });
    expect((error as Error).message).toMatch(/the conversation takes \d+ tokens, more than the model's context of 8192 tokens/);
  });

  it('times out as retryable', async () => {
    const error = await model.generate(ask('Go on.', { maxOutputTokens: 4000, timeoutMs: 1 })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ kind: 'timeout', isRetryable: true });
  });

  it('rethrows abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('run interrupted');
    controller.abort(reason);

    await expect(model.generate(ask('Stop.', { abortSignal: controller.signal }))).rejects.toBe(reason);
  });

  it('reports unloadable file', async () => {
    const broken = join(folder, 'broken.gguf');
    writeFileSync(broken, 'not a model at all');
    const unloadable = createChatModel(resolveModelSpec(`gguf:${broken}`, { env }), { env });

    const error = await unloadable.generate(ask('Hello.')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^Could not load the model file ${broken}: .*GGUF`));
  });

  it('reports missing file', async () => {
    const missing = join(folder, 'missing.gguf');
    const absent = createChatModel(resolveModelSpec(`gguf:${missing}`, { env }), { env });

    await expect(absent.generate(ask('Hello.'))).rejects.toThrow(`Model file ${missing} of gguf:${missing} does not exist.`);
  });
});
