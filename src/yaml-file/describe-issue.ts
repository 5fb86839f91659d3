import { z } from 'zod';

import { suggestFieldName } from './suggest-field-name.js';

/** A schema issue rewritten for the author of the file. */
export interface IssueDescription {
  /** Path of the field the message is about. */
  path: PropertyKey[];
  /** Whether the message is about the field's key (an unknown field) or its value. */
  target: 'key' | 'value';
  message: string;
}

/**
 * Describes a zod issue as plain sentences that name the field, what it must be and what it is.
 *
 * Expects issues parsed with `reportInput: true`, because the messages quote the input. An
 * `unrecognized_keys` issue becomes one description per unknown key, and `schema` supplies the
 * known fields for the "did you mean" hint.
 */
export function describeIssue({ issue, schema }: { issue: z.core.$ZodIssue; schema: z.ZodType }): IssueDescription[] {
  const path = [...issue.path];
  const label = labelOf(path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const fieldNames = fieldNamesAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        target: 'key',
        message: describeUnknownField(key, fieldNames),
      }));
    }

    case 'invalid_type':
      return [{ path, target: 'value', message: describeInvalidType(label, issue) }];

    case 'invalid_value': {
      const expected =
        issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((value) => String(value)).join(', ')}`;
      const message =
        issue.input === undefined
          ? `${label} is missing; expected ${expected}`
          : `${label} must be ${expected}; got ${describeValue(issue.input)}`;
      return [{ path, target: 'value', message }];
    }

    case 'too_small':
    case 'too_big':
      return [{ path, target: 'value', message: describeSize(label, issue) }];

    case 'custom':
      return [{ path, target: 'value', message: `${label} ${issue.message}` }];

    default:
      // The schemas of scenario and config files raise none of the other codes.
      return [{ path, target: 'value', message: `${label} is invalid: ${issue.message}` }];
  }
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

function describeUnknownField(key: string, fieldNames: string[]): string {
  const suggestion = suggestFieldName(key, fieldNames);
  if (suggestion !== undefined) {
    return `unknown field "${key}"; did you mean "${suggestion}"?`;
  }
  return `unknown field "${key}"; expected one of ${fieldNames.join(', ')}`;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
};

function describeInvalidType(label: string, issue: z.core.$ZodIssueInvalidType): string {
  const expected = typeNames[issue.expected] ?? `a value of type ${issue.expected}`;

  if (issue.path.length === 0) {
    return issue.input === null || issue.input === undefined
      ? 'file is empty; expected a map of fields'
      : `file must contain a map of fields; got ${describeValue(issue.input)}`;
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

/** Describes a YAML value the way its author wrote it. */
function describeValue(value: unknown): string {
  if (value === null) {
    return 'an empty value';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a map';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}

/** Lists the fields of the object schema at `path`, looking through optional, default and pipe wrappers. */
function fieldNamesAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      current = unwrap(current.shape[segment]);
    } else if (current instanceof z.ZodArray) {
      current = unwrap(current.element);
    } else if (current instanceof z.ZodRecord) {
      current = unwrap(current.valueType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: unknown): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? current.in : current.unwrap();
  }
  return current instanceof z.ZodType ? current : undefined;
}
