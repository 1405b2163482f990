/** What a sweep found, in words: spreads per policy, paired policy differences, inputs ranked. */
import { describe, expect, it } from "vitest";
import { inputChart, inputRanking, parseSweepRuns, policyDifferenceChart, policyDifferences, sweepSentences } from "../../src/report/sweep-findings.js";

// two points x two replications x two policies; "push" adds 10 to y at every pair, plus noise
const header = "run,point,policy,replication,seed,status,a,b,y,z,error";
const rows: string[] = [];
let run = 0;
for (const policy of ["base", "push"]) {
  for (let point = 0; point < 4; point++) {
    for (let rep = 0; rep < 2; rep++) {
      const a = point; // y rises with a
      const b = [3, 1, 4, 2][point]!; // z falls with b
      const y = 2 * a + rep * 0.1 + (policy === "push" ? 10 + point * 0.01 : 0);
      const z = 10 - b + rep * 0.01;
      rows.push(`${run++},${point},${policy},${rep},1,ok,${a},${b},${y},${z},`);
    }
  }
}
rows.push(`${run},0,base,2,1,failed,0,0,,,"boom"`);
const csv = [header, ...rows].join("\n");

describe("sweep findings", () => {
  const runs = parseSweepRuns(csv, ["base", "push"], ["a", "b"], ["y", "z"]);

  it("reads the successful runs of runs.csv", () => {
    expect(runs.rows).toHaveLength(16);
    expect(runs.rows[3]).toEqual({ policy: 0, point: 1, replication: 1, inputs: [1, 1], outcomes: [2.1, 9.01] });
  });

  it("pairs each policy's runs with the first policy's at the same point and seed", () => {
    const d = policyDifferences(runs);
    expect(d.map((x) => [x.policy, x.outcome, x.diff.n])).toEqual([
      ["push", "y", 8],
      ["push", "z", 8],
    ]);
    expect(d[0]!.diff.mean).toBeCloseTo(10.015, 9);
    expect(d[0]!.diff.ciLow).toBeGreaterThan(10);
    expect(d[1]!.diff.mean).toBe(0);
  });

  it("ranks inputs by rank correlation, or by the design's sensitivity indices", () => {
    // ties in a (two replications a point) keep rho just below 1; b's order is unrelated to y's
    expect(inputRanking(runs, "y").map((s) => [s.input, Math.round(s.score * 100) / 100])).toEqual([
      ["a", 0.98],
      ["b", 0],
    ]);
    expect(inputRanking(runs, "z")[0]).toMatchObject({ input: "b", how: "rank correlation" });
    expect(inputRanking(runs, "z")[0]!.score).toBeCloseTo(-0.976, 3);
    const sobol = "policy,outcome,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high,note\nbase,y,a,0.1,0,0.2,0.3,0.2,0.4,\nbase,y,b,0.5,0.4,0.6,0.7,0.6,0.8,\npush,y,a,0.9,0,1,0.9,0.8,1,\n";
    expect(inputRanking(runs, "y", sobol)).toEqual([
      { input: "b", score: 0.7, how: "Sobol total index" },
      { input: "a", score: 0.3, how: "Sobol total index" },
    ]);
    const morris = "policy,outcome,parameter,mu,mu_star,sigma,note\nbase,y,a,1,4,1,\nbase,y,b,-1,2,1,\n";
    expect(inputRanking(runs, "y", morris).map((s) => `${s.input} ${s.how} ${s.score}`)).toEqual(["a Morris mu* 4", "b Morris mu* 2"]);
  });

  it("says it in words: spreads, the inputs that matter, and each policy's clear differences", () => {
    const s = sweepSentences(runs, ["months", "1"]);
    expect(s[0]).toBe("y (months): base median 2.10 (90% of runs 0.0 to 6.00); push median 12.1 (90% of runs 10.0 to 16.0). It moves most with a (rank correlation +0.98) under base.");
    expect(s[1]).toMatch(/^z: base median /);
    expect(s[2]).toBe("push against base (8 pairs with the same point and seed): y +10.0 months (95% CI +10.0 to +10.0).");
  });

  it("charts each policy's differences and an outcome against its input", () => {
    const c = policyDifferenceChart(runs, ["months", "1"])!;
    const values = (c.spec as unknown as { data: { values: { outcome: string; policy: string }[] } }).data.values;
    // z does not differ: nothing to draw for it
    expect(values.map((v) => `${v.policy} ${v.outcome}`)).toEqual(["push y"]);
    const i = inputChart(runs, "y", "a", { outcome: "months", input: "1" }, inputRanking(runs, "y")[0]!)!;
    expect((i.spec as unknown as { data: { values: unknown[] } }).data.values).toHaveLength(16);
    expect(i.caption).toMatch(/rank correlation \+0\.98 under base/);
    expect(policyDifferenceChart(parseSweepRuns(csv, ["base"], ["a"], ["y"]), ["months"])).toBeUndefined();
  });
});
