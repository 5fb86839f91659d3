import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text to a stream, waiting for it to drain when its buffer is full, so memory stays bounded. */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
