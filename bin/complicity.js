#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 lets the heap grow to three or four times what is live before it collects. Capping the
// growth at a tenth keeps the peaks of large runs and stores near what they use
// (docs/decisions/2026-12-05-heap-growth.md). A flag given to node itself wins.
if (!process.execArgv.some((flag) => flag.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=10');

const { main } = await import('../dist/cli/main.js');

// A reader that stops early (`complicity validate | head`) closes the pipe; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
