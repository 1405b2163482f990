/**
 * The report of a comparison (airace compare), and its summary and table in the terminal: the
 * outcomes ranked by standardised effect (src/experiment/effects.ts), each read where its
 * difference is largest and at the end; a plain-language summary generated from them; charts
 * of the standardised effects, of each outcome's difference over time on its own scale, and
 * side by side the two scenarios' series (median line, 50% and 90% bands over the
 * replications). Pure: takes the texts of the folder's files.
 */
import { quantileSorted } from "simple-statistics";
import type { TopLevelSpec } from "vega-lite";
import { ratioScale } from "../experiment/effects.js";
import { METRICS } from "../model/metrics.js";
import type { Chart } from "./charts.js";
import { PALETTE } from "./charts.js";
import { WIDE_WIDTH } from "./layout.js";
import { yearOf } from "./series.js";

export interface ComparisonRowData {
  outcome: string;
  metric: string;
  unit: string;
  /** `end`, `at` (the outcome's quarter) or `peak` (where the difference is largest). */
  reading: "end" | "at" | "peak";
  date: string;
  n: number;
  meanA: number;
  meanB: number;
  difference: number;
  ciLow: number;
  ciHigh: number;
  relative: number;
  signShare: number;
  /** Standardised effect: the difference over the outcome's spread across seeds (+-Infinity where it has none). */
  effect: number;
}

const HEADER = "outcome,metric,unit,reading,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share,effect";
/** comparison.csv as airace 0.x before readings: one row per outcome, no effect. */
const HEADER_V1 = "outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share";

const cellNumber = (text: string | undefined) => (text === undefined || text === "" ? NaN : text === "inf" ? Infinity : text === "-inf" ? -Infinity : Number(text));

export function parseComparisonCsv(text: string): ComparisonRowData[] {
  const lines = text.trim().split("\n");
  const v1 = lines[0] === HEADER_V1;
  if (lines[0] !== HEADER && !v1) throw new Error("not a comparison.csv written by airace compare");
  return lines.slice(1).map((l) => {
    const c = l.split(",");
    if (v1) {
      const date = /_(\d{4}Q[1-4])$/.exec(c[0]!)?.[1];
      const [n, meanA, meanB, difference, ciLow, ciHigh, relative, signShare] = c.slice(3).map(cellNumber) as number[];
      return { outcome: c[0]!, metric: c[1]!, unit: c[2]!, reading: date ? "at" : "end", date: date ?? "", n: n!, meanA: meanA!, meanB: meanB!, difference: difference!, ciLow: ciLow!, ciHigh: ciHigh!, relative: relative!, signShare: signShare!, effect: NaN };
    }
    const [n, meanA, meanB, difference, ciLow, ciHigh, relative, signShare, effect] = c.slice(5).map(cellNumber) as number[];
    const reading = c[3] === "peak" || c[3] === "at" ? c[3] : "end";
    return { outcome: c[0]!, metric: c[1]!, unit: c[2]!, reading, date: c[4]!, n: n!, meanA: meanA!, meanB: meanB!, difference: difference!, ciLow: ciLow!, ciHigh: ciHigh!, relative: relative!, signShare: signShare!, effect: effect! };
  });
}

const fmt = (v: number) => {
  const a = Math.abs(v);
  return a >= 1000 ? grouped(v) : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
};
const pct = (v: number) => `${Math.abs(v * 100) >= 10 ? Math.abs(v * 100).toFixed(0) : Math.abs(v * 100).toFixed(1)}%`;

/** An integer with thousands separators ("1,204,899"), the same in every locale. */
export function grouped(v: number): string {
  const text = Math.round(Math.abs(v)).toString();
  let out = "";
  for (let i = 0; i < text.length; i++) out += (i > 0 && (text.length - i) % 3 === 0 ? "," : "") + text[i];
  return (v < 0 && out !== "0" ? "-" : "") + out;
}

const ratio = (r: ComparisonRowData) => ratioScale(r.unit, r.meanA, r.relative);
const clear = (r: ComparisonRowData) => r.n >= 2 && (r.ciLow > 0 || r.ciHigh < 0);
/** How large a difference is in the outcome's own terms: its relative change, or its amount. */
const size = (r: ComparisonRowData) => (ratio(r) ? Math.abs(r.relative) : Math.abs(r.difference));

/** "compute_CN" -> "CN's compute", "frontier_capability" -> "frontier capability" (metric names from the model). */
export function outcomeName(metric: string): string {
  const def = [...METRICS].sort((a, b) => b.name.length - a.name.length).find((m) => metric === m.name || metric.startsWith(`${m.name}_`));
  const entity = def && metric !== def.name ? metric.slice(def.name.length + 1) : "";
  const name = (def?.name ?? metric).replace(/_/g, " ");
  return `${entity ? `${entity}'s ` : ""}${name}`;
}

/** "months_behind_CN" read in 2030Q4 -> "CN's months behind in 2030Q4". */
export function describeOutcome(r: ComparisonRowData): string {
  return `${outcomeName(r.metric)}${r.reading === "end" ? " at the end" : r.date ? ` in ${r.date}` : ""}`;
}

/** An outcome's readings: where its difference is largest, and at the end (or its quarter). */
export interface RankedOutcome {
  outcome: string;
  /** The reading the outcome is ranked by: the peak where there is one, else `main`. */
  headline: ComparisonRowData;
  /** The end (or the outcome's quarter). */
  main: ComparisonRowData;
  peak?: ComparisonRowData;
}

/**
 * Outcomes ranked by the standardised effect of their headline reading (the largest first; an
 * outcome that does not vary across seeds before its infinite effect is ranked by its size),
 * outcomes with no clear difference last, in their order in the file.
 */
export function rankOutcomes(rows: readonly ComparisonRowData[]): RankedOutcome[] {
  const byOutcome = new Map<string, RankedOutcome>();
  const order: string[] = [];
  for (const r of rows) {
    let o = byOutcome.get(r.outcome);
    if (o === undefined) {
      byOutcome.set(r.outcome, (o = { outcome: r.outcome, headline: r, main: r }));
      order.push(r.outcome);
    }
    if (r.reading === "peak") o.peak = r;
    else o.main = r;
    o.headline = o.peak ?? o.main;
  }
  const all = order.map((id) => byOutcome.get(id)!);
  const strength = (o: RankedOutcome) => (clear(o.headline) && Number.isFinite(Math.abs(o.headline.effect)) ? Math.abs(o.headline.effect) : clear(o.headline) && Math.abs(o.headline.effect) === Infinity ? Infinity : -1);
  return all
    .map((o, i) => ({ o, i }))
    .sort((x, y) => {
      const sx = strength(x.o);
      const sy = strength(y.o);
      if (sx !== sy) return sy - sx || (sy === Infinity ? 1 : -1);
      if (sx === Infinity) return size(y.o.headline) - size(x.o.headline) || x.i - y.i;
      return x.i - y.i;
    })
    .map((x) => x.o);
}

/** "by 61% (95% CI 60%-62%)" for a ratio, "by 12.0 months (95% CI 11.4 to 12.6)" for an amount. */
function by(r: ComparisonRowData): string {
  const unit = r.unit && r.unit !== "1" ? ` ${r.unit}` : "";
  if (ratio(r)) {
    const lo = Math.abs(r.ciLow / r.meanA);
    const hi = Math.abs(r.ciHigh / r.meanA);
    return `by ${pct(r.relative)} (95% CI ${pct(Math.min(lo, hi))}-${pct(Math.max(lo, hi))})`;
  }
  const [lo, hi] = r.difference < 0 ? [-r.ciHigh, -r.ciLow] : [r.ciLow, r.ciHigh];
  return `by ${fmt(Math.abs(r.difference))}${unit} (95% CI ${fmt(lo)} to ${fmt(hi)})`;
}

const fromTo = (r: ComparisonRowData) => `from ${fmt(r.meanA)} to ${fmt(r.meanB)}${r.unit && r.unit !== "1" ? ` ${r.unit}` : ""}`;

/** What the end adds to a sentence about the peak: its size, or that the difference is gone. */
function atTheEnd(o: RankedOutcome): string {
  const m = o.main;
  const when = m.reading === "end" ? `at the end (${m.date})` : `in ${m.date}`;
  if (!clear(m)) return `; ${when} there is no clear difference`;
  if (m.difference > 0 === o.headline.difference > 0) return `; ${when} ${by(m)}`;
  return `; ${when} the other way, ${m.difference > 0 ? "higher" : "lower"} ${by(m)}`;
}

/**
 * A sentence for each of the (at most `most`) outcomes ranked first whose difference is clear
 * and moves the outcome by at least 1% (or has no relative measure): where it is largest and
 * what is left at the end; then how many outcomes changed by less, and how many did not
 * change detectably.
 */
export function comparisonSentences(rows: readonly ComparisonRowData[], a: string, b: string, most = 6): string[] {
  const ranked = rankOutcomes(rows);
  const clearOnes = ranked.filter((o) => clear(o.headline));
  const minor = (o: RankedOutcome) => ratio(o.headline) && Math.abs(o.headline.relative) < 0.01;
  const big = clearOnes.filter((o) => !minor(o));
  const out = big.slice(0, most).map((o) => {
    const h = o.headline;
    const verb = h.difference > 0 ? "raises" : "lowers";
    const sign = Number.isFinite(h.signShare) ? `; the sign holds in ${Math.round(h.signShare * 100)}% of the ${h.n} paired runs` : "";
    if (o.peak !== undefined && o.peak.date !== o.main.date) {
      return `${b} ${verb} ${outcomeName(h.metric)} most in ${h.date}, ${by(h)} relative to ${a}, ${fromTo(h)}${sign}${atTheEnd(o)}.`;
    }
    return `${b} ${verb} ${describeOutcome(o.main)} ${by(o.main)} relative to ${a}, ${fromTo(o.main)}${sign}.`;
  });
  if (big.length > most) out.push(`${big.length - most} more outcomes changed clearly (the table and comparison.csv have every one).`);
  const small = clearOnes.length - big.length;
  if (small > 0) out.push(`${small} of ${ranked.length} outcomes changed detectably but by less than 1%.`);
  const unclear = ranked.length - clearOnes.length;
  if (unclear > 0) out.push(`${unclear} of ${ranked.length} outcomes show no difference whose 95% interval excludes zero at any quarter.`);
  return out;
}

const order = (values: readonly { outcome: string }[]) => new Set(values.map((v) => v.outcome)).size;

const effectText = (e: number) => (e === Infinity ? "+inf" : e === -Infinity ? "-inf" : Number.isFinite(e) ? `${e > 0 ? "+" : ""}${Math.abs(e) >= 10 ? e.toFixed(0) : e.toFixed(1)}` : "n/a");

/**
 * The terminal's table, in the order of rankOutcomes: for each outcome the reading it is ranked
 * by, and under it the end where the largest difference comes earlier.
 */
export function comparisonTable(rows: readonly ComparisonRowData[], a: string, b: string): string {
  const head = ["#", "outcome", "read in", `A: ${a}`, `B: ${b}`, "B - A", "95% CI", "change", "effect"];
  const body: string[][] = [];
  const cells = (r: ComparisonRowData, label: string, when: string, rank: string) => [
    rank,
    label,
    when,
    fmt(r.meanA),
    fmt(r.meanB),
    `${r.difference > 0 ? "+" : ""}${fmt(r.difference)}`,
    `${fmt(r.ciLow)} .. ${fmt(r.ciHigh)}`,
    ratio(r) ? `${r.relative > 0 ? "+" : "-"}${pct(r.relative)}` : "",
    effectText(r.effect),
  ];
  const unit = (r: ComparisonRowData) => (r.unit && r.unit !== "1" ? ` (${r.unit})` : "");
  rankOutcomes(rows).forEach((o, i) => {
    const split = o.peak !== undefined && o.peak.date !== o.main.date;
    const mainWhen = `${o.main.date}${o.main.reading === "end" ? " end" : ""}`;
    if (split) {
      body.push(cells(o.peak!, `${outcomeName(o.main.metric)}${unit(o.main)}`, `${o.peak!.date} largest`, String(i + 1)));
      body.push(cells(o.main, "", mainWhen, ""));
    } else body.push(cells(o.main, `${outcomeName(o.main.metric)}${unit(o.main)}`, o.peak !== undefined ? `${mainWhen}, largest` : mainWhen, String(i + 1)));
  });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cs: string[]) => cs.map((cell, c) => (c === 1 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [line(head), ...body.map(line)].join("\n");
}

/**
 * Dot-and-whisker chart of the standardised effects of the ranked outcomes: where each is
 * largest and at the end, with their 95% intervals in the same units, so that outcomes of every
 * unit share one scale and none flattens the rest: the (at most `most`) ranked first whose
 * difference is clear. Outcomes that do not vary across seeds (an infinite effect) are left out
 * and counted in the caption.
 */
export function effectChart(rows: readonly ComparisonRowData[], a: string, b: string, most = 15): Chart | undefined {
  const ranked = rankOutcomes(rows)
    .filter((o) => clear(o.headline))
    .slice(0, most);
  const values: { outcome: string; reading: string; effect: number; low: number; high: number; difference: string }[] = [];
  let flat = 0;
  for (const o of ranked) {
    if (!Number.isFinite(o.headline.effect)) {
      flat++;
      continue;
    }
    const label = outcomeName(o.main.metric);
    const readingsOf = o.peak !== undefined && o.peak.date !== o.main.date ? [o.peak, o.main] : [o.main];
    for (const r of readingsOf) {
      if (!Number.isFinite(r.effect) || r.difference === 0) continue;
      const spread = r.difference / r.effect;
      values.push({ outcome: label, reading: r.reading === "peak" ? `largest (${r.date})` : r.reading === "end" ? "at the end" : `in ${r.date}`, effect: r.effect, low: r.ciLow / spread, high: r.ciHigh / spread, difference: `${r.difference > 0 ? "+" : ""}${fmt(r.difference)}${r.unit && r.unit !== "1" ? ` ${r.unit}` : ""}` });
    }
  }
  if (values.length === 0) return undefined;
  const kinds = ["where largest", "at the end", "at the quarter asked"];
  const data = values.map((v) => ({ ...v, row: `${v.outcome}, ${v.reading}`, kind: v.reading.startsWith("largest") ? kinds[0] : v.reading === "at the end" ? kinds[1] : kinds[2] }));
  const used = kinds.filter((k) => data.some((d) => d.kind === k));
  const colour = { field: "kind", type: "nominal" as const, title: "read", legend: { labelLimit: 300 }, scale: { domain: used, range: used.map((k) => (k === kinds[0] ? PALETTE[1] : k === kinds[1] ? PALETTE[0] : PALETTE[2])) } };
  const y = { field: "row", type: "nominal" as const, title: null, sort: data.map((d) => d.row), axis: { labelLimit: 360 } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${b} against ${a}: standardised effects, ranked`,
    // a row of the page: the plot takes what the outcomes' names and the legend leave
    width: WIDE_WIDTH - 520,
    height: { step: 18 },
    data: { values: data },
    layer: [
      { mark: { type: "rule", color: "#888888" }, encoding: { x: { datum: 0, type: "quantitative" } } },
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y, x: { field: "low", type: "quantitative", title: "B - A in standard deviations across seeds (95% interval)", scale: { zero: true, nice: true } }, x2: { field: "high" }, color: colour } },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          y,
          x: { field: "effect", type: "quantitative" },
          color: colour,
          tooltip: [{ field: "outcome" }, { field: "reading", title: "read" }, { field: "difference", title: "B - A" }, { field: "effect", format: ".1f", title: "effect" }],
        },
      },
    ],
  };
  const left = flat > 0 ? ` ${flat} outcome${flat > 1 ? "s" : ""} that do not vary across seeds (an infinite effect) are left out; the table has them.` : "";
  return {
    id: "effects",
    title: "Effects, ranked",
    wide: true,
    caption: `The difference B - A of the ${order(values)} outcomes ranked first, in units of each one's spread across seeds (Cohen's d), where it is largest and at the end, with its 95% interval: outcomes of every unit on one scale, in the order of the summary and the table.${left}`,
    spec: spec as unknown as TopLevelSpec,
  };
}

export interface DifferenceStep {
  outcome: string;
  metric: string;
  unit: string;
  step: number;
  date: string;
  difference: number;
  ciLow: number;
  ciHigh: number;
  relative: number;
  meanA: number;
}

export function parseDifferencesCsv(text: string): DifferenceStep[] {
  const lines = text.trim().split("\n");
  if (lines[0] !== "outcome,metric,unit,step,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,effect") throw new Error("not a differences.csv written by airace compare");
  return lines.slice(1).map((l) => {
    const c = l.split(",");
    return { outcome: c[0]!, metric: c[1]!, unit: c[2]!, step: Number(c[3]), date: c[4]!, meanA: cellNumber(c[6]), difference: cellNumber(c[8]), ciLow: cellNumber(c[9]), ciHigh: cellNumber(c[10]), relative: cellNumber(c[11]) };
  });
}

/**
 * The paired difference over time of the (at most `most`) outcomes ranked first, one small
 * panel each with its own scale: the mean difference with its 95% band, zero, and the quarter
 * where it is largest; a quarter asked for (`at`) is marked where given.
 * Ratio outcomes are drawn as relative changes, the others in their units.
 */
export function differencesOverTimeChart(
  steps: readonly DifferenceStep[],
  rows: readonly ComparisonRowData[],
  a: string,
  b: string,
  marks: { at?: string } = {},
  most = 9,
): Chart | undefined {
  const ranked = rankOutcomes(rows)
    .filter((o) => clear(o.headline))
    .slice(0, most);
  if (ranked.length === 0) return undefined;
  const panel = new Map(ranked.map((o) => [o.outcome, o] as const));
  const values: { panel: string; year: number; date: string; value: number; low: number; high: number; peak: boolean }[] = [];
  const titleOf = (o: RankedOutcome) => {
    const r = o.headline;
    return ratio(r) ? `${outcomeName(r.metric)} (% change)` : `${outcomeName(r.metric)}${r.unit && r.unit !== "1" ? ` (${r.unit})` : ""}`;
  };
  for (const s of steps) {
    const o = panel.get(s.outcome);
    if (o === undefined || !Number.isFinite(s.difference)) continue;
    const k = ratio(o.headline) ? (s.meanA > 0 ? 100 / s.meanA : NaN) : 1;
    if (!Number.isFinite(k)) continue;
    values.push({ panel: titleOf(o), year: yearOf(s.date), date: s.date, value: s.difference * k, low: s.ciLow * k, high: s.ciHigh * k, peak: o.peak?.date === s.date });
  }
  const order = ranked.map(titleOf);
  const x = { field: "year", type: "quantitative" as const, title: null, axis: { format: "d", tickCount: 4 }, scale: { nice: false } };
  const layers: unknown[] = [

    { mark: { type: "area", opacity: 0.25, color: PALETTE[1] }, encoding: { x, y: { field: "low", type: "quantitative", title: null }, y2: { field: "high" } } },
    { mark: { type: "line", strokeWidth: 1.8, color: PALETTE[1] }, encoding: { x, y: { field: "value", type: "quantitative" }, tooltip: [{ field: "date" }, { field: "value", format: ".3~g", title: "B - A" }] } },
    { mark: { type: "rule", color: "#888888" }, encoding: { y: { datum: 0, type: "quantitative" } } },
    { transform: [{ filter: "datum.peak" }], mark: { type: "rule", strokeDash: [3, 3], color: "#555555" }, encoding: { x: { field: "year", type: "quantitative" }, tooltip: [{ field: "date", title: "largest" }] } },
  ];
  if (marks.at) layers.push({ mark: { type: "rule", color: PALETTE[0] }, encoding: { x: { datum: yearOf(marks.at), type: "quantitative" } } });
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${b} minus ${a} over time (mean of the paired differences, 95% band)`,
    data: { values },
    facet: { field: "panel", type: "nominal", title: null, sort: order, header: { labelLimit: 300, labelFontWeight: "bold" } },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    // three panels to a row of the page, each with its own y axis
    spec: { width: Math.round(WIDE_WIDTH / 3) - 90, height: 140, layer: layers },
  };
  return {
    id: "differences-over-time",
    title: "Differences over time",
    wide: true,
    caption: `The ${ranked.length} outcomes ranked first, each on its own scale: the mean of the paired differences at every quarter with its 95% band (compute and other quantities in per cent of ${a}'s value), the dashed line where the difference is largest${marks.at ? ", the blue line the quarter asked for" : ""}.`,
    spec: spec as unknown as TopLevelSpec,
  };
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

/**
 * Side-by-side series: one small panel per country, the scenarios' medians and bands; a
 * quarter asked for (`at`) is marked in every panel.
 */
export function bandChart(id: string, title: string, rowsData: readonly BandRow[], scenarios: readonly string[], countries: readonly string[], yTitle: string, opts: { log?: boolean; percent?: boolean; at?: string } = {}): Chart {
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
      // three panels to a row of the page, beside the legend
      width: Math.round((WIDE_WIDTH - 200) / 3) - 40,
      height: 150,
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
        // the quarter asked for: one rule and label per panel (from one row of the panel's data)
        ...(opts.at
          ? [
              {
                transform: [{ filter: `datum.year === ${yearOf(opts.at)} && datum.scenario === ${JSON.stringify(scenarios[0] ?? "")}` }],
                layer: [
                  { mark: { type: "rule", color: "#333333", strokeWidth: 1 }, encoding: { x: { field: "year", type: "quantitative" } } },
                  { mark: { type: "text", align: "left", baseline: "top", dx: 3, y: 2, fontSize: 10, color: "#333333" }, encoding: { x: { field: "year", type: "quantitative" }, text: { value: opts.at } } },
                ],
              },
            ]
          : []),
      ],
    },
  };
  return {
    id,
    title,
    wide: true,
    caption: `Median over the replications (the first scenario or policy solid, the others dashed, so that both show where they coincide), with 50% and 90% bands; they share their seeds.${opts.at ? ` The vertical line marks ${opts.at}, the quarter asked for.` : ""}`,
    spec: spec as unknown as TopLevelSpec,
  };
}
