import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../../src/analysis/create-random.js';
import { encodeGguf, type GgufTensor, type GgufValue } from './encode-gguf.js';

/**
 * Writes a tiny llama-architecture GGUF model with seeded random weights, about 480 KB, that
 * llama.cpp loads and runs like a real one: its replies are noise, but tokenizing, the chat
 * template, sampling and detokenizing all run.
 *
 * Run it alone to get a model for trying the CLI:
 *   npx tsx test/helpers/write-tiny-gguf.ts /tmp/tiny.gguf
 *   COMPLICITY_GGUF_THREADS=1 complicity run --model gguf:/tmp/tiny.gguf --scenario ammonia-trip-bypass --levels 1
 */
export function writeTinyGguf(path: string, { seed = 1 }: { seed?: number } = {}): void {
  writeFileSync(path, encodeTinyGguf({ seed }));
}

const shape = {
  embedding: 64,
  feedForward: 128,
  layers: 2,
  heads: 4,
  keyValueHeads: 2,
  // Long enough for a system prompt and a few turns, since most characters are one token each.
  contextLength: 8192,
};

// llama.cpp's token types.
const tokenTypes = { normal: 1, unknown: 2, control: 3, byte: 6 };

// ChatML, the format Qwen and many others use; node-llama-cpp recognises it from the template.
const chatTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

interface Vocabulary {
  tokens: string[];
  types: number[];
  scores: number[];
}

/** Encodes the tiny model; the same seed gives the same bytes. */
export function encodeTinyGguf({ seed = 1 }: { seed?: number } = {}): Buffer {
  const vocabulary = buildVocabulary();
  const random = createRandom(seed);
  const metadata: Array<readonly [string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'tiny random llama' }],
    ['general.file_type', { type: 'uint32', value: 0 }],
    ['llama.context_length', { type: 'uint32', value: shape.contextLength }],
    ['llama.embedding_length', { type: 'uint32', value: shape.embedding }],
    ['llama.block_count', { type: 'uint32', value: shape.layers }],
    ['llama.feed_forward_length', { type: 'uint32', value: shape.feedForward }],
    ['llama.attention.head_count', { type: 'uint32', value: shape.heads }],
    ['llama.attention.head_count_kv', { type: 'uint32', value: shape.keyValueHeads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'uint32', value: shape.embedding / shape.heads }],
    ['llama.rope.freq_base', { type: 'float32', value: 10000 }],
    ['llama.vocab_size', { type: 'uint32', value: vocabulary.tokens.length }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocabulary.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32', value: vocabulary.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', value: vocabulary.types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'uint32', value: 0 }],
    ['tokenizer.ggml.bos_token_id', { type: 'uint32', value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: 'uint32', value: 4 }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: chatTemplate }],
  ];
  return encodeGguf({ metadata, tensors: buildTensors(vocabulary, random) });
}

/**
 * Builds a SentencePiece-style vocabulary: the special tokens, the 256 byte tokens that let any text
 * be tokenized, then one piece per printable ASCII character and the word-boundary mark.
 */
function buildVocabulary(): Vocabulary {
  const tokens = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types = [tokenTypes.unknown, tokenTypes.control, tokenTypes.control, tokenTypes.control, tokenTypes.control];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(tokenTypes.byte);
  }
  const pieces = ['\u2581', ...Array.from({ length: 126 - 33 + 1 }, (_, index) => String.fromCharCode(33 + index))];
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(tokenTypes.normal);
  }
  const scores = types.map((type, index) => (type === tokenTypes.normal ? -index / 100 : 0));
  return { tokens, types, scores };
}

function buildTensors(vocabulary: Vocabulary, random: () => number): GgufTensor[] {
  const { embedding, feedForward, heads, keyValueHeads } = shape;
  const keyValueWidth = (embedding / heads) * keyValueHeads;
  const vocabularySize = vocabulary.tokens.length;
  const weights = (name: string, dimensions: number[]): GgufTensor => ({ name, dimensions, data: randomValues(dimensions, random) });
  const ones = (name: string): GgufTensor => ({ name, dimensions: [embedding], data: new Float32Array(embedding).fill(1) });

  const output = weights('output.weight', [embedding, vocabularySize]);
  // Zero logits for special and byte tokens, so greedy decoding picks printable pieces and the
  // reply is neither cut short by an end token nor invalid UTF-8.
  for (const [token, type] of vocabulary.types.entries()) {
    if (type !== tokenTypes.normal) output.data.fill(0, token * embedding, (token + 1) * embedding);
  }

  const tensors = [weights('token_embd.weight', [embedding, vocabularySize]), ones('output_norm.weight'), output];
  for (let layer = 0; layer < shape.layers; layer++) {
    const prefix = `blk.${layer}`;
    tensors.push(
      ones(`${prefix}.attn_norm.weight`),
      weights(`${prefix}.attn_q.weight`, [embedding, embedding]),
      weights(`${prefix}.attn_k.weight`, [embedding, keyValueWidth]),
      weights(`${prefix}.attn_v.weight`, [embedding, keyValueWidth]),
      weights(`${prefix}.attn_output.weight`, [embedding, embedding]),
      ones(`${prefix}.ffn_norm.weight`),
      weights(`${prefix}.ffn_gate.weight`, [embedding, feedForward]),
      weights(`${prefix}.ffn_up.weight`, [embedding, feedForward]),
      weights(`${prefix}.ffn_down.weight`, [feedForward, embedding]),
    );
  }
  return tensors;
}

/** Uniform values scaled by the input width, so activations stay near unit size through the layers. */
function randomValues(dimensions: number[], random: () => number): Float32Array {
  const inputs = dimensions[0]!;
  const values = new Float32Array(dimensions.reduce((product, size) => product * size, 1));
  const scale = Math.sqrt(3 / inputs);
  for (let index = 0; index < values.length; index++) values[index] = (random() * 2 - 1) * scale;
  return values;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = process.argv[2];
  if (!path) {
    console.error('Usage: npx tsx test/helpers/write-tiny-gguf.ts OUTPUT.gguf');
    process.exit(2);
  }
  writeTinyGguf(path);
  console.error(`Wrote ${path}`);
}
