/**
 * Experiments: planning (run order, seeds, common random numbers), validation messages with
 * positions, outcome aggregations and the summaries built from them.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunsRow, PointCollector, pointsHeader } from "../../src/experiment/collect.js";
import { Executor, runsRow } from "../../src/experiment/execute.js";
import type { Plan } from "../../src/experiment/plan.js";
import { instantiate, keepsSeries, pointValues, runRef, seedOf } from "../../src/experiment/plan.js";
import { loadExperiment } from "../../src/io/experiment-host.js";
import { formatIssue } from "../../src/scenario/issues.js";
import { workerHeapLimits } from "../../src/cli/sweep.js";
import { ROOT } from "../helpers/scenarios.js";

const dir = mkdtempSync(join(tmpdir(), "airace-exp-"));
let n = 0;

/** Writes an experiment (and optional side files) and loads it. */
function plan(text: string, files: Record<string, string> = {}) {
  const name = `e${n++}.yaml`;
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  writeFileSync(join(dir, name), text);
  return loadExperiment(join(dir, name));
}

function planOk(text: string, files: Record<string, string> = {}): Plan {
  const r = plan(text, files);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.value.plan;
}

function errors(text: string, files: Record<string, string> = {}): string[] {
  const r = plan(text, files);
  if (r.ok) throw new Error("expected the experiment to be refused");
  return r.issues.map(formatIssue);
}

const HEAD = `name: t
title: test
scenario: baseline
seed: 5
`;
const LEAK = `  - id: leak
    path: model.leakRate
    distribution: uniform
    min: 0.01
    max: 0.2
    unit: 1/yr
    source: "assumption: test"
`;
const OUTCOMES = `outcomes:
  - id: gap
    metric: months_behind_CN
    aggregate: at
    date: 2028Q4
`;

describe("planning an experiment", () => {
  it("orders runs point by point, then policy, then replication", () => {
    const p = planOk(`${HEAD}replications: 3
uncertainties:
${LEAK}policies:
  - id: a
  - id: b
    set:
      model.rivalryResponse: 0.5
design: { type: lhs, samples: 4 }
${OUTCOMES}`);
    expect(p.runs).toBe(4 * 2 * 3);
    expect(runRef(p, 0)).toEqual({ run: 0, point: 0, policy: 0, replication: 0 });
    expect(runRef(p, 5)).toEqual({ run: 5, point: 0, policy: 1, replication: 2 });
    expect(runRef(p, 6)).toEqual({ run: 6, point: 1, policy: 0, replication: 0 });
    // policies share seeds (common random numbers); replications and points do not
    expect(seedOf(p, runRef(p, 0))).toBe(seedOf(p, runRef(p, 3)));
    expect(seedOf(p, runRef(p, 0))).not.toBe(seedOf(p, runRef(p, 1)));
    expect(seedOf(p, runRef(p, 0))).not.toBe(seedOf(p, runRef(p, 6)));
    // the policy's set reaches its scenarios, the point's value too
    const inst = instantiate(p, 1, 1);
    expect(inst.ok && inst.value.scenario.model.rivalryResponse).toBe(0.5);
    expect(inst.ok && inst.value.scenario.model.leakRate).toBe(pointValues(p, 1)[0]);
  });

  it("keeps every other point's seeds and results when a point is added", () => {
    const two = "leak\n0.05\n0.1\n";
    const three = "leak\n0.05\n0.07\n0.1\n";
    const exp = (file: string) => `${HEAD}replications: 2
uncertainties:
${LEAK}design: { type: csv, file: ${file} }
${OUTCOMES}`;
    const a = planOk(exp("two.csv"), { "two.csv": two });
    const b = planOk(exp("three.csv"), { "three.csv": three });
    const ea = new Executor(a);
    const eb = new Executor(b);
    // point 1 of a (0.1) is point 2 of b
    for (const [ra, rb] of [
      [0, 0],
      [1, 1],
      [2, 4],
      [3, 5],
    ] as const) {
      const x = ea.run(ra);
      const y = eb.run(rb);
      expect(x.seed).toBe(y.seed);
      expect(x.values).toEqual(y.values);
    }
  });

  it("gives repeated points seeds of their own (replications, not copies)", () => {
    const exp = (file: string) => `${HEAD}uncertainties:\n${LEAK}design: { type: csv, file: ${file} }\n${OUTCOMES}`;
    const once = planOk(exp("once.csv"), { "once.csv": "leak\n0.05\n0.1\n" });
    const twice = planOk(exp("twice.csv"), { "twice.csv": "leak\n0.05\n0.1\n0.05\n0.05\n" });
    const seeds = [0, 1, 2, 3].map((p) => seedOf(twice, runRef(twice, p)));
    expect(new Set(seeds).size).toBe(4);
    // the first of the equal points keeps the seed it has alone
    expect(seeds[0]).toBe(seedOf(once, runRef(once, 0)));
    expect(seeds[1]).toBe(seedOf(once, runRef(once, 1)));
  });

  it("uses the same seeds at every point for Sobol and Morris designs, unless told otherwise", () => {
    const exp = (extra: string) => `${HEAD}${extra}uncertainties:
${LEAK}${LEAK.replace("id: leak", "id: absorb").replace("model.leakRate", "model.absorptionRate").replace("min: 0.01", "min: 1").replace("max: 0.2", "max: 3")}design: { type: sobol, samples: 4 }
${OUTCOMES}`;
    const common = planOk(exp(""));
    expect(common.points).toBe(4 * (2 + 2));
    expect(seedOf(common, runRef(common, 0))).toBe(seedOf(common, runRef(common, 7)));
    const independent = planOk(exp("seeds: independent\n"));
    expect(seedOf(independent, runRef(independent, 0))).not.toBe(seedOf(independent, runRef(independent, 7)));
  });

  it("keeps time series for the runs asked, spread over the run list", () => {
    const p = planOk(`${HEAD}replications: 10
${OUTCOMES}timeseries: { runs: 3, metrics: [capability, lead_months] }
`);
    const kept = Array.from({ length: p.runs }, (_, r) => r).filter((r) => keepsSeries(p, r));
    expect(kept).toEqual([0, 4, 7]);
    const o = new Executor(p).run(4);
    const lines = o.series.trim().split("\n");
    expect(lines.every((l) => l.startsWith("4,"))).toBe(true);
    expect(new Set(lines.map((l) => l.split(",")[5]))).toEqual(new Set(["capability", "lead_months"]));
  });

  it("limits the workers' heaps only when no time series are kept", () => {
    const summary = planOk(`${HEAD}replications: 2\n${OUTCOMES}`);
    expect(workerHeapLimits(summary)).toEqual({ maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 });
    const some = planOk(`${HEAD}replications: 2\n${OUTCOMES}timeseries: { runs: 1 }\n`);
    expect(workerHeapLimits(some)).toBeUndefined();
  });
});

describe("outcomes", () => {
  it("aggregates a metric as final, at, mean, min, max, change and first-crossing", () => {
    const p = planOk(`${HEAD}outcomes:
  - { id: final, metric: capability_US, aggregate: final }
  - { id: at, metric: capability_US, aggregate: at, date: 2030Q4 }
  - { id: first, metric: capability_US, aggregate: at, date: 2030Q1 }
  - { id: mean, metric: capability_US, aggregate: mean, from: 2030Q1, to: 2030Q4 }
  - { id: min, metric: capability_US, aggregate: min, from: 2030Q1, to: 2030Q4 }
  - { id: max, metric: capability_US, aggregate: max, from: 2030Q1, to: 2030Q4 }
  - { id: change, metric: capability_US, aggregate: change, from: 2030Q1, to: 2030Q4 }
  - { id: cross, metric: capability_US, aggregate: first-crossing, threshold: 3 }
  - { id: never, metric: capability_US, aggregate: first-crossing, threshold: 1000 }
  - { id: down, metric: capability_US, aggregate: first-crossing, threshold: 1000, direction: below }
timeseries: { metrics: [capability_US] }
`);
    const o = new Executor(p).run(0);
    expect(o.ok).toBe(true);
    const series = o.series
      .trim()
      .split("\n")
      .map((l) => l.split(","))
      .map((c) => ({ date: c[2] as string, v: Number(c[6]) }));
    const v = (date: string) => series.find((s) => s.date === date)!.v;
    const year = ["2030Q1", "2030Q2", "2030Q3", "2030Q4"].map(v);
    const [final, at, first, mean, min, max, change, cross, never, down] = o.values as number[];
    expect(final).toBe(series[series.length - 1]!.v);
    expect(at).toBe(v("2030Q4"));
    expect(first).toBe(v("2030Q1"));
    expect(mean).toBeCloseTo(year.reduce((a, b) => a + b) / 4, 12);
    expect(min).toBe(Math.min(...year));
    expect(max).toBe(Math.max(...year));
    expect(change).toBe(v("2030Q4") - v("2030Q1"));
    // the first quarter at or above 3, reported as the decimal year at its end (as `time`)
    const firstAbove = series.findIndex((s) => s.v >= 3);
    expect(firstAbove).toBeGreaterThan(0);
    const label = series[firstAbove]!.date;
    expect(cross).toBe(Number(label.slice(0, 4)) + Number(label.slice(5)) * 0.25);
    expect(never).toBeNaN();
    expect(down).toBe(2025.75); // the start (2025Q3) is already below 1000
  });

  it("summarises each point when its last replication arrives, and rebuilds from runs.csv", () => {
    const p = planOk(`${HEAD}replications: 4
uncertainties:
${LEAK}design: { type: grid, levels: 2 }
${OUTCOMES}`);
    const ex = new Executor(p);
    const c = new PointCollector(p, true);
    const rebuilt = new PointCollector(p, true);
    let points = pointsHeader(p);
    const gaps: number[] = [];
    for (let r = 0; r < p.runs; r++) {
      const o = ex.run(r);
      if (r < 4) gaps.push(o.values[0]!);
      const rows = c.add(r, o.ok, o.values);
      expect(rows === "").toBe(r % 4 !== 3);
      points += rows;
      const line = runsRow(p, o, pointValues(p, runRef(p, r).point));
      const back = parseRunsRow(p, line.trimEnd());
      expect(back).toEqual({ run: r, ok: true, values: o.values });
      rebuilt.add(back.run, back.ok, back.values);
    }
    expect(points.trim().split("\n")).toHaveLength(1 + 2);
    const mean = gaps.reduce((a, b) => a + b) / 4;
    expect(c.outcomeMeans(0, 0)[0]).toBeCloseTo(mean, 12);
    expect(Array.from(rebuilt.means!)).toEqual(Array.from(c.means!));
  });
});

describe("bad experiment files", () => {
  const where = (lines: string[], re: RegExp) => lines.find((l) => re.test(l));

  it("points at unknown keys, wrong units, ranges outside the field and unknown metrics", () => {
    const e = errors(`${HEAD}replications: 2
uncertainties:
  - id: leak
    path: model.leakRate
    distribution: uniform
    min: 0.01
    max: 80
    unit: 1/yr
    source: "assumption: test"
  - id: gdp
    path: countries.US.gdp
    distribution: uniform
    min: 20
    max: 30
    unit: USD bn/yr
    source: "assumption: test"
design: { type: lhs, samples: 4 }
outcomes:
  - id: gap
    metric: months_behnd_CN
    aggregate: at
    date: 2028Q4
`);
    expect(where(e, /leak/)).toMatch(/e\d+\.yaml:11:10 uncertainties\.leak: model\.leakRate must be at least 0 and at most 50 \(in 1\/yr\), but the distribution reaches 80/);
    expect(where(e, /gdp/)).toMatch(/:19:11 uncertainties\.gdp\.unit: countries\.US\.gdp is in "USD tn\/yr", not "USD bn\/yr"/);
    const r = plan(`${HEAD}outcomes:\n  - id: gap\n    metric: months_behnd_CN\n    aggregate: final\n`);
    expect(!r.ok && formatIssue(r.issues[0]!)).toMatch(/:7:13 outcomes\.gap\.metric: no output "months_behnd_CN" \(did you mean "months_behind_CN"\?\)/);
  });

  it("names the key a schema error is about, with its position", () => {
    const e = errors(`${HEAD}replicatons: 2\n${OUTCOMES}`);
    expect(e[0]).toMatch(/:5:1 replicatons: unknown key "replicatons" \(did you mean "replications"\?\)/);
    const d = errors(`${HEAD}${OUTCOMES.replace("    date: 2028Q4\n", "")}`);
    expect(d[0]).toMatch(/outcomes\.gap\.aggregate: at needs date/);
    const h = errors(`${HEAD}${OUTCOMES.replace("2028Q4", "2050Q1")}`);
    expect(h[0]).toMatch(/outcomes\.gap\.date: 2050Q1 is outside the scenario's horizon 2025Q3\.\.2040Q4/);
  });

  it("says which design types and distribution keys exist", () => {
    expect(errors(`${HEAD}uncertainties:\n${LEAK}design: { type: latin, samples: 3 }\n${OUTCOMES}`)[0]).toMatch(/design\.type: must be one of "grid", "random", "lhs", "sobol", "morris", "csv", got the string "latin"/);
    const normal = LEAK.replace("distribution: uniform", "distribution: normal\n    mean: 0.1\n    sd: 0.01");
    const e = errors(`${HEAD}uncertainties:\n${normal}design: { type: lhs, samples: 3 }\n${OUTCOMES}`);
    expect(e.find((l) => /unknown key "min"/.test(l))).not.toMatch(/did you mean "min"/);
  });

  it("refuses designs that cannot work", () => {
    expect(errors(`${HEAD}design: { type: lhs, samples: 3 }\n${OUTCOMES}`)[0]).toMatch(/a design chooses values of uncertainties, and there are none/);
    expect(errors(`${HEAD}uncertainties:\n${LEAK}${OUTCOMES}`)[0]).toMatch(/uncertainties need a design/);
    const normal = LEAK.replace("distribution: uniform\n    min: 0.01\n    max: 0.2", "distribution: normal\n    mean: 0.1\n    sd: 0.01");
    expect(errors(`${HEAD}uncertainties:\n${normal}design: { type: lhs, samples: 3 }\n${OUTCOMES}`)[0]).toMatch(/a normal distribution has no bounds \(use truncated-normal/);
    expect(errors(`${HEAD}uncertainties:\n${LEAK}design: { type: csv, file: p.csv }\n${OUTCOMES}`, { "p.csv": "leak\n0.1\nx\n" })[0]).toMatch(/p\.csv:3:1 design\.file: leak: expected a number, got "x"/);
    expect(errors(`${HEAD}uncertainties:\n${LEAK}${LEAK}design: { type: lhs, samples: 3 }\n${OUTCOMES}`).some((l) => /uncertainty "leak" appears twice/.test(l))).toBe(true);
  });

  it("refuses a policy that sets what an uncertainty varies (it would be silently overwritten)", () => {
    const e = errors(`${HEAD}uncertainties:
${LEAK}policies:
  - id: low
    set:
      model.leakRate: 0.02
  - id: high
    overlay:
      model: { leakRate: 0.25 }
design: { type: lhs, samples: 3 }
${OUTCOMES}`);
    expect(e.find((l) => /policy low sets model\.leakRate/.test(l))).toMatch(/:16:7 policies\.low\.set\.model\.leakRate: policy low sets model\.leakRate, which uncertainty leak varies at every point/);
    expect(e.some((l) => /policy high's overlay sets model\.leakRate/.test(l))).toBe(true);
  });

  it("probes every corner of the ranges before running: a rule across two fields is caught whatever the seed", () => {
    const exp = (seed: number) => `name: t\ntitle: test\nscenario: baseline\nseed: ${seed}\nuncertainties:
  - { id: start, path: model.runShareStart, distribution: uniform, min: 0.01, max: 0.4, unit: "1", source: "assumption: test" }
  - { id: max, path: model.runShareMax, distribution: uniform, min: 0.3, max: 0.6, unit: "1", source: "assumption: test" }
design: { type: lhs, samples: 64 }
${OUTCOMES}`;
    for (const seed of [1, 2, 3, 4]) {
      expect(errors(exp(seed))[0]).toMatch(/uncertainties\.start: at start = 0\.4, max = 0\.3 the scenario is invalid: model\.runShareMax: runShareMax \(0\.3\) must be at least runShareStart \(0\.4\); narrow the ranges/);
    }
  });

  it("limits the points a design may hold in memory", () => {
    expect(errors(`${HEAD}uncertainties:\n${LEAK}design: { type: lhs, samples: 3000000 }\n${OUTCOMES}`)[0]).toMatch(/design\.samples: the design has 3000000 points; at most 1,000,000 are allowed/);
    expect(errors(`${HEAD}uncertainties:\n${LEAK}design: { type: grid, levels: 2000000 }\n${OUTCOMES}`)[0]).toMatch(/must be at most 1000|at most 1,000,000/);
  });

  it("reads CSV designs strictly", () => {
    const exp = `${HEAD}uncertainties:\n${LEAK}design: { type: csv, file: q.csv }\n${OUTCOMES}`;
    expect(errors(exp, { "q.csv": "leak,leak\n0.1,0.1\n" })[0]).toMatch(/column "leak" appears twice/);
    expect(errors(exp, { "q.csv": "leak\n0x10\n" })[0]).toMatch(/leak: expected a number, got "0x10"/);
    expect(errors(exp, { "q.csv": "leak\n0.5\n" })[0]).toMatch(/leak = 0\.5 is outside its declared range 0\.01\.\.0\.2/);
  });

  it("checks each policy's scenario", () => {
    const e = errors(`${HEAD}policies:\n  - id: p\n    set:\n      model.leakRat: 0.3\n${OUTCOMES}`);
    expect(e[0]).toMatch(/:8:7 model\.leakRat: under policy p: unknown key "leakRat" \(did you mean "leakRate"\?\)/);
  });

  it("loads the example experiments of the library", () => {
    const names = readdirSync(join(ROOT, "scenarios", "experiments")).filter((f) => f.endsWith(".yaml"));
    expect(names).toEqual(expect.arrayContaining(["c8-long-run.yaml", "h200-licences.yaml", "hbm-timing.yaml", "lhs-export-controls.yaml", "sobol-key-uncertainties.yaml", "morris-screening.yaml"]));
    for (const name of names) {
      const r = loadExperiment(join(ROOT, "scenarios", "experiments", name));
      expect(r.ok ? "" : r.issues.map(formatIssue).join("\n")).toBe("");
    }
  });
});
