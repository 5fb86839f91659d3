// Writes docs/suite.md from the scenario files of the bundled suite. Run with: npm run docs:suite
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSuite } from '../src/suite/index.js';
import { renderSuiteDoc } from './suite-doc.js';

const suite = await loadSuite([fileURLToPath(new URL('../suites/', import.meta.url))]);
const target = fileURLToPath(new URL('../docs/suite.md', import.meta.url));
writeFileSync(target, renderSuiteDoc(suite));
console.log(`Wrote ${target}: ${suite.scenarios.length} scenarios.`);
