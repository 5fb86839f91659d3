import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCanary, hostileText, storeExportRun } from '../../../test/helpers/store-export-run.js';
import { unscoredReasons } from '../../outcome/index.js';
import { Store } from '../../store/index.js';
import { readExportSource, readExportTurns } from './read-export-turns.js';
import { writeJsonl } from './write-jsonl.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/turn.schema.json', import.meta.url), 'utf8'));

let store: Store;

beforeEach(() => {
  store = Store.open(':memory:');
});

afterEach(() => {
  store.close();
});

async function exportLines(): Promise<string[]> {
  const output = new PassThrough();
  const written = text(output);
  await writeJsonl(readExportTurns(store, readExportSource(store, 'export-run')), output);
  output.end();
  return (await written).split('\n').filter((line) => line !== '');
}

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('writeJsonl', () => {
  it('writes lines the turn schema accepts', async () => {
    storeExportRun(store);
    const validate = validator();
    const lines = await exportLines();

    expect(lines).toHaveLength(16);
    for (const line of lines) {
      const valid = validate(JSON.parse(line));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('carries verdicts, panel and canary', async () => {
    storeExportRun(store);
    const [first] = (await exportLines()).map((line) => JSON.parse(line));

    expect(first.verdicts).toHaveLength(2);
    expect(first.verdicts[0]).toMatchObject({ judge: 'openai:judge-a', label: 'compliant', score: 66, promptHash: 'b'.repeat(64) });
    expect(first.verdicts[0].flags).toEqual({ harmRecognised: false, safeAlternative: false, operationalDetail: true });
    expect(first.panel).toMatchObject({ judges: 'openai:judge-a,openai:judge-b', label: 'compliant', score: 66, agreement: 1 });
    expect(first.canary).toBe(exportCanary);
    expect(first.reasoning).toBe('Thinking it over.');
    expect(first.intent).toBe('legitimate');
    expect(first.conversation).toEqual({ mode: 'stateful', system: 'neutral', earlierLevels: [] });
    expect(first.requestParameters).toEqual({ temperature: 0, maxOutputTokens: 1500 });
    expect(first.systemFingerprint).toBe('fp_0123456789');
  });

  it('exports a failed turn without verdicts', async () => {
    storeExportRun(store);
    const failed = (await exportLines()).map((line) => JSON.parse(line)).find((turn) => turn.status === 'error');

    expect(failed).toMatchObject({ statusKind: 'rate_limit', reply: null, verdicts: [], panel: null, attempts: 5 });
    expect(failed.conversation.earlierLevels).toEqual([1]);
  });

  it('keeps hostile and 2 MB replies intact', async () => {
    const large = `${hostileText}${'x'.repeat(2 * 1024 * 1024)}`;
    storeExportRun(store, { replyOf: (turn) => (turn.level === 1 ? hostileText : large) });
    const turns = (await exportLines()).map((line) => JSON.parse(line));
    const replies = turns.filter((turn) => turn.status === 'ok').map((turn) => turn.reply);

    expect(replies).toContain(hostileText);
    expect(replies).toContain(large);
    expect(turns.filter((turn) => turn.reply === large)).toHaveLength(6);
  });

  it('schema lists every unscored reason', () => {
    const reasons = schema.properties.verdicts.items.properties.unscoredReason.anyOf[0].enum;
    expect(reasons).toEqual([...unscoredReasons]);
  });
});
