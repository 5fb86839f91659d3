import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Computes the SHA-256 of a file's content, as lowercase hex. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
