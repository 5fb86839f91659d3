import type { IncomingMessage } from 'node:http';

import type { FakeMessage, FakeRequest } from './fake-openai-types.js';

/**
 * Reads the request body and parses it as JSON. `complete` is false when the client aborted
 * the upload, in which case `rawBody` contains the part received.
 */
export async function readFakeRequestBody(
  incoming: IncomingMessage,
): Promise<Pick<FakeRequest, 'rawBody' | 'body' | 'model' | 'messages'> & { complete: boolean }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of incoming) {
      chunks.push(chunk as Buffer);
    }
  } catch {
    // An aborted upload rejects with ECONNRESET. The part received is still worth recording.
  }

  const rawBody = Buffer.concat(chunks).toString('utf8');
  const body = parseJsonObject(rawBody);
  return {
    rawBody,
    body,
    model: typeof body?.model === 'string' ? body.model : undefined,
    messages: Array.isArray(body?.messages) ? (body.messages as FakeMessage[]) : undefined,
    complete: incoming.complete,
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  return value as Record<string, unknown>;
}
