/**
 * The report of a comparison (airace compare): a plain-language summary generated from the
 * paired differences, a chart of the relative differences with their 95% intervals, and side
 * by side the two scenarios' series (median line, 50% and 90% bands over the replications).
 * Pure: takes the texts of the folder's files.
 */
import { quantileSorted } from "simple-statistics";
import type { TopLevelSpec } from "vega-lite";
import { METRICS } from "../model/metrics.js";
import type { Chart } from "./charts.js";
import { PALETTE } from "./charts.js";
import { yearOf } from "./series.js";

export interface ComparisonRowData {
  outcome: string;
  metric: string;
  unit: string;
  n: number;
  meanA: number;
  meanB: number;
  difference: number;
  ciLow: number;
  ciHigh: number;
  relative: number;
  signShare: number;
}

export function parseComparisonCsv(text: string): ComparisonRowData[] {
  const lines = text.trim().split("\n");
  if (lines[0] !== "outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share") throw new Error("not a comparison.csv written by airace compare");
  return lines.slice(1).map((l) => {
    const c = l.split(",");
    const num = (i: number) => (c[i] === "" ? NaN : Number(c[i]));
    return { outcome: c[0]!, metric: c[1]!, unit: c[2]!, n: num(3), meanA: num(4), meanB: num(5), difference: num(6), ciLow: num(7), ciHigh: num(8), relative: num(9), signShare: num(10) };
  });
}

const fmt = (v: number) => {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
};
const pct = (v: number) => `${Math.abs(v * 100) >= 10 ? Math.abs(v * 100).toFixed(0) : Math.abs(v * 100).toFixed(1)}%`;

/** "months_behind_CN_2030Q4" -> "months behind of CN in 2030Q4" (metric names from the model). */
export function describeOutcome(r: ComparisonRowData): string {
  const date = /_(\d{4}Q[1-4])$/.exec(r.outcome)?.[1];
  const metric = r.metric;
  const def = [...METRICS].sort((a, b) => b.name.length - a.name.length).find((m) => metric === m.name || metric.startsWith(`${m.name}_`));
  const entity = def && metric !== def.name ? metric.slice(def.name.length + 1) : "";
  const name = (def?.name ?? metric).replace(/_/g, " ");
  return `${entity ? `${entity}'s ` : ""}${name}${date ? ` in ${date}` : " at the end"}`;
}

/**
 * A sentence for each of the (at most `most`) largest changes whose 95% interval excludes zero
 * and which move the outcome by at least 1% (or have no relative measure); then how many
 * outcomes changed by less than 1%, and how many did not change detectably.
 */
export function comparisonSentences(rows: readonly ComparisonRowData[], a: string, b: string, most = 6): string[] {
  const clear = rows.filter((r) => r.n >= 2 && (r.ciLow > 0 || r.ciHigh < 0));
  const rel = (r: ComparisonRowData) => (Number.isFinite(r.relative) ? Math.abs(r.relative) : Infinity);
  const big = [...clear].filter((r) => rel(r) >= 0.01).sort((x, y) => rel(y) - rel(x));
  const small = clear.length - big.length;
  const out = big
    .slice(0, most)
    .map((r) => {
      const verb = r.difference > 0 ? "raises" : "lowers";
      const unit = r.unit && r.unit !== "1" ? ` ${r.unit}` : "";
      const from = `from ${fmt(r.meanA)} to ${fmt(r.meanB)}${unit}`;
      if (Number.isFinite(r.relative) && r.meanA !== 0) {
        const lo = Math.abs(r.ciLow / r.meanA);
        const hi = Math.abs(r.ciHigh / r.meanA);
        return `${b} ${verb} ${describeOutcome(r)} by ${pct(r.relative)} (95% CI ${pct(Math.min(lo, hi))}-${pct(Math.max(lo, hi))}) relative to ${a}, ${from}; the sign holds in ${Math.round(r.signShare * 100)}% of the ${r.n} paired runs.`;
      }
      return `${b} ${verb} ${describeOutcome(r)} by ${fmt(Math.abs(r.difference))}${unit} (95% CI ${fmt(r.ciLow)} to ${fmt(r.ciHigh)}) relative to ${a}, ${from}.`;
    });
  if (big.length > most) out.push(`${big.length - most} more outcomes changed by 1% or more (comparison.csv has every one; the chart below, every one with a nonzero reference).`);
  if (small > 0) out.push(`${small} of ${rows.length} outcomes changed detectably but by less than 1%.`);
  const unclear = rows.length - clear.length;
  if (unclear > 0) out.push(`${unclear} of ${rows.length} outcomes show no difference whose 95% interval excludes zero.`);
  return out;
}

/** Dot-and-whisker chart of the relative differences (B - A) / |A| with their intervals. */
export function differenceChart(rows: readonly ComparisonRowData[], a: string, b: string): Chart | undefined {
  const values = rows
    .filter((r) => Number.isFinite(r.relative) && r.meanA !== 0)
    .map((r) => ({ outcome: describeOutcome(r), relative: r.relative, low: r.ciLow / Math.abs(r.meanA), high: r.ciHigh / Math.abs(r.meanA) }));
  if (values.length === 0) return undefined;
  const y = { field: "outcome", type: "nominal" as const, title: null, sort: values.map((v) => v.outcome), axis: { labelLimit: 320 } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${b} relative to ${a}: mean difference and 95% interval`,
    width: 520,
    height: { step: 18 },
    data: { values },
    layer: [
      { mark: { type: "rule", color: "#888888" }, encoding: { x: { datum: 0, type: "quantitative", scale: { zero: true, nice: true } } } },
      { mark: { type: "rule", strokeWidth: 2, color: PALETTE[1] }, encoding: { y, x: { field: "low", type: "quantitative", title: `change relative to ${a}`, axis: { format: "%", tickCount: 8 }, scale: { zero: true, nice: true } }, x2: { field: "high" } } },
      {
        mark: { type: "point", filled: true, size: 50, color: PALETTE[1] },
        encoding: { y, x: { field: "relative", type: "quantitative", scale: { zero: true, nice: true } }, tooltip: [{ field: "outcome" }, { field: "relative", format: ".1%" }, { field: "low", format: ".1%" }, { field: "high", format: ".1%" }] },
      },
    ],
  };
  return { id: "differences", title: "Paired differences", caption: "Each outcome's mean change with its 95% interval, as a share of the reference scenario's mean.", spec: spec as unknown as TopLevelSpec };
}

export interface BandRow {
  scenario: string;
  entity: string;
  year: number;
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
}

/**
 * Quantiles over the replications of each scenario, per entity and quarter, of one metric,
 * from a sweep's timeseries.csv (`run,step,date,entity_kind,entity,metric,value`) and the
 * scenario of each run.
 */
export function bands(timeseries: string, metric: string, scenarioOfRun: readonly string[]): BandRow[] {
  const groups = new Map<string, number[]>();
  const years = new Map<string, number>();
  for (const line of timeseries.split("\n")) {
    const c = line.split(",");
    if (c[5] !== metric || c[3] !== "country") continue;
    const scenario = scenarioOfRun[Number(c[0])];
    if (scenario === undefined) continue;
    const key = `${scenario}|${c[4]}|${c[1]}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    const v = c[6] === "" ? NaN : Number(c[6]);
    if (Number.isFinite(v)) g.push(v);
    years.set(c[1]!, yearOf(c[2]!));
  }
  const out: BandRow[] = [];
  for (const [key, values] of groups) {
    if (values.length === 0) continue;
    const [scenario, entity, step] = key.split("|") as [string, string, string];
    const s = values.sort((x, y) => x - y);
    const q = (p: number) => quantileSorted(s, p);
    out.push({ scenario, entity, year: years.get(step) as number, q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95) });
  }
  return out;
}

/** Side-by-side series: one small panel per country, the scenarios' medians and bands. */
export function bandChart(id: string, title: string, rowsData: readonly BandRow[], scenarios: readonly string[], countries: readonly string[], yTitle: string, opts: { log?: boolean; percent?: boolean } = {}): Chart {
  const color = { field: "scenario", type: "nominal" as const, title: scenarios.length === 2 ? "scenario" : "policy", scale: { domain: [...scenarios], range: scenarios.map((_, i) => PALETTE[i % PALETTE.length]) } };
  const x = { field: "year", type: "quantitative" as const, title: "year", axis: { format: "d", tickCount: 4 }, scale: { nice: false } };
  const yScale = opts.log ? { scale: { type: "log" as const } } : opts.percent ? { scale: { domain: [0, 1] } } : {};
  const yAxis = opts.percent ? { axis: { format: "%" } } : opts.log ? { axis: { format: "~s" } } : {};
  const legendColor = { ...color, legend: { symbolType: "stroke", symbolStrokeWidth: 2, symbolOpacity: 1, labelLimit: 320 } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values: rowsData.filter((r) => !opts.log || r.q05 > 0) },
    facet: { field: "entity", type: "nominal", title: null, sort: [...countries] },
    columns: 3,
    spec: {
      width: 200,
      height: 130,
      layer: [
        { mark: { type: "area", opacity: 0.15 }, encoding: { x, y: { field: "q05", type: "quantitative", title: yTitle, ...yScale, ...yAxis }, y2: { field: "q95" }, color: legendColor } },
        { mark: { type: "area", opacity: 0.3 }, encoding: { x, y: { field: "q25", type: "quantitative", ...yScale }, y2: { field: "q75" }, color: legendColor } },
        {
          mark: { type: "line", strokeWidth: 1.8 },
          encoding: {
            x,
            y: { field: "q50", type: "quantitative", ...yScale },
            color: legendColor,
            // the reference solid, the others dashed: where they coincide both stay visible
            strokeDash: { field: "scenario", type: "nominal" as const, title: scenarios.length === 2 ? "scenario" : "policy", scale: { domain: [...scenarios], range: scenarios.map((_, i) => (i === 0 ? [1, 0] : [6, 3])) } },
          },
        },
      ],
    },
  };
  return {
    id,
    title,
    caption: "Median over the replications (the first scenario or policy solid, the others dashed, so that both show where they coincide), with 50% and 90% bands; they share their seeds.",
    spec: spec as unknown as TopLevelSpec,
  };
}
