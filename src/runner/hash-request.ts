import { createHash } from 'node:crypto';
import type { ChatMessage } from '../provider/index.js';

/**
 * SHA-256 of what a model call sends: endpoint, model, system prompt and messages. Stored with
 * each turn, it proves on resume that the stored reply answers exactly the request that would be
 * sent again.
 */
export function hashRequest({
  provider,
  modelId,
  system,
  messages,
}: {
  provider: string;
  modelId: string;
  system: string | undefined;
  messages: readonly ChatMessage[];
}): string {
  return createHash('sha256')
    .update(JSON.stringify({ provider, modelId, system: system ?? null, messages: messages.map(({ role, content }) => [role, content]) }))
    .digest('hex');
}

/**
 * Hashes the requests of one conversation as `hashRequest` does, serialising each message once.
 * Each level's request repeats the messages before it, so hashing every request from the start
 * serialised and hashed them again at every level. A request whose earlier messages are not the
 * same objects as in the last request is hashed from the start.
 */
export function createRequestHasher({
  provider,
  modelId,
  system,
}: {
  provider: string;
  modelId: string;
  system: string | undefined;
}): (messages: readonly ChatMessage[]) => string {
  const head = JSON.stringify({ provider, modelId, system: system ?? null });
  // The hash of every message before the last of the latest request, kept open for the next one.
  const hash = createHash('sha256').update(`${head.slice(0, -1)},"messages":[`);
  const hashed: ChatMessage[] = [];
  const piece = ({ role, content }: ChatMessage, index: number) => `${index > 0 ? ',' : ''}${JSON.stringify([role, content])}`;

  return (messages) => {
    if (messages.length === 0 || hashed.some((message, index) => messages[index] !== message) || hashed.length >= messages.length) {
      return hashRequest({ provider, modelId, system, messages });
    }
    for (let index = hashed.length; index < messages.length - 1; index++) {
      hash.update(piece(messages[index]!, index));
      hashed.push(messages[index]!);
    }
    const last = messages.length - 1;
    return hash
      .copy()
      .update(`${piece(messages[last]!, last)}]}`)
      .digest('hex');
  };
}
