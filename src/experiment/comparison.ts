/**
 * The paired differences of a comparison (B - A per replication, same seeds), as comparison.csv:
 *   outcome,metric,unit,reading,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share,effect
 * one row per outcome read at the end or at its quarter (reading `end` or `at`), and one more
 * where the difference is largest (`peak`, see effects.ts) for an outcome that has a series;
 * and as differences.csv, the difference at every quarter:
 *   outcome,metric,unit,step,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,effect
 */
import { csvNumber, csvText } from "../report/csv.js";
import type { StepDifference } from "./effects.js";
import { clearDifference, differenceSize, differencesOverTime, peakOf, standardisedEffect } from "./effects.js";
import type { Plan } from "./plan.js";
import type { PairedDifference } from "./stats.js";
import { pairedDifference } from "./stats.js";
import * as fm from "../engine/fmath.js";

export type Reading = "end" | "at" | "peak";

export interface ComparisonRow {
  outcome: string;
  metric: string;
  unit: string;
  reading: Reading;
  date: string;
  diff: PairedDifference;
  /** Standardised effect (effects.ts). */
  effect: number;
}

export interface OutcomeSeries {
  outcome: string;
  metric: string;
  unit: string;
  steps: StepDifference[];
}

/**
 * values[policy][outcome][replication] -> rows; series[metric][policy][replication][step], where
 * kept, adds each outcome's peak and its difference over time. dates[step] labels the steps.
 */
export function compareOutcomes(
  plan: Plan,
  values: readonly (readonly (readonly number[])[])[],
  dates: readonly string[],
  series: ReadonlyMap<string, readonly (readonly (readonly number[])[])[]> = new Map(),
): { rows: ComparisonRow[]; overTime: OutcomeSeries[] } {
  const rows: ComparisonRow[] = [];
  const overTime: OutcomeSeries[] = [];
  plan.outcomes.forEach((o, i) => {
    const a = values[0]![i]!;
    const b = values[1]![i]!;
    const diff = pairedDifference(a, b);
    const base = { outcome: o.id, metric: o.metric, unit: o.unit };
    rows.push({ ...base, reading: o.aggregate === "final" ? "end" : "at", date: dates[o.to] ?? "", diff, effect: standardisedEffect(a, b, diff) });
    const s = series.get(o.metric);
    if (s === undefined || (o.aggregate !== "final" && o.aggregate !== "at")) return;
    const steps = differencesOverTime(s[0]!, s[1]!, dates);
    overTime.push({ ...base, steps });
    let peak = peakOf(o.unit, steps);
    // a difference as large at the end (or the quarter asked) as anywhere is largest there
    const main = steps[o.to];
    if (peak !== undefined && main !== undefined && clearDifference(main) && differenceSize(o.unit, main) >= differenceSize(o.unit, peak) * (1 - 1e-9)) peak = main;
    if (peak !== undefined) rows.push({ ...base, reading: "peak", date: peak.date, diff: peak, effect: peak.effect });
  });
  return { rows, overTime };
}

export const COMPARISON_HEADER = "outcome,metric,unit,reading,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share,effect\n";
export const DIFFERENCES_HEADER = "outcome,metric,unit,step,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,effect\n";

/** An effect as CSV: infinite where the outcome does not vary across seeds. */
const effectCell = (v: number) => (v === Infinity ? "inf" : v === -Infinity ? "-inf" : csvNumber(v));

export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  let out = COMPARISON_HEADER;
  for (const r of rows) {
    const d = r.diff;
    out += [csvText(r.outcome), csvText(r.metric), csvText(r.unit), r.reading, r.date, ...[d.n, d.meanA, d.meanB, d.mean, d.ciLow, d.ciHigh, d.relative, d.signShare].map(csvNumber), effectCell(r.effect)].join(",") + "\n";
  }
  return out;
}

export function differencesCsv(series: readonly OutcomeSeries[]): string {
  let out = DIFFERENCES_HEADER;
  for (const o of series) {
    const head = `${csvText(o.outcome)},${csvText(o.metric)},${csvText(o.unit)}`;
    for (const d of o.steps) out += [head, String(d.step), d.date, ...[d.n, d.meanA, d.meanB, d.mean, d.ciLow, d.ciHigh, d.relative].map(csvNumber), effectCell(d.effect)].join(",") + "\n";
  }
  return out;
}

/** A number with about three significant digits, signed when asked. */
export function num(v: number, signed = false): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  const digits = a === 0 ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(6, 2 - Math.floor(fm.log10(a)));
  const text = v.toFixed(digits);
  return signed && v > 0 ? `+${text}` : text;
}
