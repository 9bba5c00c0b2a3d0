/**
 * Empties a scratch array and keeps its backing store. `array.length = 0` lets V8 drop the store,
 * so the next push allocates a new one: on a path run for every event, that was most of what the
 * pipeline allocated.
 */
export function empty(array: unknown[]): void {
  while (array.length > 0) array.pop();
}

/** A typed array twice as long, with the same numbers first and `fill` (0 unless given) after them. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, fill = 0): A {
  const b = new (a.constructor as new (n: number) => A)(2 * a.length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
