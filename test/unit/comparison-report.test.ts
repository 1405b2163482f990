/** The comparison report: sentences generated from the numbers, and bands over replications. */
import { describe, expect, it } from "vitest";
import type { ComparisonRowData } from "../../src/report/comparison.js";
import { renderSvg } from "../../src/report/render.js";
import { bandChart, bands, comparisonSentences, comparisonTable, describeOutcome, differencesOverTimeChart, effectChart, grouped, parseComparisonCsv, parseDifferencesCsv, rankOutcomes } from "../../src/report/comparison.js";

const row = (o: Partial<ComparisonRowData>): ComparisonRowData => ({
  outcome: "compute_CN_2030Q4",
  metric: "compute_CN",
  unit: "EFLOP/s",
  reading: "at",
  date: "2030Q4",
  n: 30,
  meanA: 100,
  meanB: 60,
  difference: -40,
  ciLow: -45,
  ciHigh: -35,
  relative: -0.4,
  signShare: 1,
  effect: -8,
  ...o,
});

describe("comparison report", () => {
  it("says what changed, by how much, with its interval and units, largest effect first", () => {
    const s = comparisonSentences(
      [
        row({}),
        row({ outcome: "months_behind_CN_2030Q4", metric: "months_behind_CN", unit: "months", meanA: 10, meanB: 12, difference: 2, ciLow: 1, ciHigh: 3, relative: 0.2, signShare: 0.9, effect: 12 }),
        row({ outcome: "lead_months", metric: "lead_months", unit: "months", reading: "end", date: "2040Q4", difference: 0.1, ciLow: -0.2, ciHigh: 0.4, relative: 0.001, effect: 0.1 }),
      ],
      "baseline",
      "tight",
    );
    // months are an amount, not a ratio; ranked by effect (12 before -8)
    expect(s[0]).toBe("tight raises CN's months behind in 2030Q4 by 2.00 months (95% CI 1.00 to 3.00) relative to baseline, from 10.0 to 12.0 months; the sign holds in 90% of the 30 paired runs.");
    expect(s[1]).toBe("tight lowers CN's compute in 2030Q4 by 40% (95% CI 35%-45%) relative to baseline, from 100 to 60.0 EFLOP/s; the sign holds in 100% of the 30 paired runs.");
    expect(s[2]).toBe("1 of 3 outcomes show no difference whose 95% interval excludes zero at any quarter.");
    const tiny = comparisonSentences([row({}), row({ outcome: "x", relative: -0.004, difference: -0.4, ciLow: -0.5, ciHigh: -0.3 })], "a", "b", 1);
    expect(tiny).toEqual([expect.stringMatching(/^b lowers CN's compute/), "1 of 2 outcomes changed detectably but by less than 1%."]);
    expect(describeOutcome(row({ outcome: "lead_months", metric: "lead_months", reading: "end" }))).toBe("lead months at the end");
  });

  it("says where a difference is largest and what is left of it at the end", () => {
    const end = row({ outcome: "compute_US", metric: "compute_US", reading: "end", date: "2040Q4", meanA: 9_251_842, meanB: 8_046_944, difference: -1_204_899, ciLow: -1_216_981, ciHigh: -1_192_816, relative: -0.13, effect: -12 });
    const peak = { ...end, reading: "peak" as const, date: "2032Q1", meanA: 156_056, meanB: 56_799, difference: -99_257, ciLow: -100_000, ciHigh: -98_000, relative: -0.636, effect: -31 };
    const lead = row({ outcome: "lead_months", metric: "lead_months", unit: "months", reading: "end", date: "2040Q4", meanA: 1.78, meanB: 0.77, difference: -1.01, ciLow: -1.1, ciHigh: -0.92, relative: -0.57, effect: -1.7 });
    const leadPeak = { ...lead, reading: "peak" as const, date: "2031Q2", meanA: 15.4, meanB: 20.3, difference: 4.9, ciLow: 4.7, ciHigh: 5.2, relative: 0.32, effect: 6.6 };
    const gone = row({ outcome: "gap_EU", metric: "gap_EU", unit: "OOM", reading: "end", date: "2040Q4", meanA: 0, meanB: 0.0007, difference: 0.0007, ciLow: -0.0001, ciHigh: 0.0015, relative: NaN, effect: 0.5 });
    const gonePeak = { ...gone, reading: "peak" as const, date: "2031Q2", meanA: 0.62, meanB: 0.72, difference: 0.11, ciLow: 0.1, ciHigh: 0.12, effect: 3.8 };
    const rows = [lead, leadPeak, end, peak, gone, gonePeak];
    expect(rankOutcomes(rows).map((o) => o.outcome)).toEqual(["compute_US", "lead_months", "gap_EU"]);
    const s = comparisonSentences(rows, "baseline", "taiwan-blockade");
    expect(s[0]).toBe(
      "taiwan-blockade lowers US's compute most in 2032Q1, by 64% (95% CI 63%-64%) relative to baseline, from 156,056 to 56,799 EFLOP/s; the sign holds in 100% of the 30 paired runs; at the end (2040Q4) by 13% (95% CI 13%-13%).",
    );
    expect(s[1]).toBe("taiwan-blockade raises lead months most in 2031Q2, by 4.90 months (95% CI 4.70 to 5.20) relative to baseline, from 15.4 to 20.3 months; the sign holds in 100% of the 30 paired runs; at the end (2040Q4) the other way, lower by 1.01 months (95% CI 0.92 to 1.10).");
    expect(s[2]).toMatch(/^taiwan-blockade raises EU's gap most in 2031Q2, by 0\.11 OOM .*; at the end \(2040Q4\) there is no clear difference\.$/);
    // the terminal's table: the same order, each outcome where it is largest and then at the end
    const table = comparisonTable(rows, "baseline", "taiwan-blockade").split("\n");
    expect(table[0]).toMatch(/^#\s+outcome\s+read in\s+A: baseline\s+B: taiwan-blockade\s+B - A\s+95% CI\s+change\s+effect$/);
    expect(table[1]).toMatch(/^1\s+US's compute \(EFLOP\/s\)\s+2032Q1 largest\s+156,056\s+56,799\s+-99,257\s+-100,000 \.\. -98,000\s+-64%\s+-31$/);
    expect(table[2]).toMatch(/^\s+2040Q4 end\s+9,251,842\s+8,046,944\s+-1,204,899 .* -13%\s+-12$/);
    expect(table[3]).toMatch(/^2\s+lead months \(months\)\s+2031Q2 largest/);
    expect(table).toHaveLength(7);
  });

  it("ranks an outcome that does not vary across seeds by its size, and unclear ones last", () => {
    const flatBig = row({ outcome: "a", metric: "compute_US", effect: -Infinity, relative: -0.5 });
    const flatSmall = row({ outcome: "b", metric: "compute_CN", effect: -Infinity, relative: -0.1 });
    const unclear = row({ outcome: "c", ciLow: -1, ciHigh: 1, effect: -40 });
    const strong = row({ outcome: "d", effect: 90 });
    expect(rankOutcomes([unclear, flatSmall, strong, flatBig]).map((o) => o.outcome)).toEqual(["a", "b", "d", "c"]);
  });

  it("writes large numbers with thousands separators, in every locale", () => {
    expect([grouped(1_204_899), grouped(-1000), grouped(999), grouped(-0.2), grouped(12_345.6)]).toEqual(["1,204,899", "-1,000", "999", "0", "12,346"]);
  });

  it("reads comparison.csv, old and new, and charts standardised effects with their intervals", () => {
    const old = parseComparisonCsv("outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share\ncompute_CN_2030Q4,compute_CN,EFLOP/s,3,100,60,-40,-45,-35,-0.4,1\nzero,leadership_changes,changes,3,0,0,0,0,0,,\n");
    expect(old[0]).toMatchObject({ reading: "at", date: "2030Q4", difference: -40 });
    expect(old[0]!.effect).toBeNaN();
    expect(old[1]!.relative).toBeNaN();
    const rows = parseComparisonCsv(
      "outcome,metric,unit,reading,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share,effect\ncompute_CN,compute_CN,EFLOP/s,end,2040Q4,3,100,60,-40,-45,-35,-0.4,1,-8\ncompute_CN,compute_CN,EFLOP/s,peak,2032Q1,3,50,10,-40,-44,-36,-0.8,1,-10\nflat,compute_US,EFLOP/s,end,2040Q4,3,5,6,1,1,1,0.2,1,inf\n",
    );
    expect(rows[2]!.effect).toBe(Infinity);
    const c = effectChart(rows, "a", "b")!;
    const values = (c.spec as unknown as { data: { values: { outcome: string; reading: string; effect: number; low: number; high: number }[] } }).data.values;
    // the spread is difference / effect = 4 at the peak and 5 at the end
    expect(values.map((v) => [v.outcome, v.reading, v.effect, v.low, v.high])).toEqual([
      ["CN's compute", "largest (2032Q1)", -10, -11, -9],
      ["CN's compute", "at the end", -8, -9, -7],
    ]);
    expect(c.caption).toMatch(/1 outcome that do not vary across seeds \(an infinite effect\) are left out/);
    expect(() => parseComparisonCsv("x\n")).toThrow(/not a comparison\.csv/);
  });

  it("charts each outcome's difference over time on its own scale, marking where it is largest", () => {
    const rows = parseComparisonCsv(
      "outcome,metric,unit,reading,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share,effect\ncompute_CN,compute_CN,EFLOP/s,end,2030Q3,3,100,90,-10,-12,-8,-0.1,1,-5\ncompute_CN,compute_CN,EFLOP/s,peak,2030Q2,3,50,25,-25,-27,-23,-0.5,1,-9\nlead_months,lead_months,months,end,2030Q3,3,2,5,3,2,4,1.5,1,4\n",
    );
    const steps = parseDifferencesCsv(
      "outcome,metric,unit,step,date,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,effect\ncompute_CN,compute_CN,EFLOP/s,0,2030Q1,3,40,40,0,0,0,0,0\ncompute_CN,compute_CN,EFLOP/s,1,2030Q2,3,50,25,-25,-27,-23,-0.5,-9\nlead_months,lead_months,months,1,2030Q2,3,2,5,3,2,4,1.5,4\n",
    );
    const c = differencesOverTimeChart(steps, rows, "a", "b", { at: "2030Q3" })!;
    const spec = c.spec as unknown as { data: { values: { panel: string; value: number; low: number; peak: boolean }[] }; resolve: unknown; facet: { sort: string[] } };
    expect(spec.facet.sort).toEqual(["CN's compute (% change)", "lead months (months)"]);
    expect(spec.resolve).toEqual({ scale: { y: "independent" } });
    // compute in per cent of A's value; months as they are
    expect(spec.data.values.map((v) => [v.panel, v.value, v.low, v.peak])).toEqual([
      ["CN's compute (% change)", 0, 0, false],
      ["CN's compute (% change)", -50, -54, true],
      ["lead months (months)", 3, 2, false],
    ]);
    expect(c.caption).toMatch(/the blue line the quarter asked for/);
  });

  it("computes median and bands over the replications of each scenario", () => {
    const ts = ["run,step,date,entity_kind,entity,metric,value", ...[1, 2, 3, 4, 5].map((v, r) => `${r},0,2025Q3,country,CN,compute,${v}`), ...[10, 20, 30, 40, 50].map((v, r) => `${r + 5},0,2025Q3,country,CN,compute,${v}`)].join("\n");
    const b = bands(ts, "compute", [..."aaaaa", ..."bbbbb"]);
    expect(b).toHaveLength(2);
    expect(b[0]).toMatchObject({ scenario: "a", entity: "CN", year: 2025.5, q50: 3, q25: 2, q75: 4, q05: 1.2, q95: 4.8 });
    expect(b[1]).toMatchObject({ scenario: "b", q50: 30 });
  });

  it("marks the quarter asked for (--at) on the side-by-side series, once in each country's panel", async () => {
    const ts = ["run,step,date,entity_kind,entity,metric,value"];
    for (const [step, date] of ["2030Q3", "2030Q4", "2031Q1"].entries()) for (const c of ["US", "CN"]) for (let r = 0; r < 4; r++) ts.push(`${r},${step},${date},country,${c},capability,${step + r}`);
    const data = bands(ts.join("\n"), "capability", ["a", "a", "b", "b"]);
    type Layer = { transform?: { filter: string }[]; layer?: { mark: { type: string }; encoding: { x: { field: string }; text?: { value: string } } }[] };
    const marked = bandChart("capability", "Capability", data, ["a", "b"], ["US", "CN"], "capability (OOM)", { at: "2030Q4" });
    const layers = (marked.spec as unknown as { spec: { layer: Layer[] } }).spec.layer;
    const at = layers.find((l) => l.transform !== undefined)!;
    // one row of each panel: the first scenario's, in that quarter
    expect(at.transform).toEqual([{ filter: 'datum.year === 2030.75 && datum.scenario === "a"' }]);
    expect(at.layer!.map((l) => l.mark.type)).toEqual(["rule", "text"]);
    expect(at.layer![1]!.encoding.text).toEqual({ value: "2030Q4" });
    expect(marked.caption).toMatch(/The vertical line marks 2030Q4, the quarter asked for\.$/);
    expect(marked.wide).toBe(true);
    const svg = await renderSvg(marked.spec);
    expect(svg.match(/>2030Q4<\/text>/g)).toHaveLength(2);
    // without --at, nothing marked
    const plain = bandChart("capability", "Capability", data, ["a", "b"], ["US", "CN"], "capability (OOM)");
    expect((plain.spec as unknown as { spec: { layer: Layer[] } }).spec.layer.some((l) => l.transform !== undefined)).toBe(false);
    expect(plain.caption).not.toMatch(/quarter asked for/);
  });
});
