import type { z } from 'zod';
import { ImportError } from '../../error/index.js';
import { manifestSchema, supportedSchemaVersions, type Manifest } from './manifest-schema.js';

/**
 * Parses the text of a DystopiaBench result manifest. Throws `ImportError` naming the file and
 * the first invalid field, with the count of the others.
 */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportError({ file, message: `not valid JSON (${(error as Error).message})`, cause: error });
  }
  if (typeof data === 'object' && data !== null && 'scenarios' in data && !('results' in data)) {
    throw new ImportError({ file, message: 'this is a DystopiaBench scenario module, not a result file; run it with --suite instead' });
  }

  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  const numericVersion = typeof version === 'string' ? Number(version) : version;
  if (
    typeof numericVersion !== 'number' ||
    Number.isNaN(numericVersion) ||
    numericVersion < supportedSchemaVersions.min ||
    numericVersion > supportedSchemaVersions.max
  ) {
    throw new ImportError({
      file,
      field: 'schemaVersion',
      message: `${version === undefined ? 'missing' : `version ${JSON.stringify(version)} is not supported`}; Complicity reads DystopiaBench result files of schema versions ${supportedSchemaVersions.min} to ${supportedSchemaVersions.max}`,
    });
  }

  // Without reportInput, zod leaves `input` off every issue, and `describe` would call a value of the wrong type missing.
  const parsed = manifestSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    throw new ImportError({ file, field: formatPath(first!.path), message: `${describe(first!)}${more}` });
  }
  return parsed.data;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return `missing; expected ${issue.expected}`;
  return issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)),
    '',
  );
}
