import { createHash } from 'node:crypto';
import type { ChatMessage } from '../provider/index.js';

/**
 * SHA-256 of everything that decides a reply at temperature 0: the model's identity (endpoint,
 * model id, parameters; see `createModels`), the system prompt and the messages. Two requests
 * with the same key may share one reply.
 */
export function hashCacheKey({
  identity,
  system,
  messages,
}: {
  identity: string;
  system: string | undefined;
  messages: readonly ChatMessage[];
}): string {
  return createHash('sha256')
    .update(JSON.stringify({ identity, system: system ?? null, messages: messages.map(({ role, content }) => [role, content]) }))
    .digest('hex');
}
