/**
 * Records keyed by what users write (node ids, input names, labels). A plain `{}` inherits
 * `__proto__`, `constructor`, `toString`... from Object.prototype: `rec['__proto__'] = v` then
 * sets the prototype instead of storing v, and `rec['toString']` finds a function where nothing
 * was stored. A null-prototype object has neither problem and still serialises as plain JSON.
 */
export const emptyRecord = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;

/** A null-prototype copy of `entries`, keeping every key, `__proto__` included. */
export function recordOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = emptyRecord<V>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}
