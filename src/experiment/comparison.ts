/**
 * The paired differences of a comparison (B - A per replication, same seeds), as comparison.csv:
 *   outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share
 * and as a table for the terminal.
 */
import { csvNumber, csvText } from "../report/csv.js";
import type { Plan } from "./plan.js";
import type { PairedDifference } from "./stats.js";
import { pairedDifference } from "./stats.js";
import * as fm from "../engine/fmath.js";

export interface ComparisonRow {
  outcome: string;
  metric: string;
  unit: string;
  diff: PairedDifference;
}

/** values[policy][outcome][replication] -> one row per outcome. */
export function compareOutcomes(plan: Plan, values: readonly (readonly (readonly number[])[])[]): ComparisonRow[] {
  return plan.outcomes.map((o, i) => ({ outcome: o.id, metric: o.metric, unit: o.unit, diff: pairedDifference(values[0]![i]!, values[1]![i]!) }));
}

export const COMPARISON_HEADER = "outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share\n";

export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  let out = COMPARISON_HEADER;
  for (const r of rows) {
    const d = r.diff;
    out += [csvText(r.outcome), csvText(r.metric), csvText(r.unit), ...[d.n, d.meanA, d.meanB, d.mean, d.ciLow, d.ciHigh, d.relative, d.signShare].map(csvNumber)].join(",") + "\n";
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

export function comparisonTable(plan: Plan, rows: readonly ComparisonRow[]): string {
  const [a, b] = plan.policies;
  const head = ["outcome", "unit", `A: ${a!.id}`, `B: ${b!.id}`, "B - A", "95% CI", "same sign"];
  const body = rows.map((r) => {
    const d = r.diff;
    return [r.outcome, r.unit, num(d.meanA), num(d.meanB), num(d.mean, true), `${num(d.ciLow, true)} .. ${num(d.ciHigh, true)}`, Number.isFinite(d.signShare) ? `${Math.round(d.signShare * 100)}%` : "n/a"];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [line(head), ...body.map(line)].join("\n");
}
