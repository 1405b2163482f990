/**
 * The gap to the frontier in OOM beside months behind: both read against the running frontier,
 * so both are 0 exactly at it; the gap is what the summary, compare and reports show beside the
 * months.
 */
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { planComparison } from "../../src/experiment/compare.js";
import type { ExperimentHost } from "../../src/experiment/plan.js";
import { summarise } from "../../src/model/summary.js";
import { prepareScenario } from "../../src/scenario/load.js";
import { MemoryHost } from "../../src/scenario/memory-host.js";
import { formatSummary } from "../../src/cli/format.js";
import { BASELINE_TEXT, baseline, record } from "../helpers/scenarios.js";

function read(sets: string[], seed = 5) {
  const loaded = baseline(sets);
  const { rec } = record(loaded, seed);
  const layout = rec.layout!;
  const ids = layout.entities["country"]!;
  const c = (name: string, id: string, s: number) => rec.at(s, offsetOf(layout, "country", name) + ids.indexOf(id));
  const g = (name: string, s: number) => rec.at(s, offsetOf(layout, "global", name));
  return { loaded, rec, ids, c, g };
}

describe("the gap to the frontier", () => {
  it("is the running frontier minus capability: never negative, and 0 exactly where months behind are 0", () => {
    const r = read([]);
    let running = -Infinity;
    for (let s = 0; s < r.rec.recorded; s++) {
      running = Math.max(running, r.g("frontier_capability", s));
      for (const id of r.ids) {
        const gap = r.c("gap", id, s);
        expect(gap).toBeCloseTo(running - r.c("capability", id, s), 12);
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap === 0).toBe(r.c("months_behind", id, s) === 0);
      }
    }
  });

  it("when the frontier falls, the gap stays measured from the highest frontier reached, as months behind are", () => {
    // compute that is retired three times as fast for a year: every country's capability falls
    const event = `events=[{id: Crash, title: "compute retired fast", at: 2032Q1, actions: [{target: model.depreciationRate, set: 3, source: "assumption: a test of a falling frontier"}]}]`;
    const r = read([event]);
    const q = r.loaded.clock.labels.indexOf("2032Q4");
    expect(r.g("frontier_capability", q)).toBeLessThan(r.g("frontier_capability", q - 4));
    for (const id of r.ids) {
      expect(r.c("gap", id, q)).toBeGreaterThan(0);
      expect(r.c("months_behind", id, q)).toBeGreaterThan(0);
    }
  });

  it("is in the run summary beside months behind, with the reason to read both", () => {
    const r = read([]);
    const summary = summarise(r.rec, r.loaded.clock, r.loaded.milestones, [], []);
    const cn = summary.countries.find((x) => x.id === "CN")!;
    expect(cn.gap).toBe(r.c("gap", "CN", r.rec.recorded - 1));
    const text = formatSummary("t", "baseline", 5, summary, "out", ["timeseries.csv"]);
    expect(text).toMatch(/capability +gap +months/);
    expect(text).toMatch(/a gap can narrow while the months behind grow/);
  });

  it("is one of compare's default outcomes for every shared country", () => {
    const t = prepareScenario(new MemoryHost({ "baseline.yaml": BASELINE_TEXT }), "baseline");
    if (!t.ok) throw new Error("baseline does not load");
    const host: ExperimentHost = { scenario: () => t, read: () => ({ error: "none" }), sha256: () => "0", resolvedYaml: () => "" };
    const plan = planComparison(host, t.value, t.value, { seed: 1, replications: 2, outcomes: [] });
    if (!plan.ok) throw new Error("no plan");
    const ids = plan.value.outcomes.map((o) => o.id);
    for (const c of ["US", "CN", "EU", "TW", "JPKR", "ROW"]) expect(ids).toContain(`gap_${c}`);
  });
});
