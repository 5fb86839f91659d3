/**
 * Appends a value to the list a map keeps under a key, starting the list on the key's first value.
 * Grouping 100,000 turns this way copies nothing, where spreading each list into a new one did.
 */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}
