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
  const loaded = loadOk(texts, scenario);
  const step = loaded.clock.labels.indexOf(date);
  return SEEDS.map((seed) => {
    const { rec } = record(loaded, seed);
    const layout = rec.layout!;
    return rec.at(step, offsetOf(layout, "country", metric) + layout.entities["country"]!.indexOf(country));
  });
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
    const diff = pairedDifference(
      values("baseline.yaml", "months_behind", "CN", "2030Q4"),
      values("us-open-source-push.yaml", "months_behind", "CN", "2030Q4"),
    );
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
});
