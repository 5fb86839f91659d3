import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGguf, ggufAlignment } from './encode-gguf.js';

// node-llama-cpp's own GGUF reader checks the encoder independently of llama.cpp.
describe('encodeGguf', () => {
  let folder: string;
  let bytes: Buffer;
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'complicity-encode-gguf-'));
    bytes = encodeGguf({
      metadata: [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['general.name', { type: 'string', value: 'naïve model' }],
        ['llama.block_count', { type: 'uint32', value: 3 }],
        ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 0.5 }],
        ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
        ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', value: [1, -2, 3] }],
        ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: ['a', 'βeta', ''] }],
      ],
      tensors: [
        { name: 'odd.weight', dimensions: [3], data: new Float32Array([1, 2, 3]) },
        { name: 'matrix.weight', dimensions: [2, 2], data: new Float32Array([4, 5, 6, 7]) },
      ],
    });
    writeFileSync(join(folder, 'encoded.gguf'), bytes);
    info = await readGgufFileInfo(join(folder, 'encoded.gguf'), { logWarnings: false });
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes version 3 metadata', () => {
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown>>;

    expect(info.version).toBe(3);
    expect(metadata['general']).toMatchObject({ architecture: 'llama', name: 'naïve model' });
    expect(metadata['llama']).toMatchObject({ block_count: 3, attention: { layer_norm_rms_epsilon: 0.5 } });
    expect(metadata['tokenizer']).toMatchObject({ ggml: { add_bos_token: true, token_type: [1, -2, 3], tokens: ['a', 'βeta', ''] } });
  });

  it('aligns tensor data', () => {
    const [odd, matrix] = info.tensorInfo!;

    expect(odd).toMatchObject({ name: 'odd.weight', dimensions: [3], ggmlType: 0, offset: 0 });
    expect(matrix).toMatchObject({ name: 'matrix.weight', dimensions: [2, 2], ggmlType: 0, offset: ggufAlignment });
    expect(Number(odd!.fileOffset) % ggufAlignment).toBe(0);
  });

  it('stores tensor values', () => {
    const [odd, matrix] = info.tensorInfo!;
    const floatsAt = (offset: number | bigint, count: number) =>
      Array.from({ length: count }, (_, index) => bytes.readFloatLE(Number(offset) + index * 4));

    expect(floatsAt(odd!.fileOffset, 3)).toEqual([1, 2, 3]);
    expect(floatsAt(matrix!.fileOffset, 4)).toEqual([4, 5, 6, 7]);
    expect(bytes.length).toBe(Number(matrix!.fileOffset) + 16);
  });

  it('rejects mismatched dimensions', () => {
    expect(() => encodeGguf({ metadata: [], tensors: [{ name: 'bad', dimensions: [2, 3], data: new Float32Array(5) }] })).toThrow(
      'Tensor bad has 5 values but dimensions 2×3.',
    );
  });
});
