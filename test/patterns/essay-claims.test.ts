/**
 * Patterns of the essay's claims that compare whole runs. The paired claims (a scenario against
 * the baseline, same seeds, read at the dates where each claim bites, failing in either wrong
 * direction) are checks of the evaluation suite, tested in evaluation.test.ts and reported in
 * docs/evaluation.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offsetOf } from "../../src/engine/metrics.js";
import { computeRun } from "../../src/io/results.js";
import { ROOT, loadOk, record } from "../helpers/scenarios.js";

const DIR = join(ROOT, "scenarios");
const texts = Object.fromEntries(readdirSync(DIR).filter((f) => f.endsWith(".yaml")).map((f) => [f, readFileSync(join(DIR, f), "utf8")]));
const SEEDS = Array.from({ length: 30 }, (_, i) => 1000 + i);

type At = (kind: string, metric: string, id: string, date: string) => number;

/**
 * The runs of a scenario for every seed. The baseline's are kept, since most claims compare with
 * it, and so are the last other scenario's, which a claim often reads twice.
 */
type Runs = { loaded: ReturnType<typeof loadOk>; recs: ReturnType<typeof record>["rec"][] };
let baselineRuns: Runs | undefined;
let lastRuns: { scenario: string; runs: Runs } | undefined;
function runs(scenario: string): Runs {
  if (scenario === "baseline.yaml" && baselineRuns) return baselineRuns;
  if (lastRuns?.scenario === scenario) return lastRuns.runs;
  const loaded = loadOk(texts, scenario);
  const result = { loaded, recs: SEEDS.map((seed) => record(loaded, seed).rec) };
  if (scenario === "baseline.yaml") baselineRuns = result;
  else lastRuns = { scenario, runs: result };
  return result;
}

/** Any function of a run's recorded series, for each seed. */
function series(scenario: string, f: (at: At) => number): number[] {
  const { loaded, recs } = runs(scenario);
  return recs.map((rec) => {
    const layout = rec.layout!;
    const at: At = (kind, metric, id, date) => {
      const entity = (layout.entities[kind] ?? []).indexOf(id);
      const step = loaded.clock.labels.indexOf(date);
      if (entity < 0 || step < 0) throw new Error(`${scenario}: no ${kind} ${id} or no date ${date}`);
      return rec.at(step, offsetOf(layout, kind, metric) + entity);
    };
    return f(at);
  });
}

describe("essay claims as patterns (30 paired seeds)", () => {
  it("C5: a declared milestone changes nothing: the 'AGI declared' run is the baseline, quarter for quarter", () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const base = computeRun(loadOk(texts, "baseline.yaml"), seed).files.get("timeseries.csv");
      const agi = computeRun(loadOk(texts, "agi-declared.yaml"), seed);
      expect(agi.files.get("timeseries.csv")).toBe(base);
      expect(agi.summary.milestones.map((m) => m.id)).toContain("AgiDeclared");
      expect(agi.summary.frontierGrowthLastYear).toBeGreaterThan(0);
    }
  });

  it("C5: leaders differ across domains in the baseline, and no country's influence reaches 1 in any scenario", () => {
    const domains = ["cloud", "medical", "driving", "generative", "embodied"];
    const countries = ["US", "CN", "EU", "TW", "JPKR", "ROW"];
    const leaders = series("baseline.yaml", (at) => {
      const lead = domains.map((d) => countries.reduce((best, c) => (at("country", `capability_${d}`, c, "2030Q4") > at("country", `capability_${d}`, best, "2030Q4") ? c : best), "US"));
      return new Set(lead).size;
    });
    for (const n of leaders) expect(n).toBeGreaterThan(1);
    for (const file of Object.keys(texts)) {
      const ids = loadOk(texts, file).scenario.countries.map((c) => c.id);
      for (const v of series(file, (at) => Math.max(...ids.map((c) => at("country", "influence", c, "2040Q4"))))) expect(v).toBeLessThan(1);
    }
  });
});
