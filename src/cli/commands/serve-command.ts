import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startSiteServer } from '../../report/index.js';
import type { CliIo } from '../cli-io.js';
import { pathFrom } from '../parse-flags.js';

interface ServeFlags {
  dir?: string;
  port?: number;
}

/** The port taken when `--port` is not given. */
const defaultPort = 8000;

export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description(
      'serve a results site on 127.0.0.1 until Ctrl-C; it opens no browser and makes no outbound request (the site also opens from file://)',
    )
    .option(
      '--dir <dir>',
      'folder of the site, as written by "complicity report" (default: .complicity/site)',
      pathFrom('--dir', 'a folder'),
    )
    .option('--port <n>', `port on 127.0.0.1, or 0 for a free one (default ${defaultPort})`, parsePort)
    .action(async (flags: ServeFlags) => {
      const server = await startSiteServer({
        folder: resolve(io.cwd, flags.dir ?? '.complicity/site'),
        port: flags.port ?? defaultPort,
        onRequest: ({ method, path, status }) => io.stderr.write(`${method} ${path} ${status}\n`),
      });
      io.stdout.write(`${server.url}\n`);
      io.stderr.write('Serving the site; press Ctrl-C to stop.\n');
      await waitForStop();
      await server.close();
      io.stderr.write('Stopped.\n');
    });
}

/** Resolves on the first Ctrl-C (or SIGTERM), which is how a server is meant to end: no failure. */
function waitForStop(): Promise<void> {
  return new Promise((resolveStop) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveStop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function parsePort(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed > 65535) {
    throw new InvalidArgumentError(`--port must be an integer from 0 to 65535, got "${value}".`);
  }
  return parsed;
}
