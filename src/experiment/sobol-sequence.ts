/**
 * The Sobol low-discrepancy sequence (Sobol 1967), in the Gray-code construction of Antonov
 * and Saleev (1979), with the direction numbers of Joe and Kuo (2008, "Constructing Sobol
 * sequences with better two-dimensional projections", file new-joe-kuo-6.21201; the first 32
 * dimensions are tabled below).
 *
 * The first 2^m points of each dimension hold exactly one point in each interval
 * [i / 2^m, (i + 1) / 2^m): the balance Saltelli designs rely on. An optional random digital
 * shift (one 32-bit XOR mask per dimension from a seeded stream) keeps that property while
 * making the design a random draw, as SALib and scipy's scrambled sequences do; points are
 * then placed at the centre of their 2^-32 cell so that no coordinate is exactly 0.
 */
import type { Rng } from "../engine/rng.js";
import * as fm from "../engine/fmath.js";

/** Dimensions 2..32: degree s, polynomial coefficients a, initial direction numbers m. */
const JOE_KUO: readonly (readonly [number, number, readonly number[]])[] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]],
  [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
  [7, 7, [1, 1, 3, 13, 7, 35, 63]],
  [7, 8, [1, 3, 5, 9, 1, 25, 53]],
  [7, 14, [1, 3, 1, 13, 9, 35, 107]],
  [7, 19, [1, 3, 1, 5, 27, 61, 31]],
  [7, 21, [1, 1, 5, 11, 19, 41, 61]],
  [7, 28, [1, 3, 5, 3, 3, 13, 69]],
  [7, 31, [1, 1, 7, 13, 1, 19, 1]],
  [7, 32, [1, 3, 7, 5, 13, 19, 59]],
  [7, 37, [1, 1, 3, 9, 25, 29, 41]],
  [7, 41, [1, 3, 5, 13, 23, 1, 55]],
  [7, 42, [1, 3, 7, 3, 13, 59, 17]],
];

export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;
const BITS = 32;
const SCALE = fm.pow(2, BITS);

/** Direction numbers v[1..32] of one dimension (as unsigned 32-bit integers). */
function directions(dim: number): Uint32Array {
  const v = new Uint32Array(BITS + 1);
  if (dim === 0) {
    for (let i = 1; i <= BITS; i++) v[i] = fm.pow(2, BITS - i);
    return v;
  }
  const [s, a, m] = JOE_KUO[dim - 1]!;
  for (let i = 1; i <= Math.min(s, BITS); i++) v[i] = (m[i - 1]! * fm.pow(2, BITS - i)) >>> 0;
  for (let i = s + 1; i <= BITS; i++) {
    let x = (v[i - s]! ^ (v[i - s]! >>> s)) >>> 0;
    for (let k = 1; k < s; k++) if (((a >>> (s - 1 - k)) & 1) === 1) x = (x ^ v[i - k]!) >>> 0;
    v[i] = x;
  }
  return v;
}

/**
 * The first `n` points of the `dims`-dimensional Sobol sequence, point 0 included; with an
 * `rng`, digitally shifted and centred in their cells (see above).
 */
export function sobolSequence(dims: number, n: number, rng?: Rng): number[][] {
  if (!(Number.isInteger(dims) && dims >= 1 && dims <= SOBOL_MAX_DIMENSIONS)) {
    throw new Error(`sobolSequence: dimensions must be 1..${SOBOL_MAX_DIMENSIONS}, got ${dims}`);
  }
  if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 31)) throw new Error(`sobolSequence: n must be 1..2^31, got ${n}`);
  const v = Array.from({ length: dims }, (_, d) => directions(d));
  const shift = Array.from({ length: dims }, () => (rng === undefined ? 0 : Math.floor(rng.next() * SCALE) >>> 0));
  const offset = rng === undefined ? 0 : 0.5;
  const x = new Uint32Array(dims);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // the position of the lowest zero bit of i - 1 (Gray-code update)
      let c = 1;
      let value = i - 1;
      while ((value & 1) === 1) {
        value >>>= 1;
        c++;
      }
      for (let d = 0; d < dims; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
    }
    const row = new Array<number>(dims);
    for (let d = 0; d < dims; d++) row[d] = (((x[d]! ^ shift[d]!) >>> 0) + offset) / SCALE;
    rows.push(row);
  }
  return rows;
}
