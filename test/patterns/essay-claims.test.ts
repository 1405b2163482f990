/**
 * Patterns the essay's claims predict, checked across replications: a paired difference
 * between a scenario and the baseline (same seeds, so common random numbers) whose 95%
 * confidence interval excludes zero over 30 seeds.
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

/** A country metric at a date, for each seed. */
function values(scenario: string, metric: string, country: string, date: string): number[] {
  return series(scenario, (at) => at("country", metric, country, date));
}

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

/** Paired difference (scenario - baseline) of a country metric at a date, over the seeds. */
function effect(scenario: string, metric: string, country: string, date: string) {
  return pairedDifference(values("baseline.yaml", metric, country, date), values(scenario, metric, country, date));
}

/** Mean of paired differences b - a with a 95% confidence interval (normal approximation). */
function pairedDifference(a: number[], b: number[]): { mean: number; low: number; high: number } {
  const d = a.map((x, i) => b[i]! - x);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  const half = (1.96 * sd) / Math.sqrt(d.length);
  return { mean, low: mean - half, high: mean + half };
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

  it("C6/C7: a US open-source push shortens China's lag (months behind in 2030)", () => {
    const diff = effect("us-open-source-push.yaml", "months_behind", "CN", "2030Q4");
    expect(diff.high).toBeLessThan(0);
  });

  it("C11: heavier regulation lowers deployment-bound capability by the burden it adds, and leaves the frontier alone", () => {
    // the mechanism is deterministic: 0.4 more burden at 0.5 OOM per unit of burden, whatever the seed
    const base = values("baseline.yaml", "capability_medical", "EU", "2030Q4");
    const heavy = values("heavy-regulation.yaml", "capability_medical", "EU", "2030Q4");
    heavy.forEach((v, i) => expect(v - base[i]!).toBeCloseTo(-0.5 * 0.4, 9));
    expect(values("heavy-regulation.yaml", "capability", "EU", "2030Q4")).toEqual(values("baseline.yaml", "capability", "EU", "2030Q4"));
  });

  it("C11/C13: lighter EU regulation raises EU embodied AI by the burden it removes", () => {
    const base = values("baseline.yaml", "capability_embodied", "EU", "2030Q4");
    const light = values("light-regulation.yaml", "capability_embodied", "EU", "2030Q4");
    light.forEach((v, i) => expect(v - base[i]!).toBeCloseTo(0.5 * 0.4, 9));
  });

  it("C8: tightened export controls cut China's compute within two years and raise its domestic fab investment", () => {
    const compute = effect("export-controls-tightened.yaml", "compute", "CN", "2027Q4");
    expect(compute.high).toBeLessThan(0);
    const fabs = effect("export-controls-tightened.yaml", "fab_investment", "CN", "2027Q4");
    expect(fabs.low).toBeGreaterThan(0);
  });

  it("C8: lifting export controls raises China's compute and lowers its domestic fab investment", () => {
    const compute = effect("export-controls-lifted.yaml", "compute", "CN", "2027Q4");
    expect(compute.low).toBeGreaterThan(0);
    const fabs = effect("export-controls-lifted.yaml", "fab_investment", "CN", "2027Q4");
    expect(fabs.high).toBeLessThan(0);
  });

  it("C10: a Taiwan blockade cuts US compute growth more than China's, because the US depends on Taiwan more", () => {
    // growth of compute over the blockade's first year, relative to the baseline's, per seed
    const growth = (scenario: string, c: string) => series(scenario, (at) => at("country", "compute", c, "2030Q4") / at("country", "compute", c, "2029Q4"));
    const us = pairedDifference(growth("baseline.yaml", "US"), growth("taiwan-blockade.yaml", "US"));
    const cn = pairedDifference(growth("baseline.yaml", "CN"), growth("taiwan-blockade.yaml", "CN"));
    expect(us.high).toBeLessThan(0);
    expect(us.high).toBeLessThan(cn.low);
    const cnExposure = values("baseline.yaml", "exposure", "CN", "2029Q4");
    values("baseline.yaml", "exposure", "US", "2029Q4").forEach((v, i) => expect(v).toBeGreaterThan(cnExposure[i]!));
  });

  it("C10: a prior US fab build-out lowers US exposure to Taiwan when the blockade comes", () => {
    const exposure = pairedDifference(values("taiwan-blockade.yaml", "exposure", "US", "2030Q4"), values("taiwan-blockade-us-fabs.yaml", "exposure", "US", "2030Q4"));
    expect(exposure.high).toBeLessThan(0);
  });

  it("C4: a price war lowers prices at fixed capability and brings more exits", () => {
    const price = pairedDifference(
      series("baseline.yaml", (at) => at("global", "price_index", "world", "2028Q4")),
      series("price-war.yaml", (at) => at("global", "price_index", "world", "2028Q4")),
    );
    expect(price.high).toBeLessThan(0);
    const exits = effect("price-war.yaml", "exits", "CN", "2032Q4");
    expect(exits.low).toBeGreaterThan(0);
  });

  it("C3: restricting foreign talent slows the US frontier", () => {
    const cap = effect("talent-restrictions.yaml", "capability", "US", "2030Q4");
    expect(cap.high).toBeLessThan(0);
  });

  it("C2/C8: a Chinese fab breakthrough raises China's compute and its domestic chip share", () => {
    const compute = effect("china-fab-breakthrough.yaml", "compute", "CN", "2032Q4");
    expect(compute.low).toBeGreaterThan(0);
    const domestic = effect("china-fab-breakthrough.yaml", "domestic_chip_share", "CN", "2032Q4");
    expect(domestic.low).toBeGreaterThan(0);
  });

  it("C9: scaling out weaker chips raises China's compute", () => {
    const compute = effect("scale-out-chips.yaml", "compute", "CN", "2030Q4");
    expect(compute.low).toBeGreaterThan(0);
  });

  it("C2: China's gap to the frontier stays bounded in the baseline (under three years in 2040, every seed)", () => {
    for (const v of values("baseline.yaml", "months_behind", "CN", "2040Q4")) expect(v).toBeLessThan(36);
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
