/**
 * Summaries built as runs arrive in run order: when the last replication of a (point, policy)
 * arrives, its rows of points.csv are complete and handed on, and only that group's values
 * were held. For sensitivity analysis, the mean of each outcome at each point and policy is
 * kept (8 bytes per point, policy and outcome), nothing per run.
 *
 * points.csv (tidy, one row per point, policy and outcome):
 *   point,policy,<uncertainty ids>,outcome,n,missing,mean,sd,q05,q50,q95,ci95_low,ci95_high
 */
import { csvNumber, csvText } from "../report/csv.js";
import type { Plan } from "./plan.js";
import { pointValues, POINTS_COLUMNS, runRef } from "./plan.js";
import { summarize, summaryCells } from "./stats.js";

export function pointsHeader(plan: Plan): string {
  return [...POINTS_COLUMNS.before, ...plan.uncertainties.map((u) => u.id), ...POINTS_COLUMNS.after].map(csvText).join(",") + "\n";
}

export class PointCollector {
  /** Next run expected. */
  next = 0;
  /** Means by (point * policies + policy) * outcomes + outcome, when kept. */
  readonly means: Float64Array | undefined;
  private readonly group: number[][];
  /** Runs that failed so far. */
  failures = 0;

  constructor(
    readonly plan: Plan,
    keepMeans: boolean,
  ) {
    this.means = keepMeans ? new Float64Array(plan.points * plan.policies.length * plan.outcomes.length) : undefined;
    this.group = plan.outcomes.map(() => []);
  }

  /** Takes the outcomes of the next run; returns the rows of points.csv it completes ("" if none). */
  add(run: number, ok: boolean, values: readonly number[]): string {
    if (run !== this.next) throw new Error(`PointCollector: expected run ${this.next}, got ${run}`);
    this.next++;
    if (!ok) this.failures++;
    const plan = this.plan;
    values.forEach((v, i) => this.group[i]!.push(v));
    const ref = runRef(plan, run);
    if (ref.replication !== plan.replications - 1) return "";
    const head = `${ref.point},${csvText(plan.policies[ref.policy]!.id)},${pointValues(plan, ref.point).map(csvNumber).join(plan.uncertainties.length > 0 ? "," : "")}${plan.uncertainties.length > 0 ? "," : ""}`;
    let rows = "";
    plan.outcomes.forEach((o, i) => {
      const s = summarize(this.group[i]!);
      if (this.means !== undefined) this.means[(ref.point * plan.policies.length + ref.policy) * plan.outcomes.length + i] = s.mean;
      rows += head + csvText(o.id) + "," + summaryCells(s).map(csvNumber).join(",") + "\n";
      this.group[i]!.length = 0;
    });
    return rows;
  }

  /** The means of one outcome under one policy, point by point (for sensitivity indices). */
  outcomeMeans(policy: number, outcome: number): number[] {
    const plan = this.plan;
    if (this.means === undefined) throw new Error("PointCollector: means were not kept");
    const out: number[] = [];
    for (let p = 0; p < plan.points; p++) out.push(this.means[(p * plan.policies.length + policy) * plan.outcomes.length + outcome] as number);
    return out;
  }
}

/**
 * Parses a runs.csv row written by `runsRow` back into its run, status and outcome values
 * (numbers are written in shortest round-trip form, so they parse back exactly). Used to
 * rebuild the summaries when a sweep is resumed.
 */
export function parseRunsRow(plan: Plan, line: string): { run: number; ok: boolean; values: number[] } {
  const k = plan.uncertainties.length;
  const cells = line.split(",");
  const run = Number(cells[0]);
  const ok = cells[5] === "ok";
  const values = plan.outcomes.map((_, i) => {
    const cell = cells[6 + k + i] ?? "";
    return cell === "" ? NaN : Number(cell);
  });
  return { run, ok, values };
}
