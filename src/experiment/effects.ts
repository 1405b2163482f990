/**
 * Where a comparison's difference lies. A what-if often bites for a while and fades (a blockade
 * of two years), so an outcome read only at the end can hide it. For each outcome that has a
 * series, the paired difference B - A at every quarter, the quarter where it is largest, and
 * the standardised effect by which outcomes are ranked:
 *
 *   d_r,s     = B_r,s - A_r,s                     replication r (same seed in A and B), quarter s
 *   mean_s, 95% CI (t), relative_s = mean_s / |mean A_s|       as for every paired difference
 *   effect_s  = mean_s / sqrt((sd_A,s^2 + sd_B,s^2) / 2)       the difference in units of the
 *               outcome's spread across seeds (Cohen's d); +-Infinity where neither scenario
 *               varies across seeds and they differ, 0 where they do not differ
 *   size_s    = |relative_s| for a quantity on a ratio scale (compute, spending, counts of
 *               firms: positive in A), |mean_s| for one on an interval scale (OOM, months,
 *               shares, changes counted from the start)
 *   peak      = the quarter of the largest size among those whose 95% interval excludes zero
 *               (the earliest on a tie); none if no quarter's does
 *
 * The effect ranks outcomes of different units on one scale; the size finds the quarter in the
 * outcome's own terms (a difference of 60% in compute is large whatever the seeds' spread).
 */
import type { PairedDifference } from "./stats.js";
import { pairedDifference } from "./stats.js";
import { sampleStandardDeviation } from "simple-statistics";

/** Units whose differences are read as amounts, not ratios. */
const INTERVAL_UNITS = new Set(["OOM", "months", "yr", "1", "changes"]);

export interface StepDifference extends PairedDifference {
  step: number;
  date: string;
  /** Standardised effect: the mean difference over the pooled spread across seeds. */
  effect: number;
}

/** The standardised effect of a paired difference (see the header). */
export function standardisedEffect(a: readonly number[], b: readonly number[], diff: PairedDifference): number {
  const fa: number[] = [];
  const fb: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      fa.push(x);
      fb.push(y);
    }
  }
  if (fa.length < 2 || !Number.isFinite(diff.mean)) return NaN;
  const sa = sampleStandardDeviation(fa);
  const sb = sampleStandardDeviation(fb);
  const spread = Math.sqrt((sa * sa + sb * sb) / 2);
  // a spread at rounding level is no spread: the outcome is the same in every seed
  const scale = Math.max(Math.abs(diff.meanA), Math.abs(diff.meanB), 1e-300);
  if (spread <= 1e-12 * scale) return Math.abs(diff.mean) <= 1e-12 * scale ? 0 : diff.mean > 0 ? Infinity : -Infinity;
  return diff.mean / spread;
}

/** Whether a difference of an outcome in this unit is read as a ratio (its relative change) or an amount. */
export function ratioScale(unit: string, meanA: number, relative: number): boolean {
  return !INTERVAL_UNITS.has(unit) && meanA > 0 && Number.isFinite(relative);
}

/** How large a difference is in the outcome's own terms (see the header). */
export function differenceSize(unit: string, diff: PairedDifference): number {
  return ratioScale(unit, diff.meanA, diff.relative) ? Math.abs(diff.relative) : Math.abs(diff.mean);
}

/** Whether the 95% interval of a difference excludes zero. */
export function clearDifference(diff: PairedDifference): boolean {
  return diff.n >= 2 && (diff.ciLow > 0 || diff.ciHigh < 0);
}

/**
 * The paired difference at every quarter: a[r][s] and b[r][s] are replication r's values at
 * step s in A and in B (NaN where a run failed).
 */
export function differencesOverTime(a: readonly (readonly number[])[], b: readonly (readonly number[])[], dates: readonly string[]): StepDifference[] {
  const out: StepDifference[] = [];
  const xa = new Array<number>(a.length);
  const xb = new Array<number>(b.length);
  for (let s = 0; s < dates.length; s++) {
    for (let r = 0; r < a.length; r++) {
      xa[r] = a[r]![s] ?? NaN;
      xb[r] = b[r]![s] ?? NaN;
    }
    const diff = pairedDifference(xa, xb);
    out.push({ ...diff, step: s, date: dates[s]!, effect: standardisedEffect(xa, xb, diff) });
  }
  return out;
}

/** The quarter where the difference is largest among those where it is clear (see the header). */
export function peakOf(unit: string, steps: readonly StepDifference[]): StepDifference | undefined {
  let best: StepDifference | undefined;
  let bestSize = -1;
  for (const s of steps) {
    if (!clearDifference(s)) continue;
    const size = differenceSize(unit, s);
    if (size > bestSize) {
      best = s;
      bestSize = size;
    }
  }
  return best;
}

/**
 * Collects per-replication series from a comparison's timeseries.csv rows
 * (`run,step,date,entity_kind,entity,metric,value`) for the symbols asked for (`compute_CN`
 * for a country's metric, `frontier_capability` for a global one): series[symbol][policy][r][s].
 */
export class SeriesCollector {
  readonly series = new Map<string, number[][][]>();
  private readonly steps: number;

  constructor(
    symbols: readonly string[],
    readonly dates: readonly string[],
    private readonly replications: number,
    private readonly refOf: (run: number) => { policy: number; replication: number },
  ) {
    this.steps = dates.length - 1;
    for (const s of symbols) {
      if (!this.series.has(s)) this.series.set(s, [0, 1].map(() => Array.from({ length: replications }, () => new Array<number>(dates.length).fill(NaN))));
    }
  }

  /** One data row of timeseries.csv (the header is skipped by the caller). */
  add(line: string): void {
    const c = line.split(",");
    if (c.length < 7) return;
    const symbol = c[3] === "global" ? c[5]! : `${c[5]}_${c[4]}`;
    const target = this.series.get(symbol);
    if (target === undefined) return;
    const step = Number(c[1]);
    if (!(step >= 0 && step <= this.steps)) return;
    const ref = this.refOf(Number(c[0]));
    if (ref.policy > 1 || ref.replication >= this.replications) return;
    target[ref.policy]![ref.replication]![step] = c[6] === "" ? NaN : Number(c[6]);
  }
}
