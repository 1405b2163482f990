/**
 * The charts of a run report, as Vega-Lite specifications built from a run's series. Pure:
 * rendering them (to SVG in Node, or in a browser) is the caller's business.
 *
 * Every chart has a title, axis titles with units, and a legend; countries keep the same
 * colour in every chart, from the Okabe-Ito palette (distinguishable with the common forms of
 * colour blindness), in the scenario's order. Time charts mark the events that fired (and the
 * capability chart the milestones) with a rule and a short title.
 */
import type { TopLevelSpec } from "vega-lite";
import { METRICS } from "../model/metrics.js";
import type { ReportTable } from "./html.js";
import { FIT, fitRows } from "./layout.js";
import type { Marker, RunMarks } from "./markers.js";
import { markerLayers } from "./markers.js";
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
  /** Small multiples: the chart takes a row of the page to itself. */
  wide?: boolean;
  /** Its numbers, shown beside it (the chart then takes a row). */
  table?: ReportTable;
}

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
  /** The plot's width in px, where the view is smaller than a report's (to place labels). */
  plotWidth?: number;
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
        // long enough for series named in words ("compute, across countries")
        ...(opts.countries.length === 1 ? { legend: null } : { legend: { labelLimit: 220 } }),
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
      ...FIT,
      layer: [line, ...markerLayers(opts.markers ?? [], span, opts.live)],
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

const DOMAINS = ["cloud", "medical", "driving", "generative", "embodied"] as const;

/**
 * How far each country's capability in a domain is below the domain's leader's, in OOM, each
 * quarter: 0 for the leader (the highest capability there, as domainLeaders reads it).
 */
export function domainGaps(s: RunSeries, domain: string): { year: number; entity: string; value: number }[] {
  const countries = s.entities.get("country") ?? [];
  const series = countries.map((c) => seriesOf(s, "country", c, `capability_${domain}`));
  const out: { year: number; entity: string; value: number }[] = [];
  for (let step = 0; step < s.years.length; step++) {
    const best = Math.max(...series.map((v) => (Number.isFinite(v[step]) ? (v[step] as number) : -Infinity)));
    if (!Number.isFinite(best)) continue;
    countries.forEach((entity, i) => {
      const v = series[i]![step] as number;
      if (Number.isFinite(v)) out.push({ year: s.years[step] as number, entity, value: best - v });
    });
  }
  return out;
}

/**
 * Every chart of a single run that its series support, with its events marked on every time
 * chart and its milestones on the capability chart.
 */
export function runCharts(s: RunSeries, marks: RunMarks = {}, live?: LiveOptions): Chart[] {
  const countries = s.entities.get("country") ?? [];
  const charts: Chart[] = [];
  const events = marks.events ?? [];
  type LineOptions = Parameters<typeof lineChart>[0];
  const line = (opts: Omit<LineOptions, "live">) => charts.push(lineChart({ ...opts, live, markers: [...(opts.markers ?? []), ...events] }));
  const country = (id: string, title: string, caption: string, metric: string, label: string, extra: { log?: boolean; percent?: boolean; format?: string; markers?: readonly Marker[] } = {}) => {
    if (!hasMetric(s, "country", metric)) return;
    line({ id, title, caption, values: rows(s, "country", metric), y: axisTitle(label, unitOf("country", metric)), countries, legend: "country", ...extra });
  };
  country("capability", "Frontier capability by country", "Capability keeps rising: milestones pass and the race goes on.", "capability", "capability", { markers: marks.milestones ?? [] });
  country("months-behind", "Months behind the leader", "How long ago the leading country was where each country is now; dashed lines mark changes of leader. Months stretch when the frontier slows: read them beside the gap.", "months_behind", "months behind", {
    markers: leadershipChanges(s),
  });
  country("gap", "Gap to the frontier", "How far each country's capability is below the frontier, in orders of magnitude of effective compute (1 = 10 times less). Unlike months behind, it does not stretch when the frontier slows.", "gap", "gap");
  // who leads each domain: every country's capability there rises with the others', so the
  // gap to the domain's leader, not the level, shows who is ahead and by how much
  for (const d of DOMAINS) {
    if (!hasMetric(s, "country", `capability_${d}`)) continue;
    line({
      id: `gap-${d}`,
      title: `Behind the leader in ${d} AI`,
      caption: `How far each country's capability in ${d} AI is below the leading country's there, in orders of magnitude (0: the leader; 1 = 10 times less). Who leads a domain can differ from who leads overall, and change; countries with the same gap share one line. months_behind_${d} in timeseries.csv gives the gap in months.`,
      values: domainGaps(s, d),
      y: "gap to the leader (OOM)",
      countries,
      legend: "country",
    });
  }
  country("compute", "AI compute by country", "Labs' and public compute (log scale).", "compute", "compute", { log: true, format: "~s" });
  country("domestic-chips", "Share of compute made in the country's own fabs", "Self-sufficiency in chips (0 without a supply chain).", "domestic_chip_share", "own-fab share", { percent: true });
  country("exposure", "Exposure to Taiwan's fabs", "Share of each country's compute made in Taiwan's fabs (semiconductors.exposureTo). Countries with the same exposure share one line.", "exposure", "exposed share", { percent: true });
  // chips by source: what each design's fabs make (the supply behind every country's compute)
  const designs = s.entities.get("design") ?? [];
  if (designs.length > 0 && hasMetric(s, "design", "output")) {
    line({
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
    });
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
    line({
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
    });
  }
  country("firms", "AI firms in business", "Labs plus small firms; entries and exits go on throughout.", "firm_count", "firms");
  if (hasMetric(s, "country", "entries") && hasMetric(s, "country", "exits")) {
    const churn = [...rows(s, "country", "entries").map((r) => ({ ...r, series: "entries" })), ...rows(s, "country", "exits").map((r) => ({ ...r, series: "exits" }))];
    line({ id: "entries-exits", title: "Firms entered and exited since the start", caption: "Cumulative entries (solid) and exits (dashed) by country: the field keeps changing.", values: churn, y: "firms", countries, legend: "country" });
    const chart = charts[charts.length - 1]!;
    const first = (chart.spec as unknown as { layer: { encoding: Record<string, unknown>; data: { values: unknown[] } }[] }).layer[0]!;
    first.encoding["strokeDash"] = { field: "series", type: "nominal", title: "", scale: { domain: ["entries", "exits"], range: [[1, 0], [5, 3]] } };
    first.encoding["detail"] = { field: "series", type: "nominal" };
  }
  country("influence", "Influence: share of world AI usage", "Usage served by each country's labs, small firms and the open models they lead.", "influence", "usage share", { percent: true });
  country("ai-gdp", "AI's contribution to GDP", "Part of GDP due to AI's contribution to growth since the start.", "ai_gdp_contribution", "contribution");
  // global series, each named in words in the legend (the metric's id is in timeseries.csv)
  const globals: [string, string, string, string, string, [string, string][], { log?: boolean; percent?: boolean; format?: string }][] = [
    ["price-index", "Price of the start's frontier capability", "Relative to the start (log scale): capability gets cheap fast.", "index (1 = the start)", "series", [["price_index", "price index"]], { log: true, format: "~e" }],
    [
      "concentration",
      "Concentration (Herfindahl-Hirschman index)",
      "Of compute across countries (compute_hhi in timeseries.csv) and of usage across labs, small firms and open models (firm_hhi); 1 = one holds everything.",
      "index",
      "concentration of",
      [
        ["compute_hhi", "compute, across countries"],
        ["firm_hhi", "usage, across firms"],
      ],
      {},
    ],
  ];
  for (const [id, title, caption, label, legend, metrics, extra] of globals) {
    const present = metrics.filter(([m]) => hasMetric(s, "global", m));
    if (present.length === 0) continue;
    const values = present.flatMap(([m, name]) => rows(s, "global", m).map((r) => ({ ...r, entity: name })));
    if (id === "price-index" && values.every((v) => v.value <= 0)) continue; // no market: no price index
    line({ id, title, caption, values: values.filter((v) => !extra.log || v.value > 0), y: axisTitle(label, unitOf("global", present[0]![0])), countries: present.map(([, name]) => name), legend, ...extra });
  }
  return charts;
}

/** Which country leads each application domain, quarter by quarter (the highest capability). */
export function domainLeaders(s: RunSeries): { year: number; domain: string; leader: string }[] {
  const countries = s.entities.get("country") ?? [];
  const out: { year: number; domain: string; leader: string }[] = [];
  for (const d of DOMAINS) {
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
      ...fitRows(DOMAINS.filter((d) => values.some((v) => v.domain === d)).length, 28),
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
