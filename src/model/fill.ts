/**
 * Filling state in place: helpers with which init.ts, chips.ts and market.ts build the world at
 * the start either in new objects or in those of a world from an earlier run (a worker
 * allocates its world once and resets it for each run). Each returns the earlier object or
 * array when it has the right size, else a new one.
 */
export type Maybe<T> = T | undefined;

/** The object to fill: the earlier one, or a new empty one. */
export function blank<T>(prev: Maybe<T>): T {
  return prev ?? ({} as T);
}

/** An array of n copies of v: the earlier array if it has n elements, else a new one. */
export function numbers(prev: Maybe<number[]>, n: number, v: number): number[] {
  if (prev === undefined || prev.length !== n) return new Array<number>(n).fill(v);
  return prev.fill(v);
}

/** A copy of `from`: the earlier array if it has as many elements, else a new one. */
export function strings(prev: Maybe<string[]>, from: readonly string[]): string[] {
  if (prev === undefined || prev.length !== from.length) return [...from];
  for (let i = 0; i < from.length; i++) prev[i] = from[i]!;
  return prev;
}

/** The elements of `from`, filled into the earlier array's objects where the lengths agree. */
export function each<T, S>(prev: Maybe<T[]>, from: readonly S[], fill: (p: Maybe<T>, s: S, i: number) => T): T[] {
  const same = prev !== undefined && prev.length === from.length;
  const out = same ? prev : new Array<T>(from.length);
  for (let i = 0; i < from.length; i++) out[i] = fill(same ? prev[i] : undefined, from[i]!, i);
  return out;
}

