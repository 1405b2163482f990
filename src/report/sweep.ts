/**
 * The charts of a sweep report: each outcome's distribution per policy (box plots over the
 * runs), Sobol indices as sorted bars with their intervals, and the Morris mu*-sigma plane;
 * beside the last two, the parameters ranked in a table with their numbers.
 * Pure: takes the texts of runs.csv and sensitivity.csv.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "./charts.js";
import { PALETTE } from "./charts.js";
import { CHART_HEIGHT, CHART_WIDTH, FIT, fitRows } from "./layout.js";
import { grouped } from "./comparison.js";
import type { ReportTable } from "./html.js";

export interface SweepOutcome {
  id: string;
  unit: string;
  description?: string;
}

/** Outcome values of successful runs, by policy: rows {policy, outcome, value}. */
export function outcomeValues(runsCsv: string, outcomes: readonly SweepOutcome[]): { policy: string; outcome: string; value: number }[] {
  const lines = runsCsv.trim().split("\n");
  const header = (lines[0] ?? "").split(",");
  const cols = outcomes.map((o) => header.indexOf(o.id));
  const out: { policy: string; outcome: string; value: number }[] = [];
  for (const line of lines.slice(1)) {
    const c = line.split(",");
    if (c[5] !== "ok") continue;
    outcomes.forEach((o, i) => {
      const cell = c[cols[i]!];
      if (cell !== undefined && cell !== "") out.push({ policy: c[2]!, outcome: o.id, value: Number(cell) });
    });
  }
  return out;
}

export function distributionChart(values: readonly { policy: string; outcome: string; value: number }[], outcome: SweepOutcome, policies: readonly string[]): Chart {
  const title = `${outcome.id}: distribution over the runs`;
  return {
    id: `outcome-${outcome.id}`,
    title,
    caption: `${outcome.description ? `${outcome.description}. ` : ""}Box: the middle half of the runs; line: the median; whiskers: the full range.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title,
      ...fitRows(policies.length, 36),
      data: { values: values.filter((v) => v.outcome === outcome.id) },
      mark: { type: "boxplot", extent: "min-max", size: 22 },
      encoding: {
        y: { field: "policy", type: "nominal", title: "policy", sort: [...policies] },
        x: { field: "value", type: "quantitative", title: outcome.unit && outcome.unit !== "1" ? `${outcome.id} (${outcome.unit})` : outcome.id, scale: { zero: false } },
        color: { field: "policy", type: "nominal", legend: null, scale: { domain: [...policies], range: policies.map((_, i) => PALETTE[i % PALETTE.length]) } },
      },
    } as unknown as TopLevelSpec,
  };
}

interface SensitivityRow {
  policy: string;
  outcome: string;
  parameter: string;
  cells: number[];
}

function parseSensitivity(text: string): { kind: "sobol" | "morris"; rows: SensitivityRow[] } | undefined {
  const lines = text.trim().split("\n");
  const header = lines[0] ?? "";
  const kind = header.startsWith("policy,outcome,parameter,S1") ? "sobol" : header.startsWith("policy,outcome,parameter,mu") ? "morris" : undefined;
  if (kind === undefined) return undefined;
  const rows = lines.slice(1).map((l) => {
    const c = l.split(",");
    return { policy: c[0]!, outcome: c[1]!, parameter: c[2]!, cells: c.slice(3, kind === "sobol" ? 9 : 6).map((x) => (x === "" ? NaN : Number(x))) };
  });
  return { kind, rows };
}

/** A Morris statistic in a table (in the outcome's units): 3 significant digits, no "-0". */
function effect(v: number): string {
  if (Math.abs(v) >= 1000) return grouped(v);
  return Number(v.toPrecision(3)) === 0 ? "0" : v.toPrecision(3);
}

/** A Sobol index in a table (a share of variance): 3 decimals, no "-0.000". */
function share(v: number): string {
  const text = v.toFixed(3);
  return text === "-0.000" ? "0.000" : text;
}

/** Most rows a table beside a chart shows; beyond, the first ROWS_SHOWN and a note. */
const ROWS_MAX = 15;
const ROWS_SHOWN = 12;

function rankedTable(head: string[], numeric: boolean[], rows: string[][], left: (rest: number) => string): ReportTable {
  if (rows.length <= ROWS_MAX) return { head, numeric, rows };
  return { head, numeric, rows: rows.slice(0, ROWS_SHOWN), note: left(rows.length - ROWS_SHOWN) };
}

/** Ranks (1 = largest mu*) of the Morris points worth a label: the first `most`, each where it overlaps no other label. */
export interface MorrisLabel {
  rank: number;
  /** Where the number goes, beside its point. */
  place: "right" | "left" | "above" | "below";
}

/**
 * Places the rank numbers of the parameters with the largest mu* beside their points, on the
 * plot's estimated pixel grid: right of the point where that overlaps neither another number
 * nor a point, else left, above or below; a number with no free place is left out (the table
 * beside the plot names every parameter).
 */
export function morrisLabels(points: readonly { muStar: number; sigma: number }[], domain: { x: number; y: number }, size = { width: CHART_WIDTH - 80, height: CHART_HEIGHT - 70 }, most = 10): (MorrisLabel | undefined)[] {
  const at = (p: { muStar: number; sigma: number }) => [(p.muStar / domain.x) * size.width, (1 - p.sigma / domain.y) * size.height] as const;
  const boxes: [number, number, number, number][] = points.map((p) => {
    const [x, y] = at(p);
    return [x - 4, y - 4, x + 4, y + 4];
  });
  const free = (b: [number, number, number, number], own: number) =>
    // inside the plot, give or take half a label (a point on an axis still gets one)
    b[0] >= 0 && b[2] <= size.width + 30 && b[1] >= -10 && b[3] <= size.height + 6 && boxes.every((o, k) => k === own || o[2] <= b[0] || b[2] <= o[0] || o[3] <= b[1] || b[3] <= o[1]);
  return points.map((p, i) => {
    if (i >= most) return undefined;
    const [x, y] = at(p);
    const w = String(i + 1).length * 6.5;
    const options: [MorrisLabel["place"], [number, number, number, number]][] = [
      ["right", [x + 5, y - 6, x + 5 + w, y + 6]],
      ["left", [x - 5 - w, y - 6, x - 5, y + 6]],
      ["above", [x - w / 2, y - 18, x + w / 2, y - 6]],
      ["below", [x - w / 2, y + 6, x + w / 2, y + 18]],
    ];
    const found = options.find(([, b]) => free(b, i));
    if (found === undefined) return undefined;
    boxes.push(found[1]);
    return { rank: i + 1, place: found[0] };
  });
}

/** One chart per outcome (first policy): Sobol bars with intervals, or the Morris plane, each with its parameters ranked in a table. */
export function sensitivityCharts(text: string, policy: string): Chart[] {
  const parsed = parseSensitivity(text);
  if (parsed === undefined) return [];
  const outcomes = [...new Set(parsed.rows.filter((r) => r.policy === policy).map((r) => r.outcome))];
  const charts: Chart[] = [];
  const byName = (a: SensitivityRow, b: SensitivityRow) => (a.parameter < b.parameter ? -1 : a.parameter > b.parameter ? 1 : 0);
  for (const outcome of outcomes) {
    const rows = parsed.rows.filter((r) => r.policy === policy && r.outcome === outcome && r.cells.every(Number.isFinite));
    if (rows.length === 0) continue;
    if (parsed.kind === "sobol") {
      const ranked = [...rows].sort((a, b) => (b.cells[3] as number) - (a.cells[3] as number) || byName(a, b));
      const values = ranked.flatMap((r) => [
        { parameter: r.parameter, index: "first order (S1)", estimate: r.cells[0], low: r.cells[1], high: r.cells[2], total: r.cells[3] },
        { parameter: r.parameter, index: "total order (ST)", estimate: r.cells[3], low: r.cells[4], high: r.cells[5], total: r.cells[3] },
      ]);
      const order = ranked.map((r) => r.parameter);
      const y = { field: "parameter", type: "nominal", title: null, sort: order };
      const color = { field: "index", type: "nominal", title: "index", scale: { domain: ["first order (S1)", "total order (ST)"], range: [PALETTE[0], PALETTE[1]] } };
      const interval = (lo: number, hi: number) => `${share(lo)} to ${share(hi)}`;
      charts.push({
        id: `sobol-${outcome}`,
        title: `Sobol indices of ${outcome}`,
        caption: "Share of the outcome's variance due to each parameter alone (S1) and with its interactions (ST), with 95% bootstrap intervals; sorted by ST, as in the table.",
        table: rankedTable(
          ["#", "parameter", "S1", "S1 95% interval", "ST", "ST 95% interval"],
          [true, false, true, true, true, true],
          ranked.map((r, i) => [String(i + 1), r.parameter, share(r.cells[0]!), interval(r.cells[1]!, r.cells[2]!), share(r.cells[3]!), interval(r.cells[4]!, r.cells[5]!)]),
          (rest) => `${rest} more, each with ST at most ${share(ranked[ROWS_SHOWN]!.cells[3]!)}; sensitivity.csv has every one.`,
        ),
        spec: {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          title: `Sobol indices of ${outcome}${policy ? ` (policy ${policy})` : ""}`,
          ...fitRows(2 * ranked.length, 16),
          data: { values },
          encoding: { y, yOffset: { field: "index" }, color },
          layer: [
            { mark: { type: "bar" }, encoding: { x: { field: "estimate", type: "quantitative", title: "index (share of variance)", scale: { domain: [0, 1], clamp: true } } } },
            { mark: { type: "rule", color: "#222222" }, encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" } } },
          ],
        } as unknown as TopLevelSpec,
      });
    } else {
      const ranked = [...rows].sort((a, b) => (b.cells[1] as number) - (a.cells[1] as number) || byName(a, b));
      const points = ranked.map((r) => ({ muStar: r.cells[1]!, sigma: r.cells[2]! }));
      // explicit domains, so that the labels' places are computed on the plot's own scale
      const domain = { x: Math.max(...points.map((p) => p.muStar)) * 1.08 || 1, y: Math.max(...points.map((p) => p.sigma)) * 1.08 || 1 };
      const labels = morrisLabels(points, domain);
      const values = ranked.map((r, i) => ({ rank: i + 1, parameter: r.parameter, mu: r.cells[0], muStar: r.cells[1], sigma: r.cells[2], place: labels[i]?.place ?? "none" }));
      const x = { field: "muStar", type: "quantitative", title: "mu* (mean absolute elementary effect)", scale: { domain: [0, domain.x], nice: false } };
      const yEnc = { field: "sigma", type: "quantitative", title: "sigma (spread of the effects)", scale: { domain: [0, domain.y], nice: false } };
      const label = (place: MorrisLabel["place"], mark: Record<string, unknown>) => ({
        transform: [{ filter: `datum.place === '${place}'` }],
        mark: { type: "text", fontSize: 10, fontWeight: "bold", color: "#222222", ...mark },
        encoding: { x: { field: "muStar", type: "quantitative" }, y: { field: "sigma", type: "quantitative" }, text: { field: "rank" } },
      });
      charts.push({
        id: `morris-${outcome}`,
        title: `Morris screening of ${outcome}`,
        caption: "mu*: overall influence of each parameter; sigma: how much its effect varies (interactions, non-linearity). Parameters near the origin can be fixed. The numbers are the parameters' ranks by mu*, as in the table.",
        table: rankedTable(
          ["#", "parameter", "mu*", "mu", "sigma"],
          [true, false, true, true, true],
          ranked.map((r, i) => [String(i + 1), r.parameter, effect(r.cells[1]!), effect(r.cells[0]!), effect(r.cells[2]!)]),
          (rest) => {
            const none = ranked.filter((r) => r.cells[1] === 0).length;
            return `${rest} more, each with mu* at most ${effect(ranked[ROWS_SHOWN]!.cells[1]!)}${none > 0 ? ` (${none} with no effect)` : ""}; sensitivity.csv has every one.`;
          },
        ),
        spec: {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          title: `Morris screening of ${outcome}${policy ? ` (policy ${policy})` : ""}`,
          ...FIT,
          data: { values },
          layer: [
            { mark: { type: "point", filled: true, size: 60, color: PALETTE[0] }, encoding: { x, y: yEnc, tooltip: [{ field: "rank", title: "#" }, { field: "parameter" }, { field: "muStar", title: "mu*", format: ".3~g" }, { field: "mu", format: ".3~g" }, { field: "sigma", format: ".3~g" }] } },
            label("right", { align: "left", baseline: "middle", dx: 5 }),
            label("left", { align: "right", baseline: "middle", dx: -5 }),
            label("above", { align: "center", baseline: "bottom", dy: -6 }),
            label("below", { align: "center", baseline: "top", dy: 6 }),
          ],
        } as unknown as TopLevelSpec,
      });
    }
  }
  return charts;
}

/**
 * The box PRIM chose: for each parameter, its range over the runs (grey) and the box's range
 * (coloured), on a scale from the lowest to the highest value of the runs.
 */
export function primChart(box: { low: number[]; high: number[]; coverage: number; density: number; mass: number }, whole: { low: number[]; high: number[] }, names: readonly { id: string; unit: string }[], condition: string, policy: string): Chart {
  const values = names.map((u, j) => {
    const lo = whole.low[j] as number;
    const span = (whole.high[j] as number) - lo || 1;
    const restricted = box.low[j] !== whole.low[j] || box.high[j] !== whole.high[j];
    return { parameter: u.id, from: ((box.low[j] as number) - lo) / span, to: ((box.high[j] as number) - lo) / span, low: box.low[j], high: box.high[j], restricted: restricted ? "restricted" : "any value" };
  });
  const y = { field: "parameter", type: "nominal", title: null, sort: names.map((n) => n.id) };
  const title = `Where ${condition} (policy ${policy}): coverage ${Math.round(box.coverage * 100)}%, density ${Math.round(box.density * 100)}%, mass ${Math.round(box.mass * 100)}%`;
  return {
    id: "prim-box",
    title,
    caption: "Scenario discovery (PRIM): the parameter ranges in which the outcome of interest concentrates. Light grey: each parameter's range over the runs; green: the box's range (its values written beside it); grey: not restricted.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title,
      ...fitRows(names.length, 22),
      data: { values },
      layer: [
        { mark: { type: "bar", color: "#eeeeee" }, encoding: { y, x: { datum: 0, type: "quantitative" }, x2: { datum: 1 } } },
        {
          mark: { type: "bar" },
          encoding: {
            y,
            x: { field: "from", type: "quantitative", title: "position in the parameter's range over the runs", scale: { domain: [0, 1] }, axis: { format: "%" } },
            x2: { field: "to" },
            color: { field: "restricted", type: "nominal", title: null, scale: { domain: ["restricted", "any value"], range: [PALETTE[2], "#b5b5b5"] } },
            tooltip: [{ field: "parameter" }, { field: "low", format: ".3~g" }, { field: "high", format: ".3~g" }],
          },
        },
        {
          transform: [{ filter: "datum.restricted === 'restricted'" }, { calculate: "format(datum.low, '.3~g') + ' .. ' + format(datum.high, '.3~g')", as: "range" }],
          mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: "#222222" },
          encoding: { y, x: { field: "to", type: "quantitative" }, text: { field: "range" } },
        },
      ],
    } as unknown as TopLevelSpec,
  };
}
