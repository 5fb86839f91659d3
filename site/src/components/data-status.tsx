import { DataFileError } from '../data/load-data.js';
import type { DataState } from '../data/use-data.js';

/**
 * Shows why a view has no data yet: a loading line, or what went wrong with which file and
 * what to do about it. Renders nothing once the data is ready.
 */
export function DataStatus({ state }: { state: DataState<unknown> }) {
  if (state.status === 'ready') return null;
  if (state.status === 'loading') {
    return (
      <p class="message" role="status">
        Loading <code>{state.file}</code>…
      </p>
    );
  }
  return <DataProblem file={state.file} error={state.error} />;
}

function DataProblem({ file, error }: { file: string; error: Error }) {
  const isIndex = file === 'data/index.js';
  const missing = error instanceof DataFileError && error.problem === 'missing';
  return (
    <div class="message message-error" role="alert">
      <p>
        <strong>{missing ? `The data file ${file} is missing.` : error.message}</strong>
      </p>
      {isIndex && missing ? (
        <p>
          This page shows the files that <code>complicity report</code> writes next to it, and there are none here. Write the site with{' '}
          <code>complicity report --out DIR</code>, then open <code>DIR/index.html</code> or run <code>complicity serve</code>.
        </p>
      ) : missing ? (
        <p>
          The site was written without this file, or it was removed since. Write the site again with <code>complicity report</code>.
        </p>
      ) : (
        <p>
          The file may be damaged, or it may come from another version of Complicity. Write the site again with{' '}
          <code>complicity report</code>.
        </p>
      )}
    </div>
  );
}
