/** Run reports: chart specifications (data, encodings, colours, units), SVG rendering, the page. */
import { describe, expect, it } from "vitest";
import { computeRun } from "../../src/io/results.js";
import { METRICS } from "../../src/model/metrics.js";
import { domainGaps, domainLeaders, leaderHeatmap, leadershipChanges, PALETTE, runCharts } from "../../src/report/charts.js";
import { CHART_WIDTH } from "../../src/report/layout.js";
import { eventMarkers, milestoneMarkers, placeLabels } from "../../src/report/markers.js";
import { reportHtml } from "../../src/report/html.js";
import { renderSvg } from "../../src/report/render.js";
import { parseTimeseries } from "../../src/report/series.js";
import { eventSentences, findings, noFinishLine, shortTitle, timeline } from "../../src/report/narrative.js";
import { baseline } from "../helpers/scenarios.js";

const loaded = baseline(["end=2031Q4"]);
const result = computeRun(loaded, 42);
const series = parseTimeseries(result.files.get("timeseries.csv")!);
const countries = loaded.scenario.countries.map((c) => c.id);
// the baseline's one event: CXMT makes HBM3 in volume, in 2027Q1
const EVENT = "CXMT makes HBM3 in volume";
const charts = runCharts(series, { milestones: [{ year: 2028, label: "Milestone" }], events: eventMarkers(result.summary.events) });

type Layer = { mark: { type: string }; data: { values: Record<string, unknown>[] }; encoding: Record<string, { title?: string; scale?: { domain?: string[]; range?: string[]; type?: string } }>; layer?: Layer[] };
const layers = (id: string) => (charts.find((c) => c.id === id)!.spec as unknown as { layer: Layer[] }).layer;
/** The labels written beside the rules of a chart (in layers that hold a text mark). */
const labelsOf = (id: string) => layers(id).filter((l) => l.layer?.some((k) => k.mark.type === "text")).flatMap((l) => l.data.values.map((v) => v["label"]));

describe("run report charts", () => {
  it("chart driverless fleets only where operators run some abroad, on a log scale that breaks where a country has none", () => {
    const fleets = (charts.find((c) => c.id === "driverless-vehicles")!.spec as unknown as { layer: Layer[] }).layer;
    expect(fleets[0]!.encoding["y"]!.scale!.type).toBe("log");
    expect(fleets[0]!.encoding["y"]!.title).toBe("vehicles");
    // the EU has no fleet at the start, foreign ones later
    const eu = fleets[0]!.data.values.filter((v) => v["entity"] === "EU");
    expect(eu[0]!["value"]).toBeNull();
    expect(eu[eu.length - 1]!["value"]).toBeGreaterThan(0);
    const closed = runCharts(parseTimeseries(computeRun(baseline(["end=2031Q4", "deployment.entry.driving=0"]), 42).files.get("timeseries.csv")!));
    expect(closed.map((c) => c.id)).not.toContain("driverless-vehicles");
  });

  it("chart a memory shortage only where there was one, and break a design's output line where it made nothing", () => {
    expect(charts.map((c) => c.id)).not.toContain("hbm-shortfall");
    const squeeze = computeRun(baseline(["parameters.cxmtYear.value=2030"]), 1);
    const sq = runCharts(parseTimeseries(squeeze.files.get("timeseries.csv")!));
    const short = sq.find((c) => c.id === "hbm-shortfall")!;
    const values = (short.spec as unknown as { layer: Layer[] }).layer[0]!.data.values;
    expect(values.some((v) => v["entity"] === "CN" && v["value"] === 1)).toBe(true);
    // Huawei's output is null, not dropped, in the quarters it made nothing (a gap in the line)
    const output = (sq.find((c) => c.id === "chip-output")!.spec as unknown as { layer: Layer[] }).layer[0]!.data.values;
    const ascend = output.filter((v) => v["entity"] === "Ascend910C");
    expect(ascend.length).toBe(squeeze.summary.steps + 1);
    expect(ascend.some((v) => v["value"] === null)).toBe(true);
  });

  it("chart a power shortage only where there was one", () => {
    const values = layers("unpowered-share")[0]!.data.values;
    expect(values.some((v) => v["entity"] === "US" && (v["value"] as number) > 0.1)).toBe(true);
    expect(values.every((v) => v["entity"] === "US" || v["value"] === 0)).toBe(true);
    const ample = runCharts(parseTimeseries(computeRun(baseline(["end=2031Q4", "countries.US.policy.aiPowerShare=1"]), 42).files.get("timeseries.csv")!));
    expect(ample.map((c) => c.id)).not.toContain("unpowered-share");
  });

  it("has every chart the run supports, each with a title, axis titles and units", () => {
    expect(charts.map((c) => c.id)).toEqual([
      "capability",
      "months-behind",
      "gap",
      "gap-cloud",
      "gap-medical",
      "gap-driving",
      "gap-generative",
      "gap-embodied",
      "compute",
      "domestic-chips",
      "exposure",
      "chip-output",
      "unpowered-share",
      "driverless-vehicles",
      "firms",
      "entries-exits",
      "influence",
      "ai-gdp",
      "price-index",
      "concentration",
    ]);
    for (const c of charts) {
      const line = (c.spec as unknown as { layer: Layer[]; title: string }).layer[0]!;
      expect((c.spec as unknown as { title: string }).title).toBe(c.title);
      expect(line.encoding["x"]!.title).toBe("year");
      expect(line.encoding["y"]!.title).toBeTruthy();
    }
    expect(layers("capability")[0]!.encoding["y"]!.title).toBe("capability (OOM)");
    expect(layers("compute")[0]!.encoding["y"]!.title).toBe("compute (EFLOP/s)");
    expect(layers("compute")[0]!.encoding["y"]!.scale!.type).toBe("log");
    expect(layers("months-behind")[0]!.encoding["y"]!.title).toBe("months behind");
  });

  it("plots the run's own numbers: one point per country and quarter", () => {
    const values = layers("capability")[0]!.data.values;
    expect(values).toHaveLength(countries.length * (loaded.clock.steps + 1));
    const us2031 = values.find((v) => v["entity"] === "US" && v["year"] === 2031.75)!;
    expect(us2031["value"]).toBe(Number(result.files.get("timeseries.csv")!.split("\n").find((l) => l.startsWith(`${loaded.clock.steps},2031Q4,country,US,capability,`))!.split(",")[5]));
  });

  it("gives each country the same colour in every chart, from the colour-blind-safe palette, in scenario order", () => {
    for (const c of charts.filter((c) => !["price-index", "concentration", "chip-output"].includes(c.id))) {
      const scale = layers(c.id)[0]!.encoding["color"]!.scale!;
      expect(scale.domain).toEqual(countries);
      expect(scale.range).toEqual(countries.map((_, i) => PALETTE[i]));
    }
  });

  it("marks milestones with labels and changes of leader with rules", () => {
    const cap = layers("capability");
    expect(cap.some((l) => l.mark?.type === "rule")).toBe(true);
    expect(labelsOf("capability")).toEqual([EVENT, "Milestone"]);
    const changes = leadershipChanges(series);
    expect(changes).toHaveLength(result.summary.leadershipChanges);
    // a rule for each change of leader (tooltips only) and one for the event
    if (changes.length > 0) expect(layers("months-behind").find((l) => l.mark?.type === "rule")!.data.values).toHaveLength(changes.length + 1);
    expect(labelsOf("months-behind")).toEqual([EVENT]);
    // milestones by their titles, not their ids
    const titled = milestoneMarkers(result.summary.milestones);
    expect(titled[0]!.label).toBe("The frontier reaches 1000x mid-2025 effective compute");
    expect(titled[0]!.detail).toMatch(/^2028Q1: The frontier reaches 1000x/);
    expect(labelsOf("capability").join()).not.toContain(result.summary.milestones[0]!.id);
  });

  it("marks the events that fired on every time chart, with their titles, and names them in the key outcomes with their dates", () => {
    expect(result.summary.events.map((e) => [e.date, e.title])).toEqual([["2027Q1", EVENT]]);
    for (const c of charts) {
      expect(labelsOf(c.id), c.id).toContain(EVENT);
      const rule = layers(c.id).find((l) => l.mark?.type === "rule" && l.data.values.some((v) => v["year"] === 2027))!;
      expect(rule.data.values.find((v) => v["year"] === 2027)!["label"], c.id).toBe(`2027Q1: ${EVENT}`);
    }
    // above the plot in a report (clear of the data), inside it in the explorer (live)
    const tops = (layer: Layer[]) => layer.filter((l) => l.layer !== undefined).flatMap((l) => l.data.values.map((v) => v["dy"] as number));
    expect(tops(layers("capability")).every((dy) => dy < 0)).toBe(true);
    const live = runCharts(series, { events: eventMarkers(result.summary.events) }, { span: [2025.5, 2031.75] });
    expect(tops((live[0]!.spec as unknown as { layer: Layer[] }).layer)).toEqual([2]);
    expect(findings(result.summary)).toContain(`2027Q1, event: ${EVENT}.`);
    // in order with the milestones
    const f = findings(result.summary);
    expect(f.findIndex((x) => x.startsWith("2027Q1, event"))).toBeLessThan(f.findIndex((x) => x.startsWith("2028Q1: The frontier")));
    // an event fired again (repeat: every) is labelled once; the end of its changes for a time is said, not marked
    const e = (date: string, kind: "fire" | "revert" = "fire") => ({ step: 0, date, event: "Blockade", title: "Taiwan is blockaded: its fabs cannot ship", kind, changes: [] });
    const markers = eventMarkers([e("2030Q1"), e("2031Q1", "revert"), e("2032Q1")]);
    expect(markers.map((m) => [m.year, m.label, m.show])).toEqual([
      [2030, "Taiwan is blockaded", undefined],
      [2032, "Taiwan is blockaded", false],
    ]);
    expect(eventSentences([e("2030Q1"), e("2031Q1", "revert")]).map((s) => s.text)).toEqual(["2030Q1, event: Taiwan is blockaded: its fabs cannot ship (its changes for a time were taken back in 2031Q1)."]);
    expect(eventSentences(["2030Q1", "2030Q2", "2030Q3", "2030Q4"].map((d) => e(d)))[0]!.text).toMatch(/^4 times from 2030Q1 to 2030Q4, event: /);
    expect(shortTitle("US export controls tightened: no H20-class chips")).toBe("US export controls tightened");
  });

  it("places labels above the plot without overlaps, however close their dates", () => {
    const span: [number, number] = [2025.5, 2040.75];
    const placed = placeLabels(
      [
        { year: 2027, label: "CXMT makes HBM3 in volume" },
        { year: 2027, label: "A breakthrough in China's fabs" },
        { year: 2028, label: "The frontier reaches 1000x mid-2025 effective compute" },
        { year: 2040.5, label: "Late" },
        { year: 2029, label: "hidden", show: false },
      ],
      span,
      500,
    );
    expect(placed.map((p) => p.label)).not.toContain("hidden");
    expect(placed.find((p) => p.label === "Late")!.left).toBe(true);
    const x = (y: number) => ((y - span[0]) / (span[1] - span[0])) * 500;
    const box = (p: (typeof placed)[number]): [number, number] => (p.left ? [x(p.year) - 3 - p.label.length * 5.6, x(p.year) - 3] : [x(p.year) + 3, x(p.year) + 3 + p.label.length * 5.6]);
    for (const a of placed) {
      for (const b of placed) {
        if (a === b || a.row !== b.row) continue;
        const [a0, a1] = box(a);
        const [b0, b1] = box(b);
        expect(a1 <= b0 || b1 <= a0, `${a.label} / ${b.label}`).toBe(true);
      }
    }
    expect(new Set(placed.map((p) => p.row)).size).toBeGreaterThan(1);
    // in a small view (the explorer's), a label that fits on neither side is cut short on the roomier one
    const [small] = placeLabels([{ year: 2033, label: "The blockade ends and Taiwan's fabs ship again" }], span, 200);
    expect(small!.label).toMatch(/^The blockade .*…$/);
    expect(small!.left).toBe(false);
    expect(small!.label.length * 5.6).toBeLessThanOrEqual(200 - x(2033) * (200 / 500) - 3);
  });

  it("shows who leads each domain: every country's gap to the domain's leader, 0 for the leader", () => {
    for (const d of ["cloud", "medical", "driving", "generative", "embodied"]) {
      const values = layers(`gap-${d}`)[0]!.data.values as { year: number; entity: string; value: number }[];
      expect(values).toEqual(domainGaps(series, d));
      expect(values).toHaveLength(countries.length * (loaded.clock.steps + 1));
      const leaders = domainLeaders(series).filter((l) => l.domain === d);
      for (const [step, year] of series.years.entries()) {
        const at = values.filter((v) => v.year === year);
        const best = Math.max(...countries.map((c) => series.values.get(`country|${c}|capability_${d}`)![step]!));
        for (const v of at) expect(v.value).toBeCloseTo(best - series.values.get(`country|${v.entity}|capability_${d}`)![step]!, 12);
        expect(at.find((v) => v.entity === leaders[step]!.leader)!.value).toBe(0);
        expect(Math.min(...at.map((v) => v.value))).toBe(0);
      }
      expect(layers(`gap-${d}`)[0]!.encoding["y"]!.title).toBe("gap to the leader (OOM)");
    }
  });

  it("names series in words: no legend, title or axis shows a metric's id", () => {
    // ids of one word ("compute", "entries") are words; the others are snake_case
    const ids = new Set(METRICS.map((m) => m.name).filter((n) => n.includes("_")));
    const words: string[] = [];
    for (const c of charts) {
      words.push(c.title, String((c.spec as { title?: unknown }).title));
      for (const l of layers(c.id)) {
        for (const enc of Object.values(l.encoding ?? {})) {
          if (typeof enc.title === "string") words.push(enc.title);
          if (enc.scale?.domain?.every((v) => typeof v === "string")) words.push(...enc.scale.domain);
        }
      }
    }
    expect(words.filter((w) => ids.has(w) || /\b[a-z]+_[a-z_]+\b/.test(w))).toEqual([]);
    expect(layers("concentration")[0]!.encoding["color"]!.scale!.domain).toEqual(["compute, across countries", "usage, across firms"]);
  });

  it("draws each chart at the width of a card of the page, whatever its legend", async () => {
    for (const c of charts.slice(0, 3)) {
      const svg = await renderSvg(c.spec);
      expect(svg, c.id).toMatch(new RegExp(`^<svg [^>]*width="${CHART_WIDTH}"`));
    }
  });

  it("shows who leads each domain each quarter: the country with the highest capability there", () => {
    const leaders = domainLeaders(series);
    expect(leaders).toHaveLength(5 * (loaded.clock.steps + 1));
    for (const l of leaders.filter((_, i) => i % 7 === 0)) {
      const step = series.years.indexOf(l.year);
      const best = countries.reduce((a, b) => ((series.values.get(`country|${b}|capability_${l.domain}`)![step] as number) > (series.values.get(`country|${a}|capability_${l.domain}`)![step] as number) ? b : a));
      expect(l.leader).toBe(best);
    }
    const heat = leaderHeatmap(series)!.spec as unknown as { encoding: { color: { scale: { domain: string[] } } } };
    expect(heat.encoding.color.scale.domain).toEqual(countries);
    const words = noFinishLine(result.summary);
    expect(words[0]).toMatch(/still rising .*: there is no ceiling in sight and no line to cross/);
  });

  it("renders to SVG with its title and axis titles", async () => {
    const svg = await renderSvg(charts[0]!.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Frontier capability by country");
    expect(svg).toContain("capability (OOM)");
    for (const c of countries) expect(svg).toContain(`>${c}<`);
  });

  it("writes a self-contained page: findings, every chart, the timeline, nothing fetched", async () => {
    const svg = await renderSvg(charts[1]!.spec);
    const html = reportHtml({
      title: "T <&>",
      subtitle: "s",
      findings: findings(result.summary),
      sections: [
        { id: "months-behind", title: "M", caption: "c", svg },
        { id: "wide", title: "W", caption: "c", svg, wide: true },
        { id: "ranked", title: "R", caption: "c", svg, table: { head: ["#", "parameter"], numeric: [true, false], rows: [["1", "x<y"]], note: "1 more" } },
      ],
      timeline: timeline(result.summary),
      footer: "f",
    });
    expect(html).toContain("T &lt;&amp;&gt;");
    expect(html).toContain('<figure id="months-behind" data-chart="months-behind">');
    expect(html).toContain('<figure id="wide" data-chart="wide" class="wide">');
    expect(html).toMatch(/<figure id="ranked" data-chart="ranked" class="wide">\n<div class="beside">[^]*<th class="num">#<\/th><th>parameter<\/th>[^]*<td>x&lt;y<\/td>[^]*<p>1 more<\/p>/);
    expect(html).toMatch(/there is no finish line/);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
  });

  it("writes the timeline with a header over every column, each date once, milestones by their titles", () => {
    const html = reportHtml({ title: "t", subtitle: "s", findings: [], sections: [], timeline: timeline(result.summary), footer: "f" });
    const table = html.slice(html.indexOf('<table class="timeline">'));
    const head = table.slice(0, table.indexOf("</thead>"));
    expect(head.match(/<th>([^<]*)<\/th>/g)).toEqual(["<th>date</th>", "<th>kind</th>", "<th>what happened</th>"]);
    const rows = table.slice(table.indexOf("<tbody>"), table.indexOf("</tbody>")).split("<tr>").slice(1);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      const date = /<td>(\d{4}Q\d)<\/td>/.exec(r)![1]!;
      expect(r.split(date)).toHaveLength(2); // the date once
      expect(r.match(/<td>/g)).toHaveLength(3);
    }
    expect(rows[0]).toContain(`<td>event</td><td>${EVENT}<div class="detail">changes: countries.CN.hbmPerWafer 0 to 300</div></td>`);
    expect(rows[1]).toContain("<td>milestone</td><td>The frontier reaches 1000x mid-2025 effective compute (at the front: country US, lab GoogleDeepMind), and the race went on.</td>");
    expect(html).not.toContain("Thousandfold");
  });
});
