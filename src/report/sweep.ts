/**
 * The charts of a sweep report: each outcome's distribution per policy (box plots over the
 * runs), Sobol indices as sorted bars with their intervals, and the Morris mu*-sigma plane.
 * Pure: takes the texts of runs.csv and sensitivity.csv.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "./charts.js";
import { PALETTE } from "./charts.js";

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
      width: 520,
      height: { step: 36 },
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

/** One chart per outcome (first policy): Sobol bars with intervals, or the Morris plane. */
export function sensitivityCharts(text: string, policy: string): Chart[] {
  const parsed = parseSensitivity(text);
  if (parsed === undefined) return [];
  const outcomes = [...new Set(parsed.rows.filter((r) => r.policy === policy).map((r) => r.outcome))];
  const charts: Chart[] = [];
  for (const outcome of outcomes) {
    const rows = parsed.rows.filter((r) => r.policy === policy && r.outcome === outcome && r.cells.every(Number.isFinite));
    if (rows.length === 0) continue;
    if (parsed.kind === "sobol") {
      const values = rows.flatMap((r) => [
        { parameter: r.parameter, index: "first order (S1)", estimate: r.cells[0], low: r.cells[1], high: r.cells[2], total: r.cells[3] },
        { parameter: r.parameter, index: "total order (ST)", estimate: r.cells[3], low: r.cells[4], high: r.cells[5], total: r.cells[3] },
      ]);
      const order = [...rows].sort((a, b) => (b.cells[3] as number) - (a.cells[3] as number)).map((r) => r.parameter);
      const y = { field: "parameter", type: "nominal", title: null, sort: order };
      const color = { field: "index", type: "nominal", title: "index", scale: { domain: ["first order (S1)", "total order (ST)"], range: [PALETTE[0], PALETTE[1]] } };
      charts.push({
        id: `sobol-${outcome}`,
        title: `Sobol indices of ${outcome}`,
        caption: "Share of the outcome's variance due to each parameter alone (S1) and with its interactions (ST), with 95% bootstrap intervals; sorted by ST.",
        spec: {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          title: `Sobol indices of ${outcome}${policy ? ` (policy ${policy})` : ""}`,
          width: 480,
          height: { step: 16 },
          data: { values },
          encoding: { y, yOffset: { field: "index" }, color },
          layer: [
            { mark: { type: "bar" }, encoding: { x: { field: "estimate", type: "quantitative", title: "index (share of variance)", scale: { domain: [0, 1], clamp: true } } } },
            { mark: { type: "rule", color: "#222222" }, encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" } } },
          ],
        } as unknown as TopLevelSpec,
      });
    } else {
      const values = rows.map((r) => ({ parameter: r.parameter, mu: r.cells[0], muStar: r.cells[1], sigma: r.cells[2] }));
      charts.push({
        id: `morris-${outcome}`,
        title: `Morris screening of ${outcome}`,
        caption: "mu*: overall influence of each parameter; sigma: how much its effect varies (interactions, non-linearity). Parameters near the origin can be fixed.",
        spec: {
          $schema: "https://vega.github.io/schema/vega-lite/v6.json",
          title: `Morris screening of ${outcome}${policy ? ` (policy ${policy})` : ""}`,
          width: 480,
          height: 300,
          data: { values },
          layer: [
            { mark: { type: "point", filled: true, size: 60, color: PALETTE[0] }, encoding: { x: { field: "muStar", type: "quantitative", title: "mu* (mean absolute elementary effect)" }, y: { field: "sigma", type: "quantitative", title: "sigma (spread of the effects)" }, tooltip: [{ field: "parameter" }, { field: "muStar", format: ".3~g" }, { field: "sigma", format: ".3~g" }] } },
            {
              transform: [{ window: [{ op: "rank", as: "rank" }], sort: [{ field: "muStar", order: "descending" }] }, { filter: "datum.rank <= 8" }],
              mark: { type: "text", align: "left", dx: 5, fontSize: 10 },
              encoding: { x: { field: "muStar", type: "quantitative" }, y: { field: "sigma", type: "quantitative" }, text: { field: "parameter" } },
            },
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
      width: 480,
      height: { step: 22 },
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
