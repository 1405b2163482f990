/** Sweep reports: outcome values by policy, Sobol bars and the Morris plane from sensitivity.csv. */
import { describe, expect, it } from "vitest";
import { distributionChart, outcomeValues, sensitivityCharts } from "../../src/report/sweep.js";

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
});
