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
