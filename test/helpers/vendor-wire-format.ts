import type { FakeMessage } from './fake-openai-types.js';

/** The API family a request to the fake server was addressed to, decided by its path. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini';

/** Decides a request's format from its method and path, and reads the model that a Gemini path names. */
export function wireFormatOf(method: string, pathname: string): { format: WireFormat; model?: string; streamed?: boolean } | undefined {
  if (method !== 'POST') return undefined;
  if (pathname === '/v1/chat/completions') return { format: 'openai' };
  if (pathname === '/v1/messages') return { format: 'anthropic' };
  const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(pathname);
  if (gemini) return { format: 'gemini', model: decodeURIComponent(gemini[1]!), streamed: gemini[2] === 'streamGenerateContent' };
  return undefined;
}

/**
 * Reads the conversation of an Anthropic or Gemini request body in OpenAI's shape, so that routing
 * and scripted models read every format the same way: the system prompt first, `model` turns
 * as `assistant`, and text parts joined into one string.
 */
export function messagesOf(format: WireFormat, body: Record<string, unknown> | undefined): FakeMessage[] | undefined {
  if (!body) return undefined;
  if (format === 'anthropic') {
    if (!Array.isArray(body['messages'])) return undefined;
    const system = textOf(body['system']);
    const turns = (body['messages'] as Record<string, unknown>[]).map((message) => ({
      role: String(message['role']),
      content: textOf(message['content']),
    }));
    return system === '' ? turns : [{ role: 'system', content: system }, ...turns];
  }
  if (format === 'gemini') {
    if (!Array.isArray(body['contents'])) return undefined;
    const system = textOf((body['systemInstruction'] as { parts?: unknown } | undefined)?.parts);
    const turns = (body['contents'] as Record<string, unknown>[]).map((content) => ({
      role: content['role'] === 'model' ? 'assistant' : String(content['role']),
      content: textOf(content['parts']),
    }));
    return system === '' ? turns : [{ role: 'system', content: system }, ...turns];
  }
  return Array.isArray(body['messages']) ? (body['messages'] as FakeMessage[]) : undefined;
}

/** Text of a string, or of a list of Anthropic `{type: 'text', text}` or Gemini `{text}` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((part: { text?: unknown; thought?: unknown }) => (typeof part?.text === 'string' && part.thought !== true ? [part.text] : []))
    .join('');
}
