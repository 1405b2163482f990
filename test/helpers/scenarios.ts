/** Shared helpers for tests: the library baseline, loading from memory, running a scenario. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SeriesRecorder } from "../../src/engine/metrics.js";
import { simulate } from "../../src/engine/run.js";
import { computeRun } from "../../src/io/results.js";
import type { LoadedScenario } from "../../src/scenario/load.js";
import { loadScenario } from "../../src/scenario/load.js";
import { MemoryHost } from "../../src/scenario/memory-host.js";
import { toRunSpec } from "../../src/scenario/spec.js";
import { formatIssue } from "../../src/scenario/issues.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BASELINE_TEXT = readFileSync(join(ROOT, "scenarios", "baseline.yaml"), "utf8");

/** Loads `entry` from in-memory files (the baseline is always available as "baseline"). */
export function load(files: Record<string, string>, entry: string, sets: string[] = []) {
  return loadScenario(new MemoryHost({ "baseline.yaml": BASELINE_TEXT, ...files }), entry, sets);
}

export function loadOk(files: Record<string, string>, entry: string, sets: string[] = []): LoadedScenario {
  const r = load(files, entry, sets);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.value;
}

export function baseline(sets: string[] = []): LoadedScenario {
  return loadOk({}, "baseline", sets);
}

export function record(loaded: LoadedScenario, seed: number) {
  const rec = new SeriesRecorder();
  const run = simulate(toRunSpec(loaded, seed), rec);
  return { rec, run };
}

export function timeseriesOf(loaded: LoadedScenario, seed: number): string {
  return computeRun(loaded, seed).files.get("timeseries.csv") ?? "";
}

/** A small scenario with three fictional countries (test/fixtures/valid/three-countries.yaml). */
export const TINY_TEXT = readFileSync(join(ROOT, "test", "fixtures", "valid", "three-countries.yaml"), "utf8");

export function tinyScenario(extra = ""): string {
  return TINY_TEXT + extra;
}

/** A market section for the tiny scenario: `entry` new firms a year per USD tn of AI spending. */
export function tinyMarket(entry = 0): string {
  return `
market:
  initialDemand: 0.001
  demandElasticity: 0.3
  maxDemand: 0.1
  qualitySensitivity: 1.5
  priceSensitivity: 1
  homeBias: 1
  trustEffect: 1
  servingCost: 2
  distillation: 1.5
  investorMultiple: 6
  fundingGap: 1
  distressCut: 1
  entryRate: ${entry}
  entrantBudget: 0.05
  fringeVariety: 0.3
  fringeExit: 1
  gdpEffect: 0.5
`;
}
