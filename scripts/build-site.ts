/**
 * Builds the results site's browser assets into dist/site/: app.js and app.css bundled and
 * minified by esbuild from site/, index.html, and methodology.html rendered from
 * docs/methodology.md. `complicity report` copies them next to the data files it writes.
 *
 * Usage: tsx scripts/build-site.ts [--out DIR]
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { marked } from 'marked';
import { encodeDataSegment as contractEncode } from '../src/report/site/site-data.js';
import { encodeDataSegment as siteEncode } from '../site/src/data/data-paths.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(root, outIndex >= 0 ? process.argv[outIndex + 1]! : 'dist/site');

/**
 * URLs allowed in the built files: XML namespace names, which identify and are never fetched.
 * Any other absolute URL fails the build, so the site cannot come to depend on a remote server.
 */
const namespaceUrls = [
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/XML/1998/namespace',
];

async function main(): Promise<void> {
  const started = performance.now();
  checkSegmentEncoding();
  await mkdir(outDir, { recursive: true });

  await build({
    entryPoints: { app: join(root, 'site/src/main.tsx') },
    outdir: outDir,
    bundle: true,
    minify: true,
    // A classic script, because browsers refuse module scripts from file:// pages.
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: join(root, 'site/tsconfig.json'),
  });
  await build({
    entryPoints: { app: join(root, 'site/src/styles.css') },
    outdir: outDir,
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });
  await copyFile(join(root, 'site/index.html'), join(outDir, 'index.html'));
  await writeFile(join(outDir, 'methodology.html'), await renderMethodology());

  const files = ['index.html', 'app.js', 'app.css', 'methodology.html'];
  for (const file of files) await assertNoRemoteUrls(join(outDir, file));
  const sizes = await Promise.all(files.map(async (file) => `${file} ${formatSize((await stat(join(outDir, file))).size)}`));
  console.error(
    `Built the site into ${relative(root, outDir) || '.'} in ${Math.round(performance.now() - started)} ms: ${sizes.join(', ')}.`,
  );
}

/** Fails the build when the site's copy of `encodeDataSegment` and the contract's disagree, since the site would then ask for files that do not exist. */
function checkSegmentEncoding(): void {
  const samples = [
    'dystopiabench-49353f38e2a3',
    'openrouter:google/gemini-2.5-flash',
    'Qwen/Qwen2.5-7B',
    'a_b c.d',
    'émigré-✓',
    '20261204-7f3c9a',
  ];
  for (const sample of samples) {
    if (siteEncode(sample) !== contractEncode(sample)) {
      throw new Error(
        `site/src/data/data-paths.ts encodes "${sample}" as "${siteEncode(sample)}", but the contract encodes it as "${contractEncode(sample)}". Make the site's copy match src/report/site/site-data.ts.`,
      );
    }
  }
}

/** Renders docs/methodology.md to HTML, with each table in a box that scrolls on narrow screens. */
async function renderMethodology(): Promise<string> {
  const markdown = await readFile(join(root, 'docs/methodology.md'), 'utf8');
  // The page heading comes from the site, so the document's own "# Methodology" is dropped.
  const html = await marked.parse(markdown.replace(/^# [^\n]*\n/, ''), { gfm: true });
  return markRepositoryPaths(html)
    .replaceAll('<table>', '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>')
    .replaceAll('</table>', '</table></div>');
}

/**
 * Says where the repository paths the document cites live, such as `src/analysis/`, because a
 * reader of a published site has no checkout to open them in. A run of paths joined by commas
 * gets one note, written inside the brackets that already enclose it.
 */
function markRepositoryPaths(html: string): string {
  const paths = /(<code>(?:src|docs|scripts|test|bench)\/[^<]*<\/code>(?:,\s*<code>[^<]*<\/code>)*)(\))?/g;
  return html.replace(paths, (_match, codes: string, closing: string | undefined) =>
    closing ? `${codes}, in the Complicity repository)` : `${codes} (in the Complicity repository)`,
  );
}

async function assertNoRemoteUrls(file: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const remote = [...text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)<>]*/gi)]
    .map((match) => match[0])
    .filter((url) => !namespaceUrls.some((allowed) => url.startsWith(allowed) || `http:${url}`.startsWith(allowed)));
  if (remote.length > 0) {
    throw new Error(
      `${relative(root, file)} contains remote URLs, and the site must load nothing from elsewhere: ${[...new Set(remote)].slice(0, 5).join(', ')}`,
    );
  }
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
