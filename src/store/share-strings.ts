/**
 * Creates a function that returns one shared copy of each string it is given. SQLite hands back a
 * new string for every cell, so the model, status or judge of 100,000 rows would otherwise be
 * 100,000 copies held for as long as the rows are. Past `limit` distinct strings it starts afresh,
 * so a column of unique values cannot grow it without bound.
 */
export function shareStrings(limit = 50_000): <Value extends string | null | undefined>(value: Value) => Value {
  let known = new Map<string, string>();
  return <Value extends string | null | undefined>(value: Value): Value => {
    if (typeof value !== 'string') return value;
    const shared = known.get(value);
    if (shared !== undefined) return shared as Value;
    if (known.size >= limit) known = new Map();
    known.set(value, value);
    return value;
  };
}
