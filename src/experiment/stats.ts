/**
 * Summaries of replicated outcomes: mean, standard deviation, quantiles and the 95% confidence
 * interval of the mean, and the same for paired differences.
 *
 * - sd is the sample standard deviation (n - 1);
 * - quantiles are simple-statistics' `quantileSorted`: linear interpolation between order
 *   statistics at (n - 1) p (type 7, the default of R and numpy), on the finite values;
 * - the confidence interval is mean +- t(0.975, n - 1) sd / sqrt(n) with Student's t: the
 *   critical values for 1..30 degrees of freedom are the tabled ones (3 decimals), beyond 30 the
 *   Cornish-Fisher expansion of t around the normal quantile (error below 1e-4).
 * Values that are not finite (a failed run, a threshold never crossed) are left out and counted
 * apart, so `n` says how many runs a summary rests on.
 */
import { mean, quantileSorted, sampleStandardDeviation } from "simple-statistics";
import * as fm from "../engine/fmath.js";

const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959963984540054;

/** Student's t quantile at 0.975 for `df` degrees of freedom. */
export function tCritical975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= T975.length) return T975[Math.floor(df) - 1] as number;
  const z = Z975;
  const z3 = fm.pow(z, 3);
  const z5 = fm.pow(z, 5);
  const z7 = fm.pow(z, 7);
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * fm.pow(df, 2)) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * fm.pow(df, 3))
  );
}

export interface Summary {
  /** Finite values summarised. */
  n: number;
  /** Values left out (not finite). */
  missing: number;
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
  ciLow: number;
  ciHigh: number;
}

export const SUMMARY_COLUMNS = ["n", "missing", "mean", "sd", "q05", "q50", "q95", "ci95_low", "ci95_high"] as const;

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const missing = values.length - n;
  if (n === 0) return { n, missing, mean: NaN, sd: NaN, q05: NaN, q50: NaN, q95: NaN, ciLow: NaN, ciHigh: NaN };
  const sorted = [...finite].sort((a, b) => a - b);
  const m = mean(finite);
  const sd = n > 1 ? sampleStandardDeviation(finite) : NaN;
  const half = n > 1 ? (tCritical975(n - 1) * sd) / Math.sqrt(n) : NaN;
  return {
    n,
    missing,
    mean: m,
    sd,
    q05: quantileSorted(sorted, 0.05),
    q50: quantileSorted(sorted, 0.5),
    q95: quantileSorted(sorted, 0.95),
    ciLow: m - half,
    ciHigh: m + half,
  };
}

export function summaryCells(s: Summary): number[] {
  return [s.n, s.missing, s.mean, s.sd, s.q05, s.q50, s.q95, s.ciLow, s.ciHigh];
}

/** A paired comparison: differences b - a over the pairs where both are finite. */
export interface PairedDifference extends Summary {
  /** Share of pairs whose difference has the sign of the mean difference (ties count against). */
  signShare: number;
  /** Relative difference of the means, (mean b - mean a) / |mean a|, NaN when mean a is 0. */
  relative: number;
  meanA: number;
  meanB: number;
}

export function pairedDifference(a: readonly number[], b: readonly number[]): PairedDifference {
  if (a.length !== b.length) throw new Error(`pairedDifference: ${a.length} values against ${b.length}`);
  const da: number[] = [];
  const db: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      da.push(x);
      db.push(y);
      d.push(y - x);
    }
  }
  const s = summarize(d);
  const sign = Math.sign(s.mean);
  const signShare = d.length === 0 || sign === 0 ? NaN : d.filter((v) => Math.sign(v) === sign).length / d.length;
  const meanA = da.length > 0 ? mean(da) : NaN;
  const meanB = db.length > 0 ? mean(db) : NaN;
  return { ...s, missing: a.length - d.length, signShare, relative: meanA === 0 ? NaN : (meanB - meanA) / Math.abs(meanA), meanA, meanB };
}
