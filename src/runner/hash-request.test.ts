import { describe, expect, it } from 'vitest';

import type { ChatMessage } from '../provider/index.js';
import { createRequestHasher, hashRequest } from './hash-request.js';

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

describe('createRequestHasher', () => {
  const { provider, modelId, system } = request;

  it('hashes a growing conversation as hashRequest does', () => {
    const hash = createRequestHasher({ provider, modelId, system });
    const history: ChatMessage[] = [];
    for (const level of [1, 2, 3, 4, 5]) {
      const messages = [...history, { role: 'user' as const, content: `Level ${level}: "quoted" \u2014 text ✓` }];
      expect(hash(messages), `level ${level}`).toBe(hashRequest({ provider, modelId, system, messages }));
      history.push(messages.at(-1)!, { role: 'assistant', content: `Reply ${level}\nwith a new line` });
    }
  });

  it('keeps the hash of stored runs', () => {
    const hash = createRequestHasher({ provider, modelId, system });
    hash(request.messages.slice(0, 1));

    expect(hash(request.messages)).toBe('59f8db5adcae8712aa3000fd7421114badb117e06ec24bfd5861dcaec7c0d45a');
  });

  it('hashes from the start when earlier messages change', () => {
    const hash = createRequestHasher({ provider, modelId, system: undefined });
    hash(request.messages);
    const changed = [
      { role: 'user' as const, content: 'Another start.' },
      ...request.messages.slice(1),
      { role: 'user' as const, content: 'Next.' },
    ];

    expect(hash(changed)).toBe(hashRequest({ provider, modelId, system: undefined, messages: changed }));
  });

  it('hashes the same request twice alike', () => {
    const hash = createRequestHasher({ provider, modelId, system });

    expect(hash(request.messages)).toBe(hash(request.messages));
    expect(hash([])).toBe(hashRequest({ provider, modelId, system, messages: [] }));
  });
});
