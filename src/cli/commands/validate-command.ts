import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../error/index.js';
import { loadDystopiaModules, runSourcePrefix, validateSuiteSources } from '../../interop/index.js';
import { checkSuiteContent, formatProblem, hashSuite, type ContentCheck, type ReferencePrompt, type Scenario } from '../../suite/index.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-code.js';
import { suitePathsOf } from '../load-cli-suite.js';
import { formatCount } from '../format-count.js';
import { collectPaths } from '../parse-flags.js';

/** DystopiaBench's scenario modules beside a development checkout, compared with by default when present. */
const siblingReference = fileURLToPath(new URL('../../../../shared/reference/dystopiabench/scenarios', import.meta.url));

export function validateCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('validate')
    .description('check scenario files and list every problem; exits 1 if there is any')
    .argument(
      '[path...]',
      'scenario files or folders, YAML or DystopiaBench modules (default: the bundled suite)',
      collectPaths('[path]', 'a scenario file or folder'),
    )
    .option('--strict', 'also check the content: reasons, prompt lengths, benign twins, near-duplicate prompts')
    .option(
      '--reference <path>',
      `with --strict, DystopiaBench modules our prompts must not resemble (repeatable; default: ${siblingReference}, when it exists)`,
      collectPaths('--reference', 'a module file or folder'),
    )
    .action(async (paths: string[], flags: { strict?: boolean; reference?: string[] }) => {
      const targets = suitePathsOf(paths, io);
      // A missing path is misuse (exit 2), as a missing --suite is, and not a problem of the suite (exit 1).
      const missing = targets.find((path) => !path.startsWith(runSourcePrefix) && !existsSync(path));
      if (missing) throw new UsageError({ message: `${missing} was not found. Give validate an existing scenario file or folder.` });
      const missingReference = flags.reference?.map((path) => resolve(io.cwd, path)).find((path) => !existsSync(path));
      if (missingReference) {
        throw new UsageError({
          message: `The --reference path ${missingReference} was not found. Give it a DystopiaBench module file or folder.`,
        });
      }
      const { scenarios, problems, files } = await validateSuiteSources(targets);
      const content = flags.strict && problems.length === 0 ? await checkContent(scenarios, flags.reference, io) : undefined;
      const allProblems = [...problems, ...(content?.check.problems ?? [])];

      if (allProblems.length > 0) {
        const failing = new Set(allProblems.map((problem) => problem.file)).size;
        io.stdout.write(`${allProblems.map(formatProblem).join('\n')}\n`);
        io.stdout.write(`${formatCount(allProblems.length, 'problem')} in ${formatCount(failing, 'file')}.\n`);
        if (content) io.stdout.write(describeSimilarity(content));
        setExitCode(exitCodes.failure);
        return;
      }
      const strictness = content ? ' (strict)' : '';
      io.stdout.write(
        `${formatCount(scenarios.length, 'scenario')} in ${formatCount(files.length, 'file')}: valid${strictness}. Suite hash ${hashSuite(scenarios)}\n`,
      );
      if (content) io.stdout.write(describeCoverage(scenarios) + describeSimilarity(content));
    });
}

async function checkContent(
  scenarios: Scenario[],
  referenceFlags: string[] | undefined,
  io: CliIo,
): Promise<{ check: ContentCheck; referenceSource?: string; skippedFiles: number }> {
  const referencePaths = referenceFlags?.map((path) => resolve(io.cwd, path)) ?? (existsSync(siblingReference) ? [siblingReference] : []);
  const reference: ReferencePrompt[] = [];
  // A module validated against a reference folder that contains it would match itself exactly.
  const validatedFiles = new Set(scenarios.flatMap((scenario) => (scenario.file ? [canonicalPath(scenario.file)] : [])));
  const skipped = new Set<string>();
  if (referencePaths.length > 0) {
    const modules = await loadDystopiaModules(referencePaths);
    for (const scenario of modules.scenarios) {
      const file = scenario.file ? canonicalPath(scenario.file) : undefined;
      if (file && validatedFiles.has(file)) {
        skipped.add(file);
        continue;
      }
      for (const level of scenario.levels) reference.push({ source: `${scenario.id} L${level.level}`, prompt: level.prompt });
    }
  }
  return {
    check: checkSuiteContent({ scenarios, reference }),
    referenceSource: referencePaths.length > 0 ? referencePaths.join(', ') : undefined,
    skippedFiles: skipped.size,
  };
}

/** Resolves symbolic links in `path`, so two spellings of one file compare equal. */
function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function describeCoverage(scenarios: readonly Scenario[]): string {
  const count = (values: string[]) => [...new Map(values.map((value) => [value, values.filter((other) => other === value).length]))];
  const families = count(scenarios.map((scenario) => scenario.family)).map(([family, n]) => `${family} ${n}`);
  const countries = [...new Set(scenarios.map((scenario) => scenario.organisation.country))].sort();
  const sectors = [...new Set(scenarios.map((scenario) => scenario.organisation.sector))].sort();
  const twins = scenarios.filter((scenario) => scenario.benign).length;
  return [
    `families: ${families.join(', ')}`,
    `benign twins: ${twins} of ${scenarios.length}`,
    `countries (${countries.length}): ${countries.join(', ')}`,
    `sectors (${sectors.length}): ${sectors.join(', ')}`,
    '',
  ].join('\n');
}

function describeSimilarity({
  check,
  referenceSource,
  skippedFiles,
}: {
  check: ContentCheck;
  referenceSource?: string;
  skippedFiles: number;
}): string {
  const closest = (pair: ContentCheck['closestWithin']) =>
    pair ? `${pair.similarity.toFixed(3)} (${pair.first} and ${pair.second})` : 'n/a';
  const lines = [`most similar prompts within the suite: word 3-gram Jaccard ${closest(check.closestWithin)}`];
  const skipped = skippedFiles > 0 ? `, leaving out the ${formatCount(skippedFiles, 'file')} being validated` : '';
  lines.push(
    referenceSource
      ? `most similar to the ${check.referencePrompts} reference prompts in ${referenceSource}${skipped}: ${closest(check.closestToReference)}`
      : 'no reference prompts compared (give --reference PATH to compare with DystopiaBench modules)',
  );
  return `${lines.join('\n')}\n`;
}
