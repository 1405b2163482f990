/**
 * Portable math: exp, log, log10, pow and cos(2 pi v), computed from + - * / and bit
 * manipulation only, which IEEE 754 rounds the same everywhere. JavaScript leaves Math.exp,
 * Math.log, Math.pow, Math.cos and the rest "implementation-approximated": V8 in Node 20 and
 * V8 in a current Chromium return results that differ in the last bit for some inputs (a
 * test shows it), and so would the CLI and the browser explorer, or two Node versions. The
 * engine and the model use these functions instead, so a scenario and a seed give the same
 * bytes on every JavaScript engine.
 *
 * The algorithms are fdlibm's (Sun Microsystems, 1993), as in most C libraries and in V8's own
 * ieee754 code: argument reduction by ln 2 (exp) or to a mantissa near 1 (log), then a minimax
 * polynomial. Errors are below one unit in the last place (tested against Math on many
 * inputs). pow raises to integer exponents up to 64 by repeated squaring (exact where the
 * result is representable) and otherwise computes exp(y log x).
 */

// A double's two 32-bit halves, for reading and building exponents (endianness checked once).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** 2^k for an integer -1022 <= k <= 1023, exactly. */
function pow2(k: number): number {
  u32[HI] = (k + 1023) << 20;
  u32[LO] = 0;
  return f64[0] as number;
}

/**
 * 2^k at index 1100 + k and 2^-k at index 1100 - k, for -1074 <= k <= 1023 (below -1022 the
 * exact subnormal powers): a table read is faster than building the bits of each one.
 */
const POW2 = new Float64Array(2200);
for (let k = -1074; k <= 1023; k++) POW2[1100 + k] = k >= -1022 ? pow2(k) : pow2(k + 64) * pow2(-64);

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const EXP_OVERFLOW = 7.09782712893383973096e2;
const EXP_UNDERFLOW = -7.45133219101941108420e2;

/** e^x. */
export function exp(x: number): number {
  if (x !== x) return x;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  const ax = Math.abs(x);
  if (ax < 3.725290298461914e-9) return 1 + x; // |x| < 2^-28
  let k = 0;
  let hi = x;
  let lo = 0;
  if (ax > 0.34657359027997264) {
    // x = k ln2 + r, |r| <= ln2 / 2
    k = ax < 1.0397207708399179 ? (x > 0 ? 1 : -1) : Math.trunc(INV_LN2 * x + (x > 0 ? 0.5 : -0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  if (k > 1023) return y * pow2(1023) * pow2(k - 1023);
  if (k < -1021) return y * pow2(k + 1000) * pow2(-1000);
  return y * (POW2[1100 + k] as number);
}

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const TWO54 = 1.80143985094819840000e16;

/**
 * log x for a positive finite x, as fdlibm's e_log.c: x = 2^k (1 + f) with
 * sqrt(2)/2 < 1 + f < sqrt(2), and log x = k ln 2 + log(1 + f). The mantissa is brought to
 * that range by multiplying by an exact power of two (reading the exponent's bits once),
 * which gives the same 1 + f as rewriting the exponent's bits.
 */
function logParts(x: number): number {
  let y = x;
  let k = 0;
  f64[0] = x;
  let hx = u32[HI] as number;
  if (hx < 0x00100000) {
    // subnormal: scale into the normal range first
    k = -54;
    y = x * TWO54;
    f64[0] = y;
    hx = u32[HI] as number;
  }
  let e = (hx >>> 20) - 1023;
  hx &= 0x000fffff;
  // a mantissa at or above sqrt(2) is halved (and the exponent raised): 1 + f < sqrt(2)
  e += ((hx + 0x95f64) & 0x100000) >>> 20;
  k += e;
  const f = y * (POW2[1100 - e] as number) - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - ((r - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - ((s * (f - r) - k * LN2_LO) - f);
}

/** The natural logarithm. */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  return logParts(x);
}

const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = 3.01029995663611771306e-1;
const LOG10_2LO = 3.69423907715893078616e-13;

/** The base-10 logarithm; exact for the powers of ten a double holds exactly (1 to 1e22). */
export function log10(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  // x = 2^n m: log10 x = n log10(2) + log(m) / ln 10 (fdlibm's split), with m in [1, 2), or
  // in [0.5, 1) when x < 1, so that the two terms never cancel
  // (a subnormal x is first scaled by 2^54). m = x / 2^n is exact, a power of two scaling the
  // exponent alone, and faster than rewriting the exponent's bits, which stalls a store that a
  // wider load then reads
  let y = x;
  let k = 0;
  f64[0] = x;
  if ((u32[HI] as number) < 0x00100000) {
    y = x * TWO54;
    k = -54;
    f64[0] = y;
  }
  let e = ((u32[HI] as number) >>> 20) - 1023;
  if (e < 0) e += 1;
  const m = y * (POW2[1100 - e] as number);
  const n = k + e;
  const z = n * LOG10_2LO + IVLN10 * logParts(m);
  const r = z + n * LOG10_2HI;
  // a power of ten must give its exponent exactly (log10(1000) = 3, as OOM arithmetic expects)
  const p = Math.round(r);
  return p >= 0 && p <= 22 && x === POW10[p] ? p : r;
}

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** x^y. */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x !== x || y !== y) return NaN;
  if (Number.isInteger(y) && Math.abs(y) <= 64) return powInteger(x, y);
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    const odd = Math.abs(y) < 2 ** 53 && Math.abs(y) % 2 === 1;
    const v = pow(-x, y);
    return odd ? -v : v;
  }
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  if (y === Infinity) return x > 1 ? Infinity : 0;
  if (y === -Infinity) return x > 1 ? 0 : Infinity;
  // x is positive and finite here; the model raises the same base many times in a row (10,
  // a price), so the last base's log is kept
  if (x !== (powLast[0] as number)) {
    powLast[0] = x;
    powLast[1] = logParts(x);
  }
  return exp(y * (powLast[1] as number));
}

/**
 * The last base `pow` took the log of, and that log. In a typed array rather than two
 * variables: V8 (as in Node 20) boxes a double stored in a module variable anew at each store.
 */
const powLast = new Float64Array([NaN, NaN]);

/** x^y for an integer |y| <= 64, by repeated squaring: exact whenever the result is representable (10^3, 2^-5, ...). */
function powInteger(x: number, y: number): number {
  let n = Math.abs(y);
  let base = x;
  let result = 1;
  while (n > 0) {
    if (n & 1) result *= base;
    n >>>= 1;
    if (n > 0) base *= base;
  }
  return y < 0 ? 1 / result : result;
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const TWO_PI = 6.283185307179586;

/** cos r for |r| <= pi/4. */
function kernelCos(r: number): number {
  const z = r * r;
  const c = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + ((1 - w - hz) + z * c);
}

/** sin r for |r| <= pi/4. */
function kernelSin(r: number): number {
  const z = r * r;
  return r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
}

/** cos(2 pi v) for v in [0, 1] (a fraction of a turn, as a uniform draw gives). */
export function cosTurn(v: number): number {
  const q = Math.round(v * 4); // nearest quarter turn
  const r = (v - q / 4) * TWO_PI; // v - q/4 is exact; |r| <= pi/4
  switch (q & 3) {
    case 0:
      return kernelCos(r);
    case 1:
      return -kernelSin(r);
    case 2:
      return -kernelCos(r);
    default:
      return kernelSin(r);
  }
}
