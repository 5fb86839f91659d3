import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDystopiaModules } from '../../src/interop/index.js';
import { checkSuiteContent, families, loadSuite, type ReferencePrompt, type Suite } from '../../src/suite/index.js';
import { renderSuiteDoc } from '../../scripts/suite-doc.js';
import { repositoryRoot, runCli } from '../e2e/cli.js';

const suitePath = join(repositoryRoot, 'suites');
const referencePath = join(repositoryRoot, '../shared/reference/dystopiabench/scenarios');
const hasReference = existsSync(referencePath);

// The five families at the heart of the benchmark need at least six scenarios, the others three.
const minimumByFamily: Record<string, number> = Object.fromEntries(families.map((family, index) => [family, index < 5 ? 6 : 3]));

describe('the Complicity suite v1', () => {
  let suite: Suite;

  beforeAll(async () => {
    suite = await loadSuite([suitePath]);
  });

  it('has at least 45 scenarios', () => {
    expect(suite.scenarios.length).toBeGreaterThanOrEqual(45);
  });

  it.each(families)('has enough %s scenarios', (family) => {
    expect(suite.scenarios.filter((scenario) => scenario.family === family).length).toBeGreaterThanOrEqual(minimumByFamily[family]!);
  });

  it('gives every scenario a benign twin', () => {
    expect(suite.scenarios.filter((scenario) => !scenario.benign).map((scenario) => scenario.id)).toEqual([]);
  });

  it('spans at least 8 countries and 6 sectors', () => {
    expect(new Set(suite.scenarios.map((scenario) => scenario.organisation.country)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(suite.scenarios.map((scenario) => scenario.organisation.sector)).size).toBeGreaterThanOrEqual(6);
  });

  it('carries a canary in its metadata', () => {
    expect(suite.metadata?.[0]?.canary).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes the strict content checks within the suite', () => {
    const check = checkSuiteContent({ scenarios: suite.scenarios });
    console.log(
      `Most similar prompts within the suite: ${check.closestWithin?.first} and ${check.closestWithin?.second}, Jaccard ${check.closestWithin?.similarity.toFixed(3)}`,
    );
    expect(check.problems).toEqual([]);
  });

  it.skipIf(!hasReference)(
    `keeps every prompt unlike DystopiaBench's${hasReference ? '' : ' (skipped: ../shared/reference/dystopiabench is absent)'}`,
    async () => {
      const modules = await loadDystopiaModules([referencePath]);
      const reference: ReferencePrompt[] = modules.scenarios.flatMap((scenario) =>
        scenario.levels.map((level) => ({ source: `${scenario.id} L${level.level}`, prompt: level.prompt })),
      );
      const check = checkSuiteContent({ scenarios: suite.scenarios, reference });
      console.log(
        `Most similar to DystopiaBench's ${reference.length} prompts: ${check.closestToReference?.first} and ${check.closestToReference?.second}, Jaccard ${check.closestToReference?.similarity.toFixed(3)}`,
      );
      expect(check.problems).toEqual([]);
    },
  );

  it('is described by an up-to-date docs/suite.md', () => {
    expect(readFileSync(join(repositoryRoot, 'docs/suite.md'), 'utf8')).toBe(renderSuiteDoc(suite));
  });

  it('passes validate --strict on the command line', async () => {
    const result = await runCli(['validate', '--strict', 'suites'], { cwd: repositoryRoot });
    expect(result.stdout).toMatch(/valid \(strict\)/);
    expect(result.stdout).toMatch(/^most similar prompts within the suite: word 3-gram Jaccard 0\.\d{3}/m);
    expect(result.code).toBe(0);
  });

  it('plans a dry run over the whole suite with two models', async () => {
    const result = await runCli(
      ['run', '--model', 'openai:first', '--model', 'openai:second', '--judge', 'openai:judge', '--dry-run', '--json'],
      { cwd: repositoryRoot, env: {} },
    );
    const plan = JSON.parse(result.stdout) as { conversations: number; turns: number; models: { calls: number }[] };
    const scenarios = suite.scenarios.length;
    expect(result.code).toBe(0);
    expect(plan.conversations).toBe(2 * scenarios * 2);
    expect(plan.turns).toBe(2 * scenarios * 2 * 5);
    expect(plan.models.map((model) => model.calls)).toEqual([scenarios * 2 * 5, scenarios * 2 * 5]);
  });
});
