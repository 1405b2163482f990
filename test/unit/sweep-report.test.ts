/** Sweep reports: outcome values by policy, Sobol bars and the Morris plane from sensitivity.csv. */
import { describe, expect, it } from "vitest";
import { distributionChart, morrisLabels, outcomeValues, sensitivityCharts } from "../../src/report/sweep.js";

const RUNS = `run,point,policy,replication,seed,status,leak,gap,reach,error
0,0,a,0,11,ok,0.1,12.5,2031.25,
1,0,b,0,11,ok,0.1,14,,
2,1,a,0,12,failed,0.2,,,run failed at 2026Q1
3,1,b,0,12,ok,0.2,13,2030.5,
`;

describe("sweep report", () => {
  it("takes the outcome values of successful runs, by policy", () => {
    const v = outcomeValues(RUNS, [{ id: "gap", unit: "months" }, { id: "reach", unit: "yr" }]);
    expect(v).toEqual([
      { policy: "a", outcome: "gap", value: 12.5 },
      { policy: "a", outcome: "reach", value: 2031.25 },
      { policy: "b", outcome: "gap", value: 14 },
      { policy: "b", outcome: "gap", value: 13 },
      { policy: "b", outcome: "reach", value: 2030.5 },
    ]);
    const c = distributionChart(v, { id: "gap", unit: "months" }, ["a", "b"]);
    const spec = c.spec as unknown as { data: { values: unknown[] }; mark: { type: string }; encoding: { x: { title: string } } };
    expect(spec.data.values).toHaveLength(3);
    expect(spec.mark.type).toBe("boxplot");
    expect(spec.encoding.x.title).toBe("gap (months)");
  });

  it("charts Sobol indices sorted by total order, and the Morris plane, for the first policy", () => {
    const sobol = `policy,outcome,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high,note
a,gap,x,0.1,0.05,0.15,0.2,0.15,0.25,
a,gap,y,0.6,0.5,0.7,0.7,0.6,0.8,
a,reach,x,,,,,,,not analysed
b,gap,x,0.3,0.2,0.4,0.3,0.2,0.4,
`;
    const charts = sensitivityCharts(sobol, "a");
    expect(charts.map((c) => c.id)).toEqual(["sobol-gap"]);
    const spec = charts[0]!.spec as unknown as { data: { values: { parameter: string; index: string; estimate: number }[] }; encoding: { y: { sort: string[] } } };
    expect(spec.encoding.y.sort).toEqual(["y", "x"]);
    expect(spec.data.values).toHaveLength(4);
    const morris = sensitivityCharts("policy,outcome,parameter,mu,mu_star,sigma,note\na,gap,x,1,2,0.5,\na,gap,y,0,0,0,no effect\n", "a");
    expect(morris.map((c) => c.id)).toEqual(["morris-gap"]);
    expect(sensitivityCharts("something else\n", "a")).toEqual([]);
  });

  it("ranks Sobol indices in a table beside the chart, by total order, with their intervals", () => {
    const sobol = `policy,outcome,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high,note
a,gap,x,0.1,0.05,0.15,0.2,0.15,0.25,
a,gap,y,0.6,0.5,0.7,0.7,0.6,0.8,
a,gap,z,-0.0001,-0.01,0.01,0.3,0.2,0.4,
`;
    const table = sensitivityCharts(sobol, "a")[0]!.table!;
    expect(table.head).toEqual(["#", "parameter", "S1", "S1 95% interval", "ST", "ST 95% interval"]);
    expect(table.rows).toEqual([
      ["1", "y", "0.600", "0.500 to 0.700", "0.700", "0.600 to 0.800"],
      ["2", "z", "0.000", "-0.010 to 0.010", "0.300", "0.200 to 0.400"],
      ["3", "x", "0.100", "0.050 to 0.150", "0.200", "0.150 to 0.250"],
    ]);
  });

  it("ranks Morris parameters in a table by mu*, and labels the plot with their ranks, never with overlapping names", () => {
    // 20 parameters, most of them crowded near the origin, as in a real screening
    const params = Array.from({ length: 20 }, (_, i) => `parameter${i}`);
    const mu = (i: number) => (i === 3 ? 8 : i === 7 ? 5 : 0.05 * i);
    const text = ["policy,outcome,parameter,mu,mu_star,sigma,note", ...params.map((p, i) => `a,gap,${p},${i % 2 ? -mu(i) : mu(i)},${mu(i)},${mu(i) / 2},`)].join("\n");
    const chart = sensitivityCharts(text, "a")[0]!;
    const table = chart.table!;
    expect(table.head).toEqual(["#", "parameter", "mu*", "mu", "sigma"]);
    expect(table.rows.slice(0, 3)).toEqual([
      ["1", "parameter3", "8.00", "-8.00", "4.00"],
      ["2", "parameter7", "5.00", "-5.00", "2.50"],
      ["3", "parameter19", "0.950", "-0.950", "0.475"],
    ]);
    // ranked: mu* never rises down the table
    const muStar = table.rows.map((r) => Number(r[2]));
    expect(muStar).toEqual([...muStar].sort((a, b) => b - a));
    // 20 rows: the first 12 and a note
    expect(table.rows).toHaveLength(12);
    expect(table.note).toMatch(/^8 more, each with mu\* at most 0\.\d+ \(1 with no effect\); sensitivity\.csv has every one\.$/);
    // labels: rank numbers, not names, and only where they fit
    type Layer = { mark: { type: string }; encoding?: { text?: { field: string } } };
    const texts = (chart.spec as unknown as { layer: Layer[] }).layer.filter((l) => l.mark.type === "text");
    expect(texts.length).toBeGreaterThan(0);
    for (const l of texts) expect(l.encoding!.text!.field).toBe("rank");
    const values = (chart.spec as unknown as { data: { values: { rank: number; parameter: string; place: string }[] } }).data.values;
    expect(values.slice(0, 2).map((v) => [v.rank, v.parameter, v.place])).toEqual([
      [1, "parameter3", "right"],
      [2, "parameter7", "right"],
    ]);
    // of the crowd at the origin, some numbers are left out rather than written over each other
    expect(values.filter((v) => v.place === "none").length).toBeGreaterThan(10);
  });

  it("places Morris labels where they overlap neither another label nor a point", () => {
    const at = (x: number, y: number) => ({ muStar: x, sigma: y });
    // two points on top of each other: the second's number goes elsewhere
    const labels = morrisLabels([at(5, 5), at(5.05, 5), at(5.1, 5), at(0, 0)], { x: 10, y: 10 }, { width: 500, height: 200 });
    expect(labels.map((l) => l?.place)).toEqual(["left", "above", "right", "right"]);
    const many = morrisLabels(Array.from({ length: 12 }, (_, i) => at(1 + i * 0.001, 1)), { x: 10, y: 10 }, { width: 500, height: 200 });
    expect(many.filter((l) => l !== undefined).length).toBeLessThanOrEqual(4);
  });
});
