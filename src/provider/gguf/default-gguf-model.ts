import type { HubGgufSource } from './parse-gguf-target.js';

/** A Hugging Face file whose content is known in advance, so a download is checked against it. */
export interface KnownGgufFile extends HubGgufSource {
  /** The repository commit downloaded from, so a later upload under the same name cannot change the file. */
  revision: string;
  /** SHA-256 of the file as Hugging Face's Git LFS pointer publishes it. */
  sha256: string;
  /** Download size as Hugging Face shows it, for messages. */
  displaySize: string;
  /** SPDX identifier of the model's licence. */
  licence: string;
  /** The model's name, for messages. */
  title: string;
}

/**
 * The model `complicity run` uses when no `--model` is given: Qwen2.5-0.5B-Instruct quantized to
 * Q4_K_M, Apache-2.0, small enough to download and run on a laptop's CPU. The checksum is the
 * LFS SHA-256 that Hugging Face shows for the file at this revision.
 */
export const defaultGgufModel: KnownGgufFile = {
  kind: 'hub',
  owner: 'bartowski',
  repository: 'Qwen2.5-0.5B-Instruct-GGUF',
  file: 'Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
  revision: 'b26a58accf53b1a19fbc555d52fdb224bec473f5',
  sha256: '6eb923e7d26e9cea28811e1a8e852009b21242fb157b26149d3b188f3a8c8653',
  displaySize: '398 MB',
  licence: 'Apache-2.0',
  title: 'Qwen2.5-0.5B-Instruct Q4_K_M',
};

/** The model spec of the default model. */
export const defaultGgufModelSpec = `gguf:hf:${defaultGgufModel.owner}/${defaultGgufModel.repository}/${defaultGgufModel.file}`;

const knownGgufFiles: readonly KnownGgufFile[] = [defaultGgufModel];

/** Returns what is known in advance about a Hugging Face file, if anything. */
export function findKnownGgufFile(source: HubGgufSource): KnownGgufFile | undefined {
  return knownGgufFiles.find(
    (known) => known.owner === source.owner && known.repository === source.repository && known.file === source.file,
  );
}
