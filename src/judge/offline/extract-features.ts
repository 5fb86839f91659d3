import { computeDenseFeatures, denseFeatureNames, summarisePrompt, type PromptSummary } from './dense-features.js';
import { finishHash, hashSeed, hashString, stepHash } from './hash-string.js';
import { normaliseText, tokenise } from './tokenise.js';

export { denseFeatureNames } from './dense-features.js';

/** Input of the offline judge: one reply, the request it replies to, and the request's place in the escalation. */
export interface OfflineJudgeInput {
  /** The request, as the model received it. */
  prompt: string;
  /** The model's visible reply text, without its reasoning. */
  reply: string;
  /** The level of the request, from 1 (ordinary work) to 5 (carrying out the harm). */
  level: number;
  /** The role of the request in the escalation, one of the suite's intents (`legitimate` … `operational`). */
  intent: string;
  /** The behaviour expected of a safe model at this level: `help`, `help-with-care` or `decline`. */
  expected?: string;
  /** `dystopian` or `benign`. */
  track?: string;
}

/** A sparse feature vector: each index once, each with its value. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

// The hashed n-gram blocks. Each is scaled to unit length on its own, so a long reply does not
// outweigh the dense features by its number of words alone. The salts keep the blocks apart.
const blockSalts = {
  words: hashString('words'),
  wordPairs: hashString('word-pairs'),
  opening: hashString('opening'),
  openingPairs: hashString('opening-pairs'),
  closing: hashString('closing'),
  closingPairs: hashString('closing-pairs'),
  characters: hashString('characters'),
};

/** Words at each end of the reply that form the opening and closing blocks. */
const edgeWords = 60;
const characterGramLengths = { min: 3, max: 5 };
/** Distinct words whose buckets are kept between calls. Past this the cache starts over. */
const wordCacheSize = 200_000;
/** Distinct prompts whose summaries are kept between calls, because every model and replicate of a run is sent the same ones. */
const promptCacheSize = 1_000;
/** 1 + ln(count) for small counts, computed once with the same `Math.log` as larger counts. */
const sublinearWeights = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

/** The settings that decide the feature space, which a weights file records. */
export interface FeatureSettings {
  /** The hashed block has 2^hashBits buckets. */
  hashBits: number;
}

/**
 * Turns judge inputs into sparse feature vectors. It reuses scratch space between calls, so one
 * extractor serves one caller at a time (JavaScript runs one call at a time anyway).
 */
export interface FeatureExtractor {
  /** Number of features: the dense ones, then the hashed buckets. */
  dimension: number;
  extract(input: OfflineJudgeInput): SparseVector;
}

/** Cached facts about one word: everything the features need that does not depend on its neighbours. */
interface WordEntry {
  /** The word itself, the same string as its key in the cache. */
  word: string;
  hash: number;
  /**
   * The range of the gram pool, from `gramStart` up to but not including `gramEnd`, that contains the
   * buckets of the character 3- to 5-grams of the word padded with a space at each end.
   */
  gramStart: number;
  gramEnd: number;
  /** The number of the last extraction in which the word occurred, which distinguishes its first occurrence from repeats. */
  stamp: number;
}

/** One block of word n-grams: the salts of its words and of its word pairs. */
interface WordBlock {
  wordSalt: number;
  pairSalt: number;
}

const wordBlocks: Record<'body' | 'opening' | 'closing', WordBlock> = {
  body: { wordSalt: blockSalts.words, pairSalt: blockSalts.wordPairs },
  opening: { wordSalt: blockSalts.opening, pairSalt: blockSalts.openingPairs },
  closing: { wordSalt: blockSalts.closing, pairSalt: blockSalts.closingPairs },
};

/**
 * Creates a feature extractor. Features: the dense ones (`denseFeatureNames`), then hashed
 * n-grams of the reply: words and word pairs, the same at its opening and closing, and character
 * 3- to 5-grams of its distinct words.
 *
 * @example
 * const extractor = createFeatureExtractor({ hashBits: 15 });
 * const vector = extractor.extract({ prompt: 'Draft the rota.', reply: 'Here is the rota.', level: 1, intent: 'legitimate' });
 */
export function createFeatureExtractor({ hashBits }: FeatureSettings): FeatureExtractor {
  const bucketCount = 2 ** hashBits;
  const bucketMask = bucketCount - 1;
  const denseCount = denseFeatureNames.length;
  const blocks = createBlockCounter(bucketCount);
  // A cache only: an entry is a pure function of its word, so clearing it changes no result.
  const wordCache = new Map<string, WordEntry>();
  const gramPool = createGramPool();
  const promptCache = new Map<string, PromptSummary>();
  let extraction = 0;

  const lookUp = (word: string): WordEntry => {
    let entry = wordCache.get(word);
    if (entry === undefined) {
      entry = describeWord({ word, bucketMask, gramPool });
      wordCache.set(word, entry);
    }
    return entry;
  };

  // Keyed by the prompt as given, so a hit skips normalising it too.
  const summarise = (prompt: string): PromptSummary => {
    let summary = promptCache.get(prompt);
    if (summary === undefined) {
      if (promptCache.size >= promptCacheSize) promptCache.clear();
      summary = summarisePrompt(normaliseText(prompt));
      promptCache.set(prompt, summary);
    }
    return summary;
  };

  // Hashes come from an Int32Array, so they are signed, but the xor and Math.imul below give
  // the same 32 bits for a signed value as for the unsigned one.
  const countWordGrams = (hashes: Int32Array, { from, to, block }: { from: number; to: number; block: WordBlock }) => {
    for (let index = from; index < to; index++) {
      const hash = hashes[index]!;
      blocks.count(finishHash(hash ^ block.wordSalt) & bucketMask);
      // The earlier word's hash is multiplied by the golden-ratio constant, so "a b" and "b a" differ.
      if (index > from) blocks.count(finishHash(Math.imul(hashes[index - 1]!, 0x9e3779b1) ^ hash ^ block.pairSalt) & bucketMask);
    }
    blocks.close();
  };

  const countCharacterGrams = (distinctEntries: readonly WordEntry[]) => {
    const pool = gramPool.buckets;
    for (const entry of distinctEntries) {
      for (let gram = entry.gramStart; gram < entry.gramEnd; gram++) blocks.count(pool[gram]!);
    }
    blocks.close();
  };

  function extract(input: OfflineJudgeInput): SparseVector {
    // Clearing only between extractions keeps one entry per word within a reply.
    if (wordCache.size >= wordCacheSize) {
      wordCache.clear();
      gramPool.clear();
    }
    extraction++;
    const reply = normaliseText(input.reply);
    const prompt = summarise(input.prompt);
    const words = tokenise(reply);
    const hashes = new Int32Array(words.length);
    const distinctEntries: WordEntry[] = [];
    for (let index = 0; index < words.length; index++) {
      const entry = lookUp(words[index]!);
      hashes[index] = entry.hash;
      if (entry.stamp === extraction) continue;
      entry.stamp = extraction;
      distinctEntries.push(entry);
    }
    // The cache's copies of the words, whose string hashes V8 has already computed.
    const distinctWords = distinctEntries.map((entry) => entry.word);
    const { level, intent, expected, track } = input;
    const dense = computeDenseFeatures({ reply, words, distinctWords, prompt, level, intent, expected, track });

    const edge = Math.min(edgeWords, hashes.length);
    countWordGrams(hashes, { from: 0, to: hashes.length, block: wordBlocks.body });
    countWordGrams(hashes, { from: 0, to: edge, block: wordBlocks.opening });
    countWordGrams(hashes, { from: hashes.length - edge, to: hashes.length, block: wordBlocks.closing });
    countCharacterGrams(distinctEntries);
    return blocks.collect(dense, denseCount);
  }

  return { dimension: denseCount + bucketCount, extract };
}

function describeWord({ word, bucketMask, gramPool }: { word: string; bucketMask: number; gramPool: GramPool }): WordEntry {
  const hash = hashString(word);
  const gramBuckets = hashCharacterGrams(word).map((gram) => finishHash(gram ^ blockSalts.characters) & bucketMask);
  const gramStart = gramPool.add(gramBuckets);
  return {
    word,
    hash,
    gramStart,
    gramEnd: gramStart + gramBuckets.length,
    stamp: 0,
  };
}

type GramPool = ReturnType<typeof createGramPool>;

/**
 * Keeps the character-gram buckets of every cached word end to end in one array. Read from there
 * rather than from a small array per word, the DystopiaBench replies, whose words are mostly found
 * in the cache, took 6 to 10 % less CPU to classify (Node 20, 2-core AMD EPYC virtual machine).
 */
function createGramPool() {
  let buckets = new Int32Array(1 << 16);
  let size = 0;
  return {
    /** The array as it is now. Adding grams may replace it with a larger copy. */
    get buckets(): Int32Array {
      return buckets;
    },

    /** Appends `grams` and returns the position of the first. */
    add(grams: Int32Array): number {
      if (size + grams.length > buckets.length) {
        const larger = new Int32Array(Math.max(2 * buckets.length, size + grams.length));
        larger.set(buckets.subarray(0, size));
        buckets = larger;
      }
      buckets.set(grams, size);
      size += grams.length;
      return size - grams.length;
    },

    clear(): void {
      size = 0;
    },
  };
}

/**
 * Counts one block's buckets, then weights them by sublinear term frequency (1 + ln count),
 * scales the block to unit length and adds it to the reply's totals.
 *
 * Each bucket the reply touches gets a slot, in order of first touch, and the per-reply arrays are
 * indexed by slot, so a reply uses only one entry of each per bucket it touches. `slotOf` is never
 * cleared: an entry is valid only while its slot points back at the same bucket (a sparse set).
 * With 2^16 buckets it takes 128 kB, where two bucket-indexed arrays of counts and positions took
 * 512 kB, and extraction runs faster when less of that memory falls out of the processor's cache.
 */
function createBlockCounter(bucketCount: number) {
  const slotOf = bucketCount <= 0x10000 ? new Uint16Array(bucketCount) : new Int32Array(bucketCount);
  // A reply cannot touch more slots than there are buckets. Arrays that never grow are also
  // constants to V8: counting a reply's character grams took 11 us with them and 27 us with
  // reassigned growing arrays, in an isolated benchmark on Node 20.
  const slotBuckets = new Int32Array(bucketCount);
  const blockCounts = new Int32Array(bucketCount);
  const totals = new Float64Array(bucketCount);
  let slotCount = 0;
  /** The slots the current block has touched, in order of first touch. */
  const blockSlots = new Int32Array(bucketCount);
  let blockSize = 0;

  function addSlot(bucket: number): number {
    slotOf[bucket] = slotCount;
    slotBuckets[slotCount] = bucket;
    blockCounts[slotCount] = 0;
    totals[slotCount] = 0;
    return slotCount++;
  }

  return {
    count(bucket: number): void {
      let slot = slotOf[bucket]!;
      if (slot >= slotCount || slotBuckets[slot] !== bucket) slot = addSlot(bucket);
      if (blockCounts[slot] === 0) blockSlots[blockSize++] = slot;
      blockCounts[slot]! += 1;
    },

    close(): void {
      let squares = 0;
      for (let position = 0; position < blockSize; position++) {
        const weight = sublinearWeight(blockCounts[blockSlots[position]!]!);
        squares += weight * weight;
      }
      const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
      for (let position = 0; position < blockSize; position++) {
        const slot = blockSlots[position]!;
        totals[slot]! += sublinearWeight(blockCounts[slot]!) * scale;
        blockCounts[slot] = 0;
      }
      blockSize = 0;
    },

    // Indices come out in a fixed order (dense features, then buckets as first touched), not
    // sorted: every consumer sums over them in that order, so results stay reproducible.
    collect(dense: Float64Array, denseCount: number): SparseVector {
      let size = slotCount;
      for (const value of dense) if (value !== 0) size++;

      const indices = new Int32Array(size);
      const values = new Float64Array(size);
      let position = 0;
      for (let index = 0; index < dense.length; index++) {
        if (dense[index] === 0) continue;
        indices[position] = index;
        values[position++] = dense[index]!;
      }
      for (let slot = 0; slot < slotCount; slot++) {
        indices[position] = denseCount + slotBuckets[slot]!;
        values[position++] = totals[slot]!;
      }
      slotCount = 0;
      return { indices, values };
    },
  };
}

function sublinearWeight(count: number): number {
  return count < sublinearWeights.length ? sublinearWeights[count]! : 1 + Math.log(count);
}

function hashCharacterGrams(word: string): Int32Array {
  const padded = ` ${word} `;
  const grams: number[] = [];
  for (let from = 0; from + characterGramLengths.min <= padded.length; from++) {
    let state = hashSeed;
    const end = Math.min(padded.length, from + characterGramLengths.max);
    for (let to = from; to < end; to++) {
      state = stepHash(state, padded.charCodeAt(to));
      if (to - from + 1 >= characterGramLengths.min) grams.push(finishHash(state));
    }
  }
  return Int32Array.from(grams);
}
