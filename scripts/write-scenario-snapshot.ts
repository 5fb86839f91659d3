/**
 * Writes dist/suite/scenario-snapshot.json: the parse results of the bundled suite's scenario
 * files, keyed by the SHA-256 of each file's text, so that loading the suite skips parsing the
 * files whose text is unchanged. Run by `npm run build` after the compiler, with the same sources.
 *
 * Usage: tsx scripts/write-scenario-snapshot.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findScenarioFiles } from '../src/suite/find-scenario-files.js';
import { parseScenario } from '../src/suite/parse-scenario.js';
import { buildScenarioSnapshot } from '../src/suite/scenario-snapshot.js';
import { suiteMetadataFileName } from '../src/suite/suite-metadata-schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outPath = join(root, 'dist', 'suite', 'scenario-snapshot.json');

const { files, problems } = await findScenarioFiles([join(root, 'suites')]);
if (problems.length > 0)
  throw new Error(`Failed to list the bundled suite in ${join(root, 'suites')}: ${problems.map((problem) => problem.message).join('; ')}`);
const parsed = [];
for (const file of files.filter((path) => basename(path) !== suiteMetadataFileName)) {
  const source = await readFile(file, 'utf8');
  parsed.push({ source, result: parseScenario({ source, file }) });
}
const snapshot = buildScenarioSnapshot(parsed);
await writeFile(outPath, JSON.stringify(snapshot));
process.stderr.write(`Wrote ${Object.keys(snapshot.entries).length} of ${parsed.length} scenario files to ${outPath}.\n`);
