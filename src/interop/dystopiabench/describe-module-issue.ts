import type { z } from 'zod';

/** A schema issue rewritten for the author of a module file. */
export interface ModuleIssueDescription {
  /** Field path such as `scenarios[2].escalationPrompts[0].prompt`, empty for the whole file. */
  path: string;
  message: string;
}

/**
 * Describes a zod issue as a plain sentence that names the field, what it must be and what it is.
 *
 * Expects issues parsed with `reportInput: true`, because the messages quote the input.
 */
export function describeModuleIssue(issue: z.core.$ZodIssue): ModuleIssueDescription {
  const path = formatFieldPath(issue.path);
  const label = labelOf(issue.path);

  switch (issue.code) {
    case 'invalid_type':
      return { path, message: describeInvalidType(label, issue) };

    case 'too_small':
    case 'too_big':
      return { path, message: describeSize(label, issue) };

    case 'custom':
      return { path, message: `${label} ${issue.message}` };

    default:
      // The module schema raises none of the other codes.
      return { path, message: `${label} is invalid: ${issue.message}` };
  }
}

/** Formats a field path as a property access, such as `scenarios[2].escalationPrompts[0].prompt`. */
function formatFieldPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      formatted += `[${segment}]`;
    } else {
      const name = typeof segment === 'symbol' ? String(segment.description) : segment;
      formatted += formatted === '' ? name : `.${name}`;
    }
  }
  return formatted;
}

function labelOf(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (last === undefined) {
    return 'file';
  }
  if (typeof last === 'number') {
    return `${labelOf(path.slice(0, -1))}[${last}]`;
  }
  return String(last);
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function describeInvalidType(label: string, issue: z.core.$ZodIssueInvalidType): string {
  const expected = typeNames[issue.expected] ?? `a value of type ${issue.expected}`;

  if (issue.path.length === 0) {
    return `file must contain a JSON object with the module's fields; got ${describeValue(issue.input)}`;
  }
  if (issue.input === undefined) {
    return `${label} is missing; expected ${expected}`;
  }
  return `${label} must be ${expected}; got ${describeValue(issue.input)}`;
}

function describeSize(label: string, issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  let bound = issue.code === 'too_small' ? 'at least' : 'at most';
  if (issue.exact) {
    bound = 'exactly';
  }

  if (issue.origin === 'string' && issue.code === 'too_small' && limit === 1) {
    return `${label} must not be empty`;
  }
  if (issue.origin === 'array') {
    const count = Array.isArray(issue.input) ? `; got ${issue.input.length}` : '';
    return `${label} must have ${bound} ${String(limit)} entries${count}`;
  }
  return `${label} must be ${bound} ${String(limit)}; got ${describeValue(issue.input)}`;
}

/** Describes a JSON value in JSON's own terms. */
function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}
