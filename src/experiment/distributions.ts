/**
 * Distributions of uncertain parameters, as inverse cumulative distribution functions: a
 * design gives points in the unit hypercube and `valueAt` maps each coordinate u in [0, 1] to
 * a parameter value, so stratification (Latin hypercube, Sobol) carries over to the values.
 *
 *   uniform(min, max)                 min + u (max - min)
 *   log-uniform(min, max)             min (max / min)^u                     (0 < min < max)
 *   normal(mean, sd)                  mean + sd probit(u)
 *   truncated-normal(mean, sd, min, max)
 *                                     mean + sd probit(F(a) + u (F(b) - F(a))), a, b standardised
 *   triangular(min, mode, max)        the inverse of the triangular CDF
 *   discrete(values)                  values[floor(u n)]                   (u = 1 -> the last)
 *
 * probit is Acklam's rational approximation (relative error 1.2e-9) refined by one Halley step
 * on the normal CDF, which is computed from mathjs's erf (W. J. Cody's rational Chebyshev
 * approximations): accurate to about 1e-15 in the body and 1e-8 in the far tails (tested).
 */
import mathjs from "mathjs/lib/browser/math.js";
import * as fm from "../engine/fmath.js";

export type Distribution =
  | { kind: "uniform"; min: number; max: number }
  | { kind: "log-uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "truncated-normal"; mean: number; sd: number; min: number; max: number }
  | { kind: "triangular"; min: number; mode: number; max: number }
  | { kind: "discrete"; values: readonly number[] };

/** Keeps u inside (0, 1) where a distribution has infinite tails. */
const EPS = 1e-12;
const clampOpen = (u: number) => Math.min(1 - EPS, Math.max(EPS, u));
const clampTo = (min: number, max: number, x: number) => Math.min(max, Math.max(min, x));

export function normalCdf(z: number): number {
  return 0.5 * (1 + (mathjs.erf(z / Math.SQRT2) as number));
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile of p in (0, 1). */
export function probit(p: number): number {
  let x: number;
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * fm.log(p < P_LOW ? p : 1 - p));
    x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
    if (p > 1 - P_LOW) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  }
  // one Halley step on the exact CDF
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * fm.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

export function valueAt(d: Distribution, u: number): number {
  // a bounded range's ends exactly (grid levels 0 and 1 land on them), where rounding in the
  // formulas would give exp(log 0.01) = 0.010000000000000005
  if (d.kind !== "normal" && d.kind !== "discrete" && (u <= 0 || u >= 1)) return u <= 0 ? d.min : d.max;
  switch (d.kind) {
    // rounding in the formulas may step a hair past a bound (0.1 + (0.3 - 0.1) > 0.3, and
    // 0.01 (100 / 0.01)^1 > 100): a range's ends are hard, so the values are clamped to them
    case "uniform":
      return clampTo(d.min, d.max, d.min + u * (d.max - d.min));
    case "log-uniform":
      return clampTo(d.min, d.max, fm.exp(fm.log(d.min) + u * (fm.log(d.max) - fm.log(d.min))));
    case "normal":
      return d.mean + d.sd * probit(clampOpen(u));
    case "truncated-normal": {
      const fa = normalCdf((d.min - d.mean) / d.sd);
      const fb = normalCdf((d.max - d.mean) / d.sd);
      const x = d.mean + d.sd * probit(clampOpen(fa + u * (fb - fa)));
      // the approximate CDF may step a hair outside the bounds: the bounds are hard
      return clampTo(d.min, d.max, x);
    }
    case "triangular": {
      const { min, mode, max } = d;
      const c = (mode - min) / (max - min);
      return clampTo(min, max, u < c ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode)));
    }
    case "discrete":
      return d.values[Math.min(d.values.length - 1, Math.floor(u * d.values.length))] as number;
  }
}

/** The smallest and largest values a distribution can give (infinite for the normal). */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case "normal":
      return [-Infinity, Infinity];
    case "discrete":
      return [Math.min(...d.values), Math.max(...d.values)];
    default:
      return [d.min, d.max];
  }
}

/** Whether every grid level, 0 and 1 included, maps to a finite value (not a plain normal). */
export function isBounded(d: Distribution): boolean {
  return d.kind !== "normal";
}

/** A short description for tables: "uniform 0.1..0.5", "normal 3 sd 1". */
export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case "normal":
      return `normal mean ${d.mean} sd ${d.sd}`;
    case "truncated-normal":
      return `truncated normal mean ${d.mean} sd ${d.sd} in ${d.min}..${d.max}`;
    case "triangular":
      return `triangular ${d.min}..${d.max} mode ${d.mode}`;
    case "discrete":
      return `one of ${d.values.join(", ")}`;
    default:
      return `${d.kind} ${d.min}..${d.max}`;
  }
}
