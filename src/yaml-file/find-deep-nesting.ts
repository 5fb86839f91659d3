import { Parser, type CST } from 'yaml';

/** Collections nested deeper than this are rejected before the `yaml` package composes them. */
export const maxYamlDepth = 64;

/**
 * Returns the source offset of the first collection nested deeper than `maxDepth`, or undefined.
 *
 * The `yaml` package (2.9) composes documents recursively. Around 800 levels it runs out of
 * stack, and after a second such file in one process, Node 20 aborted with a fatal out-of-memory
 * error in its regular-expression compiler. The concrete syntax tree is built without recursion,
 * so walking it with an explicit stack finds deep nesting first.
 */
export function findDeepNesting(source: string, maxDepth: number = maxYamlDepth): number | undefined {
  const pending: { token: CST.Token; depth: number }[] = [];
  for (const token of new Parser().parse(source)) pending.push({ token, depth: 0 });

  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    const nested = childrenOf(token);
    const isCollection = token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    const childDepth = isCollection ? depth + 1 : depth;
    if (childDepth > maxDepth) return token.offset;
    for (const child of nested) pending.push({ token: child, depth: childDepth });
  }
  return undefined;
}

function childrenOf(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      return token.items.flatMap((item) => [item.key, item.value].filter((child): child is CST.Token => child != null));
    default:
      return [];
  }
}
