/** The comparison report: sentences generated from the numbers, and bands over replications. */
import { describe, expect, it } from "vitest";
import type { ComparisonRowData } from "../../src/report/comparison.js";
import { bands, comparisonSentences, describeOutcome, differenceChart, parseComparisonCsv } from "../../src/report/comparison.js";

const row = (o: Partial<ComparisonRowData>): ComparisonRowData => ({
  outcome: "compute_CN_2030Q4",
  metric: "compute_CN",
  unit: "EFLOP/s",
  n: 30,
  meanA: 100,
  meanB: 60,
  difference: -40,
  ciLow: -45,
  ciHigh: -35,
  relative: -0.4,
  signShare: 1,
  ...o,
});

describe("comparison report", () => {
  it("says what changed, by how much, with its interval and units, largest first", () => {
    const s = comparisonSentences(
      [row({}), row({ outcome: "months_behind_CN_2030Q4", metric: "months_behind_CN", unit: "months", meanA: 10, meanB: 12, difference: 2, ciLow: 1, ciHigh: 3, relative: 0.2, signShare: 0.9 }), row({ outcome: "lead_months", metric: "lead_months", unit: "months", difference: 0.1, ciLow: -0.2, ciHigh: 0.4, relative: 0.001 })],
      "baseline",
      "tight",
    );
    expect(s[0]).toBe("tight lowers CN's compute in 2030Q4 by 40% (95% CI 35%-45%) relative to baseline, from 100 to 60.0 EFLOP/s; the sign holds in 100% of the 30 paired runs.");
    expect(s[1]).toMatch(/^tight raises CN's months behind in 2030Q4 by 20% \(95% CI 10%-30%\) relative to baseline, from 10\.0 to 12\.0 months; the sign holds in 90%/);
    expect(s[2]).toBe("1 of 3 outcomes show no difference whose 95% interval excludes zero.");
    const tiny = comparisonSentences([row({}), row({ relative: -0.004, difference: -0.4, ciLow: -0.5, ciHigh: -0.3 })], "a", "b", 1);
    expect(tiny).toEqual([expect.stringMatching(/^b lowers CN's compute/), "1 of 2 outcomes changed detectably but by less than 1%."]);
    expect(describeOutcome(row({ outcome: "lead_months", metric: "lead_months" }))).toBe("lead months at the end");
  });

  it("reads comparison.csv and charts relative differences with their intervals", () => {
    const rows = parseComparisonCsv("outcome,metric,unit,n,mean_a,mean_b,difference,ci95_low,ci95_high,relative,sign_share\ncompute_CN,compute_CN,EFLOP/s,3,100,60,-40,-45,-35,-0.4,1\nzero,leadership_changes,changes,3,0,0,0,0,0,,\n");
    expect(rows[1]!.relative).toBeNaN();
    const c = differenceChart(rows, "a", "b")!;
    const values = (c.spec as unknown as { data: { values: { outcome: string; low: number; high: number }[] } }).data.values;
    expect(values).toEqual([{ outcome: "CN's compute at the end", relative: -0.4, low: -0.45, high: -0.35 }]);
    expect(() => parseComparisonCsv("x\n")).toThrow(/not a comparison\.csv/);
  });

  it("computes median and bands over the replications of each scenario", () => {
    const ts = ["run,step,date,entity_kind,entity,metric,value", ...[1, 2, 3, 4, 5].map((v, r) => `${r},0,2025Q3,country,CN,compute,${v}`), ...[10, 20, 30, 40, 50].map((v, r) => `${r + 5},0,2025Q3,country,CN,compute,${v}`)].join("\n");
    const b = bands(ts, "compute", [..."aaaaa", ..."bbbbb"]);
    expect(b).toHaveLength(2);
    expect(b[0]).toMatchObject({ scenario: "a", entity: "CN", year: 2025.5, q50: 3, q25: 2, q75: 4, q05: 1.2, q95: 4.8 });
    expect(b[1]).toMatchObject({ scenario: "b", q50: 30 });
  });
});
