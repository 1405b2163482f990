/**
 * Checks run directly, outside the experiment's outcomes, because they compare whole runs:
 *
 *   rename      every id renamed (countries, labs, fabs, designs, and every reference to them):
 *               every recorded number, matched by the new names, must be identical
 *   reorder     every list of agents reversed: every recorded number must agree to within
 *               1e-6 (relative): sums taken in another order round differently, and a run
 *               compounds that over its quarters; an order that matters moves numbers by far more
 *   continuity  a lever scanned on an even grid of 21 values with the seed fixed: an outcome
 *               jumps where one step of the grid moves it by more than the check's least jump
 *               and by more than 4 times either neighbouring step (a smooth response changes
 *               its step gradually; a threshold that relabels an agent moves it at one step)
 *
 * Each uses the evaluation's first seeds (rename and reorder: up to 5; continuity: 2), so the
 * results depend only on the scenario and the seed, never on threads.
 */
import { parseQuarter } from "../engine/clock.js";
import type { MetricLayout } from "../engine/metrics.js";
import { metricSymbols, SeriesRecorder } from "../engine/metrics.js";
import { simulate } from "../engine/run.js";
import { seedOf } from "../experiment/plan.js";
import { formatIssue } from "../scenario/issues.js";
import type { LoadedScenario } from "../scenario/load.js";
import { finishScenario } from "../scenario/load.js";
import { toRunSpec } from "../scenario/spec.js";
import type { CheckResult } from "./judge.js";
import { fmt, r6 } from "./judge.js";
import type { PlannedEvaluation } from "./plan.js";
import type { DirectDef } from "./suite.js";
import { renameIds, reverseLists, setFields } from "./variants.js";

type Tree = Record<string, unknown>;

export const GRID = 21;
export const SAME_SEEDS = 5;
export const SCAN_SEEDS = 2;

function record(loaded: LoadedScenario, seed: number): SeriesRecorder {
  const rec = new SeriesRecorder();
  simulate(toRunSpec(loaded, seed), rec);
  return rec;
}

/** Largest differences between two runs' records, entities matched through `map` (old id -> new id). */
export function compareRecords(
  a: SeriesRecorder,
  b: SeriesRecorder,
  map: ReadonlyMap<string, string>,
  label: (step: number) => string = (s) => `step ${s}`,
): { maxAbs: number; maxRel: number; where: string; compared: number } {
  const la = a.layout as MetricLayout;
  const lb = b.layout as MetricLayout;
  let maxAbs = 0;
  let maxRel = 0;
  let where = "";
  let compared = 0;
  la.defs.forEach((def, m) => {
    const mb = lb.defs.findIndex((d) => d.name === def.name && d.kind === def.kind);
    const ids = la.entities[def.kind] ?? [];
    const idsB = lb.entities[def.kind] ?? [];
    ids.forEach((id, j) => {
      const jb = idsB.indexOf(map.get(id) ?? id);
      if (mb < 0 || jb < 0) {
        maxAbs = Infinity;
        maxRel = Infinity;
        where = `${def.name} of ${id} is missing`;
        return;
      }
      const sa = (la.offsets[m] as number) + j;
      const sb = (lb.offsets[mb] as number) + jb;
      for (let s = 0; s < a.recorded; s++) {
        const x = a.at(s, sa);
        const y = b.at(s, sb);
        compared++;
        if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
        const abs = Math.abs(x - y);
        const rel = abs / Math.max(Math.abs(x), Math.abs(y));
        if (rel > maxRel || Number.isNaN(rel)) {
          maxRel = Number.isNaN(rel) ? Infinity : rel;
          maxAbs = abs;
          where = `${def.name} of ${id} in ${label(s)} (${x} vs ${y})`;
        }
      }
    });
  });
  return { maxAbs, maxRel, where, compared };
}

export function runDirect(pe: PlannedEvaluation): CheckResult[] {
  const seeds = Array.from({ length: pe.plan.replications }, (_, r) => seedOf(pe.plan, { run: r, point: 0, policy: 0, replication: r }));
  const out: CheckResult[] = [];
  for (const c of pe.checks) {
    if (c.kind !== "direct") continue;
    out.push(directOne(pe, c.def, seeds));
  }
  return out;
}

function directOne(pe: PlannedEvaluation, d: DirectDef, seeds: readonly number[]): CheckResult {
  const head = { id: d.id, family: d.family, claim: d.claim, source: d.source };
  const tree = pe.template.tree;
  const finish = (t: Tree): LoadedScenario | string => {
    const r = finishScenario(pe.template, t, false);
    return r.ok ? r.value : r.issues.slice(0, 2).map(formatIssue).join("; ");
  };
  if (d.kind !== "continuity") {
    const n = Math.min(SAME_SEEDS, seeds.length);
    const { tree: changed, map } = d.kind === "rename" ? renameIds(tree) : { tree: reverseLists(tree), map: new Map<string, string>() };
    const design = `the scenario and its copy with ${d.kind === "rename" ? "every id renamed" : "every list of agents reversed"}, ${n} seeds, every recorded number`;
    const tol = d.kind === "rename" ? 0 : 1e-6;
    const expected = d.kind === "rename" ? "identical numbers" : "numbers equal to within 1e-6 (relative)";
    const base = { ...head, design, measure: "every metric of every agent at every quarter", unit: "", expected };
    const other = finish(changed);
    if (typeof other === "string") return { ...base, verdict: "n/a", reason: `the changed copy does not load: ${other}`, numbers: {} };
    let worst = { maxAbs: 0, maxRel: 0, where: "", compared: 0 };
    let differing = 0;
    for (const seed of seeds.slice(0, n)) {
      const cmp = compareRecords(record(pe.base, seed), record(other, seed), map, (step) => pe.base.clock.labels[step] ?? `step ${step}`);
      if (cmp.maxRel > tol) differing++;
      if (cmp.maxRel > worst.maxRel) worst = { ...cmp, compared: cmp.compared };
      else worst.compared = cmp.compared;
    }
    const numbers = { seeds: n, numbers_compared_per_seed: worst.compared, max_relative_difference: r6(worst.maxRel), seeds_differing: differing };
    if (differing === 0) return { ...base, verdict: "pass", reason: worst.maxRel === 0 ? `identical in all ${n} seeds` : `largest relative difference ${fmt(worst.maxRel)}`, numbers };
    return { ...base, verdict: "fail", reason: `${differing} of ${n} seeds differ; the largest relative difference is ${fmt(worst.maxRel)}, at ${worst.where}`, numbers, fix: d.fix };
  }
  // continuity: scan the lever
  const n = Math.min(SCAN_SEEDS, seeds.length);
  const [lo, hi] = d.range;
  const xs = Array.from({ length: GRID }, (_, i) => lo + ((hi - lo) * i) / (GRID - 1));
  const base = {
    ...head,
    design: `${d.path} from ${lo} to ${hi} in ${GRID} even steps, ${n} seeds`,
    measure: d.outcomes.map(([o]) => `${o} at ${d.date}`).join(", "),
    unit: "",
    expected: `no jump: no step larger than ${d.outcomes.map(([o, j]) => `${j} (${o})`).join(", ")} and 4x its neighbours`,
  };
  const step = (parseQuarter(d.date) as number) - pe.start;
  const loaded: LoadedScenario[] = [];
  for (const x of xs) {
    const t = setFields(tree, [[d.path, x]]);
    if (!t.ok) return { ...base, verdict: "n/a", reason: `the lever cannot be set here: ${t.issues.slice(0, 1).map(formatIssue).join("")}`, numbers: {} };
    const l = finish(t.value);
    if (typeof l === "string") return { ...base, verdict: "n/a", reason: `the lever's value ${x} is not valid here: ${l}`, numbers: {} };
    loaded.push(l);
  }
  const symbols = metricSymbols(record(loaded[0]!, seeds[0]!).layout as MetricLayout);
  const missing = d.outcomes.find(([o]) => symbols[o] === undefined);
  if (missing !== undefined) return { ...base, verdict: "n/a", reason: `no output ${missing[0]}`, numbers: {} };
  const ys: number[][][] = d.outcomes.map(() => []);
  for (const seed of seeds.slice(0, n)) {
    const recs = loaded.map((l) => record(l, seed));
    d.outcomes.forEach(([o], k) => ys[k]!.push(recs.map((r) => r.at(step, symbols[o] as number))));
  }
  const jumps: string[] = [];
  const largest: Record<string, number | null> = {};
  d.outcomes.forEach(([o, least], k) => {
    let big = 0;
    for (const [si, series] of ys[k]!.entries()) {
      const steps = series.slice(1).map((y, i) => Math.abs(y - series[i]!));
      steps.forEach((s, i) => {
        big = Math.max(big, s);
        const neighbour = Math.max(i > 0 ? steps[i - 1]! : 0, i + 1 < steps.length ? steps[i + 1]! : 0);
        if (s > least && s > 4 * neighbour) jumps.push(`${o} jumps by ${fmt(s)} between ${fmt(xs[i]!)} and ${fmt(xs[i + 1]!)} (seed ${si + 1})`);
      });
    }
    largest[`largest_step_${o}`] = r6(big);
  });
  const numbers = { ...largest, jumps: jumps.length };
  if (jumps.length === 0) return { ...base, verdict: "pass", reason: "no jump", numbers };
  return { ...base, verdict: "fail", reason: jumps.slice(0, 3).join("; "), numbers, fix: d.fix };
}

/** How many runs the direct checks make (beside the experiment's). */
export function directRuns(pe: PlannedEvaluation): number {
  const n = pe.plan.replications;
  let runs = 0;
  for (const c of pe.checks) {
    if (c.kind !== "direct") continue;
    runs += c.def.kind === "continuity" ? 1 + GRID * Math.min(SCAN_SEEDS, n) : 2 * Math.min(SAME_SEEDS, n);
  }
  return runs;
}
