/**
 * A minimal GGUF version 3 encoder for test models: typed metadata and float32 tensors.
 *
 * The layout is little-endian. It starts with the magic "GGUF", the version (uint32), the tensor
 * count and the metadata count (uint64 each). The metadata pairs and the tensor infos follow,
 * then zero padding to the alignment and the tensor data, each tensor starting at a multiple of
 * the alignment. A string is its byte length (uint64) followed by its UTF-8 bytes, with no
 * terminator.
 */

// Value type codes of GGUF metadata, as ggml's gguf.h numbers them.
const valueTypeCodes = {
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
} as const;

// ggml's tensor type code for 32-bit floats.
const float32TensorType = 0;

/** ggml's default, which readers use unless `general.alignment` sets another. */
export const ggufAlignment = 32;

type ScalarType = 'uint32' | 'int32' | 'float32' | 'bool' | 'string';

/** One metadata value with the GGUF type it is written as. */
export type GgufValue =
  | { type: 'uint32' | 'int32' | 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'int32' | 'float32'; value: readonly number[] }
  | { type: 'array'; itemType: 'string'; value: readonly string[] };

/** A float32 tensor. `dimensions` are in ggml order: the fastest-varying one first. */
export interface GgufTensor {
  name: string;
  dimensions: readonly number[];
  data: Float32Array;
}

/** Encodes metadata and tensors as the bytes of one GGUF file. */
export function encodeGguf({
  metadata,
  tensors,
}: {
  metadata: ReadonlyArray<readonly [string, GgufValue]>;
  tensors: readonly GgufTensor[];
}): Buffer {
  const writer = new ByteWriter();
  writer.raw(Buffer.from('GGUF', 'ascii'));
  writer.uint32(3);
  writer.uint64(tensors.length);
  writer.uint64(metadata.length);

  for (const [key, value] of metadata) {
    writer.string(key);
    writeValue(writer, value);
  }

  let dataOffset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.dimensions.reduce((product, size) => product * size, 1);
    if (elements !== tensor.data.length) {
      throw new Error(`Tensor ${tensor.name} has ${tensor.data.length} values but dimensions ${tensor.dimensions.join('×')}.`);
    }
    writer.string(tensor.name);
    writer.uint32(tensor.dimensions.length);
    for (const size of tensor.dimensions) writer.uint64(size);
    writer.uint32(float32TensorType);
    writer.uint64(dataOffset);
    offsets.push(dataOffset);
    dataOffset = alignUp(dataOffset + tensor.data.byteLength);
  }

  writer.padTo(ggufAlignment);
  const dataStart = writer.length;
  for (const [index, tensor] of tensors.entries()) {
    writer.padTo(ggufAlignment);
    if (writer.length - dataStart !== offsets[index]) throw new Error(`Tensor ${tensor.name} is not at its declared offset.`);
    writer.raw(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  }
  return writer.toBuffer();
}

function writeValue(writer: ByteWriter, value: GgufValue): void {
  writer.uint32(valueTypeCodes[value.type]);
  if (value.type !== 'array') {
    writeScalar(writer, value.type, value.value);
    return;
  }
  writer.uint32(valueTypeCodes[value.itemType]);
  writer.uint64(value.value.length);
  for (const item of value.value) writeScalar(writer, value.itemType, item);
}

function writeScalar(writer: ByteWriter, type: ScalarType, value: number | boolean | string): void {
  switch (type) {
    case 'uint32':
      writer.uint32(value as number);
      break;
    case 'int32':
      writer.int32(value as number);
      break;
    case 'float32':
      writer.float32(value as number);
      break;
    case 'bool':
      writer.raw(Buffer.from([value ? 1 : 0]));
      break;
    case 'string':
      writer.string(value as string);
      break;
  }
}

function alignUp(offset: number): number {
  return Math.ceil(offset / ggufAlignment) * ggufAlignment;
}

/** Collects little-endian fields into chunks, joined once at the end. */
class ByteWriter {
  readonly #chunks: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  raw(bytes: Buffer): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }

  uint32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    this.raw(bytes);
  }

  int32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(value);
    this.raw(bytes);
  }

  float32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.raw(bytes);
  }

  uint64(value: number): void {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    this.raw(bytes);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.uint64(bytes.length);
    this.raw(bytes);
  }

  padTo(alignment: number): void {
    const remainder = this.#length % alignment;
    if (remainder !== 0) this.raw(Buffer.alloc(alignment - remainder));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks, this.#length);
  }
}
