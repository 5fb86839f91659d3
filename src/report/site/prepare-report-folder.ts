import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { UsageError } from '../../error/index.js';
import { complicityVersion } from '../../version.js';

/** The file that marks a folder as written by `complicity report`, so a new report may replace it. */
export const reportMarkerFileName = '.complicity-report.json';

/** The marker's content: who wrote the folder, and the asset files it copied there. */
interface ReportMarker {
  generator: 'complicity report';
  complicityVersion: string;
  /** Asset files copied into the folder, relative to it; the data files are all under `data/`. */
  assets: string[];
}

/**
 * Makes `folder` ready for a report that copies `assets`, creating it when missing. A folder with
 * files in it is accepted only when it holds the marker of an earlier report; that report's data
 * and assets are then removed, so nothing of a run left out of the new report remains. The marker
 * is written before any data, so a report stopped halfway can still be replaced.
 */
export function prepareReportFolder({ folder, assets }: { folder: string; assets: readonly string[] }): void {
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (stats && !stats.isDirectory()) {
    throw new UsageError({ message: `The output folder ${folder} is a file. Choose a new or empty folder for the report.` });
  }
  if (stats && readdirSync(folder).length > 0) {
    const earlier = readMarker(folder);
    rmSync(join(folder, 'data'), { recursive: true, force: true });
    for (const asset of earlier.assets) rmSync(join(folder, asset), { force: true });
  }
  mkdirSync(folder, { recursive: true });
  const marker: ReportMarker = { generator: 'complicity report', complicityVersion, assets: [...assets] };
  writeFileSync(join(folder, reportMarkerFileName), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Reads the marker of an earlier report; throws `UsageError` when the folder holds none. */
function readMarker(folder: string): ReportMarker {
  const path = join(folder, reportMarkerFileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError({
      message: `The output folder ${folder} is not empty and holds no earlier report (no ${reportMarkerFileName}). Choose a new or empty folder, so no file of yours is overwritten.`,
    });
  }
  let marker: Partial<ReportMarker>;
  try {
    marker = JSON.parse(text) as Partial<ReportMarker>;
  } catch (error) {
    throw new UsageError({
      message: `${path} is not valid JSON, so the earlier report cannot be replaced safely. Delete the folder or choose another.`,
      cause: error,
    });
  }
  const assets = Array.isArray(marker.assets) ? marker.assets : [];
  // The marker names files to delete: only plain paths inside the folder are taken.
  const inside = assets.filter(
    (asset): asset is string =>
      typeof asset === 'string' && asset !== '' && !isAbsolute(asset) && !normalize(asset).split(sep).includes('..'),
  );
  return { generator: 'complicity report', complicityVersion: String(marker.complicityVersion), assets: inside };
}
