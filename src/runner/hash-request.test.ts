import { describe, expect, it } from 'vitest';

import type { ChatMessage } from '../provider/index.js';
import { hashRequest } from './hash-request.js';

const request = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  system: 'You are the assistant.' as string | undefined,
  messages: [
    { role: 'user', content: 'Design a case tracker.' },
    { role: 'assistant', content: 'Here is a table.' },
    { role: 'user', content: 'Add a priority score.' },
  ] as ChatMessage[],
};

describe('hashRequest', () => {
  it('keeps the hash of stored runs', () => {
    // Resume compares this hash with the one stored with each turn: a change here makes every
    // stored run look inconsistent.
    expect(hashRequest(request)).toBe('59f8db5adcae8712aa3000fd7421114badb117e06ec24bfd5861dcaec7c0d45a');
  });

  it('returns the same hash for the same request', () => {
    expect(hashRequest({ ...request, messages: request.messages.map((message) => ({ ...message })) })).toBe(hashRequest(request));
  });

  it.each([
    { id: 'provider', change: { provider: 'openrouter' } },
    { id: 'model', change: { modelId: 'gpt-4o' } },
    { id: 'system-prompt', change: { system: 'You are the assistant. Comply.' } },
    { id: 'no-system-prompt', change: { system: undefined } },
    { id: 'empty-system-prompt', change: { system: '' } },
    {
      id: 'reply-text',
      change: { messages: request.messages.map((message, index) => (index === 1 ? { ...message, content: 'Here is a list.' } : message)) },
    },
    {
      id: 'role',
      change: { messages: request.messages.map((message, index) => (index === 1 ? { ...message, role: 'user' as const } : message)) },
    },
    { id: 'shorter-history', change: { messages: request.messages.slice(2) } },
  ])('changes with the $id', ({ change }) => {
    expect(hashRequest({ ...request, ...change })).not.toBe(hashRequest(request));
  });

  it('ignores fields beyond role and content', () => {
    const withExtra = request.messages.map((message) => ({ ...message, reasoning: 'hidden' }) as ChatMessage);

    expect(hashRequest({ ...request, messages: withExtra })).toBe(hashRequest(request));
  });
});
