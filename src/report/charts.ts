/**
 * The charts of a run report, as Vega-Lite specifications built from a run's series. Pure:
 * rendering them (to SVG in Node, or in a browser) is the caller's business.
 *
 * Every chart has a title, axis titles with units, and a legend; countries keep the same
 * colour in every chart, from the Okabe-Ito palette (distinguishable with the common forms of
 * colour blindness), in the scenario's order.
 */
import type { TopLevelSpec } from "vega-lite";
import { METRICS } from "../model/metrics.js";
import type { RunSeries } from "./series.js";
import { hasMetric, seriesOf } from "./series.js";

/** Okabe and Ito (2008), "Color universal design", without its black (kept for text). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"] as const;

export interface Chart {
  /** File name stem (charts/<id>.svg) and HTML anchor. */
  id: string;
  title: string;
  /** One sentence for readers: what to look at. */
  caption: string;
  spec: TopLevelSpec;
}

export interface Marker {
  year: number;
  label: string;
  /** Written beside the line (milestones); else only in the tooltip (frequent markers). */
  show?: boolean;
}

const WIDTH = 560;
const HEIGHT = 240;

function unitOf(kind: string, metric: string): string {
  return METRICS.find((m) => m.name === metric && m.kind === kind)?.unit ?? "";
}

/** "compute (EFLOP/s)"; the unit is left out when it is 1 or a word of the label ("firms", "months behind"). */
function axisTitle(label: string, unit: string): string {
  return unit && unit !== "1" && !label.split(" ").includes(unit) ? `${label} (${unit})` : label;
}

/** Long rows {year, entity, value} of one metric for every entity of a kind. */
function rows(s: RunSeries, kind: string, metric: string, entities?: readonly string[]): { year: number; entity: string; value: number }[] {
  const out: { year: number; entity: string; value: number }[] = [];
  for (const entity of entities ?? s.entities.get(kind) ?? []) {
    const v = seriesOf(s, kind, entity, metric);
    v.forEach((value, step) => {
      if (Number.isFinite(value)) out.push({ year: s.years[step] as number, entity, value });
    });
  }
  return out;
}

function colour(countries: readonly string[]) {
  return { domain: [...countries], range: countries.map((_, i) => PALETTE[i % PALETTE.length] as string) };
}

const X = { field: "year", type: "quantitative" as const, title: "year", axis: { format: "d", tickMinStep: 1 }, scale: { nice: false } };

/**
 * For charts that grow while a run plays (the explorer): the x axis spans the whole horizon
 * from the start, and every data set is named ("series", "markers", "labels-left",
 * "labels-right") and present even when empty, so a view can be given new values by name.
 */
export interface LiveOptions {
  span: [number, number];
}

/** Vertical rules with labels (milestones) or tooltips only (leadership changes). */
function markerLayers(markers: readonly Marker[], span: [number, number], live: boolean) {
  if (markers.length === 0 && !live) return [];
  const shown = markers.filter((m) => m.show !== false);
  // labels in the last quarter of the chart go to the left of their rule, inside the plot
  const late = span[0] + 0.75 * (span[1] - span[0]);
  const text = (right: boolean) => ({
    data: { ...(live ? { name: right ? "labels-right" : "labels-left" } : {}), values: shown.filter((m) => (m.year > late) === right).map((m) => ({ year: m.year, label: m.label })) },
    mark: { type: "text" as const, align: right ? ("right" as const) : ("left" as const), baseline: "top" as const, dx: right ? -3 : 3, y: 2, fontSize: 10, color: "#333333" },
    encoding: { x: { field: "year", type: "quantitative" as const }, text: { field: "label", type: "nominal" as const } },
  });
  return [
    {
      data: { ...(live ? { name: "markers" } : {}), values: markers.map((m) => ({ year: m.year, label: m.label })) },
      mark: { type: "rule" as const, strokeDash: [4, 3], color: "#555555" },
      encoding: { x: { field: "year", type: "quantitative" as const }, tooltip: [{ field: "label", type: "nominal" as const }] },
    },
    ...[false, true].map(text).filter((l) => live || l.data.values.length > 0),
  ];
}

function lineChart(opts: {
  id: string;
  title: string;
  caption: string;
  values: { year: number; entity: string; value: number | null }[];
  y: string;
  countries: readonly string[];
  legend: string;
  log?: boolean;
  percent?: boolean;
  /** d3 format of the y axis labels (default: plain numbers). */
  format?: string;
  markers?: readonly Marker[];
  live?: LiveOptions | undefined;
}): Chart {
  const years = opts.values.map((v) => v.year);
  const span: [number, number] = opts.live?.span ?? [Math.min(...years), Math.max(...years)];
  const line = {
    data: { ...(opts.live ? { name: "series" } : {}), values: opts.values },
    mark: { type: "line" as const, strokeWidth: 2 },
    encoding: {
      x: opts.live ? { ...X, scale: { nice: false, domain: opts.live.span } } : X,
      y: {
        field: "value",
        type: "quantitative" as const,
        title: opts.y,
        ...(opts.log ? { scale: { type: "log" as const } } : {}),
        ...(opts.percent ? { axis: { format: "%" } } : opts.format ? { axis: { format: opts.format } } : {}),
      },
      color: {
        field: "entity",
        type: "nominal" as const,
        title: opts.legend,
        scale: colour(opts.countries),
        sort: [...opts.countries],
        ...(opts.countries.length === 1 ? { legend: null } : {}),
      },
      tooltip: [
        { field: "entity", type: "nominal" as const, title: opts.legend },
        { field: "year", type: "quantitative" as const, format: ".2f" },
        { field: "value", type: "quantitative" as const, title: opts.y, format: ".3~g" },
      ],
    },
  };
  return {
    id: opts.id,
    title: opts.title,
    caption: opts.caption,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: opts.title,
      width: WIDTH,
      height: HEIGHT,
      layer: [line, ...markerLayers(opts.markers ?? [], span, opts.live !== undefined)],
    } as TopLevelSpec,
  };
}

/** The years at which the leading country changed (from the cumulative count). */
export function leadershipChanges(s: RunSeries): Marker[] {
  const count = seriesOf(s, "global", "world", "leadership_changes");
  const out: Marker[] = [];
  for (let i = 1; i < count.length; i++) {
    if ((count[i] as number) > (count[i - 1] as number)) out.push({ year: s.years[i] as number, label: `the lead changed hands in ${s.dates[i]}`, show: false });
  }
  return out;
}

/** Every chart of a single run that its series support. */
export function runCharts(s: RunSeries, milestones: readonly Marker[] = [], live?: LiveOptions): Chart[] {
  const countries = s.entities.get("country") ?? [];
  const charts: Chart[] = [];
  const country = (id: string, title: string, caption: string, metric: string, label: string, extra: { log?: boolean; percent?: boolean; format?: string; markers?: readonly Marker[] } = {}) => {
    if (!hasMetric(s, "country", metric)) return;
    charts.push(lineChart({ id, title, caption, values: rows(s, "country", metric), y: axisTitle(label, unitOf("country", metric)), countries, legend: "country", live, ...extra }));
  };
  country("capability", "Frontier capability by country", "Capability keeps rising: milestones pass and the race goes on.", "capability", "capability", { markers: milestones });
  country("months-behind", "Months behind the leader", "How long ago the leading country was where each country is now; dashed lines mark changes of leader. Months stretch when the frontier slows: read them beside the gap.", "months_behind", "months behind", {
    markers: leadershipChanges(s),
  });
  country("gap", "Gap to the frontier", "How far each country's capability is below the frontier, in orders of magnitude of effective compute (1 = 10 times less). Unlike months behind, it does not stretch when the frontier slows.", "gap", "gap");
  for (const d of ["cloud", "medical", "driving", "generative", "embodied"]) {
    country(`capability-${d}`, `Capability in ${d} AI`, `Capability in ${d} AI by country: who leads a domain can differ from who leads overall, and change over time.`, `capability_${d}`, `${d} capability`);
  }
  country("compute", "AI compute by country", "Labs' and public compute (log scale).", "compute", "compute", { log: true, format: "~s" });
  country("domestic-chips", "Share of compute made in the country's own fabs", "Self-sufficiency in chips (0 without a supply chain).", "domestic_chip_share", "own-fab share", { percent: true });
  country("exposure", "Exposure to Taiwan's fabs", "Share of each country's compute made in Taiwan's fabs (semiconductors.exposureTo). Countries with the same exposure share one line.", "exposure", "exposed share", { percent: true });
  // chips by source: what each design's fabs make (the supply behind every country's compute)
  const designs = s.entities.get("design") ?? [];
  if (designs.length > 0 && hasMetric(s, "design", "output")) {
    charts.push(
      lineChart({
        id: "chip-output",
        title: "Compute made, by chip design",
        caption: "Where new compute comes from: each design's output from its fabs (log scale).",
        // a quarter with no output (a design not yet made, or stopped for want of memory) has no
        // place on a log scale: it breaks the design's line instead of being joined across
        values: rows(s, "design", "output").map((v) => (v.value > 0 ? v : { ...v, value: null })),
        y: axisTitle("output", unitOf("design", "output")),
        countries: designs,
        legend: "design",
        log: true,
        format: "~s",
        live,
      }),
    );
  }
  // a memory shortage, where there was one (a report's charts only: the explorer's set is fixed)
  if (live === undefined && hasMetric(s, "country", "hbm_shortfall") && rows(s, "country", "hbm_shortfall").some((v) => v.value > 0)) {
    country("hbm-shortfall", "Chips not made for want of memory", "Share of the output of each country's own chip designs that need high-bandwidth memory that could not be made for want of it, once the stock bought before export controls on memory runs out (docs/model.md 7.3).", "hbm_shortfall", "share not made", { percent: true });
  }
  // power shortages, where a country's buyers could not connect all the chips they could get
  if (live === undefined && hasMetric(s, "country", "unpowered_share") && rows(s, "country", "unpowered_share").some((v) => v.value > 0)) {
    country("unpowered-share", "Chips left unbought for want of power", "Share of the chips each country's buyers could have bought in a quarter that found no power: its AI data centres connect at most powerAdditions x policy.aiPowerShare a year; the money stays unspent (docs/model.md 7.3). ai_power and ai_power_capacity in timeseries.csv give the power drawn and connected.", "unpowered_share", "share unbought", { percent: true });
  }
  // driverless fleets, where operators run some abroad (deployment.entry; a report's charts only)
  if (live === undefined && hasMetric(s, "country", "driverless_vehicles_abroad") && rows(s, "country", "driverless_vehicles_abroad").some((v) => v.value > 0)) {
    charts.push(
      lineChart({
        id: "driverless-vehicles",
        title: "Driverless vehicles in service, by country",
        caption: "Robotaxis on each country's roads, its own operators' and foreign ones' (log scale). Fleets abroad teach their operators' country, not their host (docs/model.md 7.7); driverless_vehicles_abroad in timeseries.csv gives each country's fleets abroad.",
        // a country with no fleet yet has no place on a log scale
        values: rows(s, "country", "driverless_vehicles").map((v) => (v.value > 0 ? v : { ...v, value: null })),
        y: axisTitle("vehicles", unitOf("country", "driverless_vehicles")),
        countries,
        legend: "country",
        log: true,
        format: "~s",
        live,
      }),
    );
  }
  country("firms", "AI firms in business", "Labs plus small firms; entries and exits go on throughout.", "firm_count", "firms");
  if (hasMetric(s, "country", "entries") && hasMetric(s, "country", "exits")) {
    const churn = [...rows(s, "country", "entries").map((r) => ({ ...r, series: "entries" })), ...rows(s, "country", "exits").map((r) => ({ ...r, series: "exits" }))];
    const chart = lineChart({ id: "entries-exits", title: "Firms entered and exited since the start", caption: "Cumulative entries (solid) and exits (dashed) by country: the field keeps changing.", values: churn, y: "firms", countries, legend: "country", live });
    const line = (chart.spec as unknown as { layer: { encoding: Record<string, unknown>; data: { values: unknown[] } }[] }).layer[0]!;
    line.encoding["strokeDash"] = { field: "series", type: "nominal", title: "", scale: { domain: ["entries", "exits"], range: [[1, 0], [5, 3]] } };
    line.encoding["detail"] = { field: "series", type: "nominal" };
    charts.push(chart);
  }
  country("influence", "Influence: share of world AI usage", "Usage served by each country's labs, small firms and the open models they lead.", "influence", "usage share", { percent: true });
  country("ai-gdp", "AI's contribution to GDP", "Part of GDP due to AI's contribution to growth since the start.", "ai_gdp_contribution", "contribution");
  const globals: [string, string, string, string, string[], { log?: boolean; percent?: boolean; format?: string }][] = [
    ["price-index", "Price of the start's frontier capability", "Relative to the start (log scale): capability gets cheap fast.", "index (1 = the start)", ["price_index"], { log: true, format: "~e" }],
    ["concentration", "Concentration (Herfindahl-Hirschman index)", "compute_hhi: of compute across countries; firm_hhi: of usage across firms (1 = one holds everything).", "index", ["compute_hhi", "firm_hhi"], {}],
  ];
  for (const [id, title, caption, label, metrics, extra] of globals) {
    const present = metrics.filter((m) => hasMetric(s, "global", m));
    if (present.length === 0) continue;
    const values = present.flatMap((m) => rows(s, "global", m).map((r) => ({ ...r, entity: m })));
    if (id === "price-index" && values.every((v) => v.value <= 0)) continue; // no market: no price index
    charts.push(lineChart({ id, title, caption, values: values.filter((v) => !extra.log || v.value > 0), y: axisTitle(label, unitOf("global", present[0] as string)), countries: present, legend: "series", live, ...extra }));
  }
  return charts;
}

/** Which country leads each application domain, quarter by quarter (the highest capability). */
export function domainLeaders(s: RunSeries): { year: number; domain: string; leader: string }[] {
  const countries = s.entities.get("country") ?? [];
  const out: { year: number; domain: string; leader: string }[] = [];
  for (const d of ["cloud", "medical", "driving", "generative", "embodied"]) {
    if (!hasMetric(s, "country", `capability_${d}`)) continue;
    const series = countries.map((c) => seriesOf(s, "country", c, `capability_${d}`));
    for (let step = 0; step < s.years.length; step++) {
      let best = -1;
      for (let i = 0; i < countries.length; i++) if (best < 0 || (series[i]![step] as number) > (series[best]![step] as number)) best = i;
      if (best >= 0) out.push({ year: s.years[step] as number, domain: d, leader: countries[best] as string });
    }
  }
  return out;
}

/** A heatmap: application domains down, quarters across, coloured by the leading country. */
export function leaderHeatmap(s: RunSeries): Chart | undefined {
  const values = domainLeaders(s);
  if (values.length === 0) return undefined;
  const countries = s.entities.get("country") ?? [];
  const step = values.length > 1 ? 0.25 : 1;
  return {
    id: "domain-leaders",
    title: "Who leads each domain, quarter by quarter",
    caption: "The lead in applied domains changes hands; no domain is won once and for all.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: "Who leads each domain, quarter by quarter",
      width: WIDTH,
      height: { step: 28 },
      data: { values: values.map((v) => ({ ...v, end: v.year + step })) },
      mark: { type: "rect" },
      encoding: {
        x: { ...X, field: "year", scale: { nice: false, zero: false } },
        x2: { field: "end" },
        y: { field: "domain", type: "nominal", title: "domain", sort: ["cloud", "medical", "driving", "generative", "embodied"] },
        color: { field: "leader", type: "nominal", title: "leader", scale: colour(countries), sort: [...countries] },
        tooltip: [{ field: "domain" }, { field: "leader" }, { field: "year", format: ".2f" }],
      },
    } as TopLevelSpec,
  };
}
