/** Run reports: chart specifications (data, encodings, colours, units), SVG rendering, the page. */
import { describe, expect, it } from "vitest";
import { computeRun } from "../../src/io/results.js";
import { domainLeaders, leaderHeatmap, leadershipChanges, PALETTE, runCharts } from "../../src/report/charts.js";
import { reportHtml } from "../../src/report/html.js";
import { renderSvg } from "../../src/report/render.js";
import { parseTimeseries } from "../../src/report/series.js";
import { findings, noFinishLine, timeline } from "../../src/report/narrative.js";
import { baseline } from "../helpers/scenarios.js";

const loaded = baseline(["end=2031Q4"]);
const result = computeRun(loaded, 42);
const series = parseTimeseries(result.files.get("timeseries.csv")!);
const countries = loaded.scenario.countries.map((c) => c.id);
const charts = runCharts(series, [{ year: 2027, label: "Milestone" }]);

type Layer = { mark: { type: string }; data: { values: Record<string, unknown>[] }; encoding: Record<string, { title?: string; scale?: { domain?: string[]; range?: string[]; type?: string } }> };
const layers = (id: string) => (charts.find((c) => c.id === id)!.spec as unknown as { layer: Layer[] }).layer;

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
      "capability-cloud",
      "capability-medical",
      "capability-driving",
      "capability-generative",
      "capability-embodied",
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
    expect(cap.some((l) => l.mark.type === "rule")).toBe(true);
    expect(cap.find((l) => l.mark.type === "text")!.data.values).toEqual([{ year: 2027, label: "Milestone" }]);
    const changes = leadershipChanges(series);
    expect(changes).toHaveLength(result.summary.leadershipChanges);
    if (changes.length > 0) expect(layers("months-behind").find((l) => l.mark.type === "rule")!.data.values).toHaveLength(changes.length);
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
      sections: [{ id: "months-behind", title: "M", caption: "c", svg }],
      timeline: timeline(result.summary),
      footer: "f",
    });
    expect(html).toContain("T &lt;&amp;&gt;");
    expect(html).toContain('data-chart="months-behind"');
    expect(html).toMatch(/there is no finish line/);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
  });
});
