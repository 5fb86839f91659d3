import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/** A 1-based position in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Finds where the node at a field path starts in the YAML source.
 *
 * `target: 'key'` points at the key of the last segment instead of its value, which suits
 * unknown fields. When a segment is missing, the position is that of the map or list that should
 * contain it, so a missing field points at its parent. An empty value (`intent:` with nothing
 * after it) points at its key. Returns `undefined` when the document has no nodes.
 */
export function locateYamlPath({
  document,
  lineCounter,
  path,
  target = 'value',
}: {
  document: Document;
  lineCounter: LineCounter;
  path: readonly PropertyKey[];
  target?: 'key' | 'value';
}): SourcePosition | undefined {
  let node: unknown = document.contents;

  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) {
        break;
      }
      const isLast = index === path.length - 1;
      node = (isLast && target === 'key') || isEmpty(pair.value) ? pair.key : pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      break;
    }
  }

  if (!isNode(node) || node.range == null) {
    return undefined;
  }
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

/** Checks whether `value` is absent or is the zero-length null scalar that the parser puts after a bare `key:`. */
function isEmpty(value: unknown): boolean {
  return value == null || (isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1]);
}
