/**
 * The estimate's arithmetic, with made-up timings (never the clock), and the probe's runs: the
 * sweep's own first runs, identical to those it would compute afterwards.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Timings, Work } from "../../src/experiment/estimate.js";
import { batchSize, project, PUBLISH_SECONDS } from "../../src/experiment/estimate.js";
import { Executor } from "../../src/experiment/execute.js";
import { estimate } from "../../src/cli/estimate.js";
import { loadExperiment } from "../../src/io/experiment-host.js";
import { formatIssue } from "../../src/scenario/issues.js";

const timings: Timings = { startup: 1, run: 0.004, firstRun: 0.003, prepare: 0.01, warmup: 0.5, byte: 1e-9, readByte: 1e-8 };
const work: Work = { runs: 1000, prepares: 10, writeBytes: 1e6, dataBytes: 2e6, readBytes: 3e6, extraRuns: 100 };

describe("the estimate's arithmetic", () => {
  it("adds the runs, the building of their scenarios, the writing, the analysis and the publication on one thread", () => {
    const p = project(timings, work, { workers: 1, cores: 2, auto: false });
    expect(p.workers).toBe(1);
    expect(p.runs).toBeCloseTo(1000 * 0.004 + 10 * 0.01 + 1e6 * 1e-9, 12);
    expect(p.analysis).toBeCloseTo(3e6 * 1e-8 + 100 * 0.003, 12);
    expect(p.publish).toBeCloseTo(2e6 * 1e-9 + PUBLISH_SECONDS, 12);
    expect(p.seconds).toBeCloseTo(p.runs + p.analysis + p.publish, 12);
  });

  it("counts the workers from their start and warm-up on, and a scenario built again per batch", () => {
    const p = project(timings, work, { workers: 2, cores: 2, auto: false });
    expect(p.workers).toBe(2);
    const head = 1 + 0.5;
    const rebuilt = 4.101 + Math.ceil(1000 / p.batch) * 0.01;
    expect(p.runs).toBeCloseTo(head + (rebuilt - head) / 1.8, 9);
    expect(p.runs).toBeLessThan(4.101);
  });

  it("starts workers in rounds when there are more than cores", () => {
    const p = project({ ...timings, warmup: 0 }, { ...work, runs: 100_000, prepares: 0, writeBytes: 0 }, { workers: 4, cores: 2, auto: false });
    // three worker threads on the one core the main thread leaves: three start-ups, then two cores' worth
    const rebuilt = 400 + Math.ceil(100_000 / p.batch) * 0.01;
    expect(p.runs).toBeCloseTo(3 + (rebuilt - 3) / 1.8, 6);
  });

  it("left to the default, uses workers only where they shorten the sweep", () => {
    const short = project(timings, { ...work, runs: 100, prepares: 1 }, { workers: 2, cores: 2, auto: true });
    expect(short.workers).toBe(1);
    expect(short.runs).toBeCloseTo(100 * 0.004 + 0.01 + 1e-3, 12);
    const long = project(timings, work, { workers: 2, cores: 2, auto: true });
    expect(long.workers).toBe(2);
    // asked for, workers are used even where they do not pay, and the sweep then waits for
    // the batches handed to them first
    const asked = project(timings, { ...work, runs: 100, prepares: 1 }, { workers: 2, cores: 2, auto: false });
    expect(asked.workers).toBe(2);
    expect(asked.runs).toBeGreaterThan(short.runs);
    expect(asked.runs).toBeCloseTo(1.5 + 3 * asked.batch * (0.004 + 0.01 / 100), 9);
  });

  it("uses no worker for nothing left to run", () => {
    expect(project(timings, { ...work, runs: 0, prepares: 0 }, { workers: 4, cores: 4, auto: false }).workers).toBe(1);
  });

  it("sizes batches to about 0.2 s, at least 4 a thread, between 1 and 1000 runs", () => {
    expect(batchSize(0.004)).toBe(50);
    expect(batchSize(0.004, 100, 2)).toBe(13);
    expect(batchSize(10)).toBe(1);
    expect(batchSize(1e-9)).toBe(1000);
    expect(batchSize(0.004, 0, 2)).toBe(1);
  });
});

describe("the probe", () => {
  const dir = mkdtempSync(join(tmpdir(), "airace-estimate-"));
  writeFileSync(
    join(dir, "e.yaml"),
    `name: probe
title: probe
scenario: baseline
set:
  end: 2027Q4
seed: 3
replications: 4
uncertainties:
  - { id: leak, path: model.leakRate, distribution: uniform, min: 0.01, max: 0.1, unit: 1/yr, source: "assumption: test" }
design: { type: random, samples: 3 }
outcomes:
  - { id: gap, metric: months_behind_CN, aggregate: final }
timeseries: all
`,
  );
  const loaded = loadExperiment(join(dir, "e.yaml"));
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join("\n"));
  const plan = loaded.value.plan;
  const threads = { workers: 1, cores: 1, auto: false };

  it("computes the first runs of the task, as the sweep would", () => {
    const est = estimate(plan, { from: 5, to: plan.runs }, threads);
    expect(est.outcomes.length).toBeGreaterThan(0);
    expect(est.outcomes.map((o) => o.run)).toEqual(est.outcomes.map((_, i) => 5 + i));
    const fresh = new Executor(plan);
    for (const o of est.outcomes) expect(o).toEqual(fresh.run(o.run));
    expect(est.seconds).toBeGreaterThan(0);
    expect(est.bytes).toBeGreaterThan(0);
  });

  it("has nothing to probe when every run is done (a resume that only analyses and publishes)", () => {
    const est = estimate(plan, { from: plan.runs, to: plan.runs }, { workers: 2, cores: 2, auto: false });
    expect(est.outcomes).toEqual([]);
    expect(est.workers).toBe(1);
    expect(Number.isFinite(est.seconds)).toBe(true);
    expect(est.bytes).toBeGreaterThan(0);
  });

  it("takes a shard's runs in its order, and keeps none for another process", () => {
    const runs = [1, 4, 7, 10];
    expect(estimate(plan, { runs }, threads).outcomes.map((o) => o.run)).toEqual(runs);
    expect(estimate(plan, { runs }, threads, { elsewhere: true }).outcomes).toEqual([]);
  });
});
