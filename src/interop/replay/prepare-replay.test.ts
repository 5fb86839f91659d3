import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { ImportError, UsageError } from '../../error/index.js';
import { prepareReplay, type PreparedReplay } from './prepare-replay.js';
import type * as replayServer from './start-replay-server.js';
import { startReplayServer } from './start-replay-server.js';

// A spy on the real server, so a test can check that nothing was started.
vi.mock('./start-replay-server.js', async (importOriginal) => {
  const actual = await importOriginal<typeof replayServer>();
  return { ...actual, startReplayServer: vi.fn(actual.startReplayServer) };
});

const fixtures = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/runs', import.meta.url));
const quayside = 'valid/quayside-schema2.json';
const tollgate = 'valid/tollgate-schema6.json';

function keyOf(file: string): string {
  return createHash('sha256')
    .update(readFileSync(join(fixtures, file)))
    .digest('hex')
    .slice(0, 12);
}

/** Calls `prepareReplay` expecting it to fail, and returns the error. */
async function prepareError(options: Parameters<typeof prepareReplay>[0]): Promise<unknown> {
  return prepareReplay(options).then(
    async (replay) => {
      await replay.close();
      throw new Error('prepareReplay succeeded');
    },
    (error: unknown) => error,
  );
}

describe('prepareReplay', () => {
  const prepared: PreparedReplay[] = [];

  async function prepare(options: Parameters<typeof prepareReplay>[0]): Promise<PreparedReplay> {
    const replay = await prepareReplay({ cwd: fixtures, ...options });
    prepared.push(replay);
    return replay;
  }

  afterEach(async () => {
    for (const replay of prepared.splice(0)) await replay.close();
    vi.mocked(startReplayServer).mockClear();
  });

  describe('without replay specs', () => {
    it('passes the specs through and starts nothing', async () => {
      const replay = await prepare({ models: ['openai:gpt-4o-mini', 'local-model'], judges: ['openai:gpt-4o'] });

      expect(replay.models).toEqual(['openai:gpt-4o-mini', 'local-model']);
      expect(replay.judges).toEqual(['openai:gpt-4o']);
      expect(replay.declaredModels).toEqual({});
      expect(startReplayServer).not.toHaveBeenCalled();
      await expect(replay.close()).resolves.toBeUndefined();
    });

    it('rejects --judge recorded', async () => {
      const error = await prepareError({ models: ['openai:gpt-4o-mini'], judges: ['recorded'], cwd: fixtures });

      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe(
        '--judge recorded takes the labels recorded with replayed replies: add a --model replay:FILE.',
      );
      expect(startReplayServer).not.toHaveBeenCalled();
    });
  });

  describe('replay specs', () => {
    it('expands replay:FILE to every recorded model, in place', async () => {
      const replay = await prepare({ models: ['openai:gpt-4o-mini', `replay:${quayside}`, 'local-model'], judges: [] });

      expect(replay.models).toEqual(['openai:gpt-4o-mini', `replay:${quayside}#model-a`, `replay:${quayside}#model-b`, 'local-model']);
    });

    it('declares each replayed model on the loopback server', async () => {
      const replay = await prepare({ models: [`replay:${quayside}`], judges: [] });
      const key = keyOf(quayside);

      expect(Object.keys(replay.declaredModels)).toEqual([`replay:${quayside}#model-a`, `replay:${quayside}#model-b`]);
      expect(replay.declaredModels[`replay:${quayside}#model-b`]).toEqual({
        model: `${key}#model-b`,
        baseURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/) as string,
        structuredOutputs: false,
      });
    });

    it('keeps replay:FILE#MODEL as given', async () => {
      const replay = await prepare({ models: [`replay:${quayside}#model-b`], judges: [] });

      expect(replay.models).toEqual([`replay:${quayside}#model-b`]);
      expect(Object.keys(replay.declaredModels)).toEqual([`replay:${quayside}#model-b`]);
    });

    it('rejects an unrecorded model', async () => {
      const error = await prepareError({ models: [`replay:${quayside}#model-z`], judges: [], cwd: fixtures });

      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe(`${quayside} records no model "model-z". Recorded models: model-a, model-b.`);
      expect(startReplayServer).not.toHaveBeenCalled();
    });

    it('serves every file from one server', async () => {
      const replay = await prepare({ models: [`replay:${quayside}`, `replay:${tollgate}`, `replay:${quayside}#model-a`], judges: [] });

      expect(startReplayServer).toHaveBeenCalledTimes(1);
      expect(new Set(Object.values(replay.declaredModels).map((model) => model.baseURL)).size).toBe(1);
      expect(replay.declaredModels[`replay:${tollgate}#model-d`]?.model).toBe(`${keyOf(tollgate)}#model-d`);
    });

    it('reads files relative to the working directory', async () => {
      const replay = await prepare({ models: [`replay:${tollgate}`], judges: [], cwd: fixtures });
      expect(replay.models).toEqual([`replay:${tollgate}#model-d`]);
    });

    it('names an unreadable file as given', async () => {
      const error = await prepareError({ models: ['replay:valid/gone.json'], judges: [], cwd: fixtures });

      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).message).toBe('Cannot import valid/gone.json: cannot read the recording (ENOENT)');
      expect(startReplayServer).not.toHaveBeenCalled();
    });

    it('declares the recorded judge on the same server', async () => {
      const replay = await prepare({ models: [`replay:${tollgate}`], judges: ['recorded', 'openai:gpt-4o'] });

      expect(replay.judges).toEqual(['recorded', 'openai:gpt-4o']);
      expect(replay.declaredModels.recorded).toEqual({
        model: 'recorded',
        baseURL: replay.declaredModels[`replay:${tollgate}#model-d`]?.baseURL,
        structuredOutputs: false,
      });
    });

    it('declares no judge unless asked', async () => {
      const replay = await prepare({ models: [`replay:${tollgate}`], judges: [] });
      expect(replay.declaredModels.recorded).toBeUndefined();
    });

    it('answers a declared model with its recorded reply', async () => {
      const replay = await prepare({ models: [`replay:${quayside}#model-a`], judges: [] });
      const declared = replay.declaredModels[`replay:${quayside}#model-a`]!;

      const response = await fetch(`${declared.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: declared.model,
          messages: [{ role: 'user', content: "Summarise last week's berth bookings by vessel size." }],
        }),
      });
      const body = (await response.json()) as { choices: { message: { content: string } }[] };

      expect(response.status).toBe(200);
      expect(body.choices[0]?.message.content).toBe('Here is the summary by vessel size: small 12, medium 7, large 3.');
    });

    it('stops the server on close', async () => {
      const replay = await prepareReplay({ models: [`replay:${tollgate}`], judges: [], cwd: fixtures });
      const baseURL = replay.declaredModels[`replay:${tollgate}#model-d`]!.baseURL;

      await replay.close();

      await expect(fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{}' })).rejects.toThrow();
    });
  });
});
