/**
 * Scaling of the cost of a run: the baseline with its ten labs replicated to 10, 100 and 1000
 * labs (each copy's starting budget and compute divided so that the world's totals stay the
 * baseline's), and with its horizon 1, 2 and 4 times as long. The cost of a run should grow
 * linearly in both: the fitted exponent of cost against size (the slope of log cost on log
 * size, least squares) must stay at or below 1.1.
 */
import { SeriesRecorder } from "../src/engine/metrics.js";
import { simulate } from "../src/engine/run.js";
import type { LoadedScenario } from "../src/scenario/load.js";
import { loadScenario } from "../src/scenario/load.js";
import { MemoryHost } from "../src/scenario/memory-host.js";
import { toRunSpec } from "../src/scenario/spec.js";

type Tree = Record<string, unknown>;
type Quantity = { value: number; unit: string; source: string };

/** The baseline with `n` labs: copies of its own labs, each starting with 10/n of the original's budget and compute. */
export function withLabs(baseline: LoadedScenario, n: number): LoadedScenario {
  const tree = structuredClone(baseline.resolved) as Tree;
  const labs = tree["firms"] as Tree[];
  const share = labs.length / n;
  const firms: Tree[] = [];
  for (let j = 0; j < n; j++) {
    const lab = structuredClone(labs[j % labs.length]!);
    lab["id"] = `Lab${j}`;
    lab["name"] = `Lab ${j}`;
    const initial = lab["initial"] as Record<string, Quantity>;
    for (const key of ["budget", "compute", "cash"]) if (initial[key] !== undefined) initial[key] = { ...initial[key]!, value: initial[key]!.value * share };
    firms.push(lab);
  }
  tree["firms"] = firms;
  tree["name"] = `baseline-${n}-labs`;
  return load(tree);
}

/** The baseline run `factor` times as long (quarters from its start). */
export function withHorizon(baseline: LoadedScenario, factor: number): LoadedScenario {
  const tree = structuredClone(baseline.resolved) as Tree;
  const start = baseline.clock.start;
  const end = start + baseline.clock.steps * factor;
  tree["end"] = `${Math.floor(end / 4)}Q${(end % 4) + 1}`;
  tree["name"] = `baseline-x${factor}`;
  return load(tree);
}

function load(tree: Tree): LoadedScenario {
  const r = loadScenario(new MemoryHost({ "s.yaml": JSON.stringify(tree) }), "s.yaml");
  if (!r.ok) throw new Error(`scaled scenario does not load: ${r.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return r.value;
}

/**
 * Median milliseconds of a run of each scenario, over about `budgetMs` each. The sizes are
 * timed in alternating rounds, not one after the other, so that a shared machine's drift
 * (its speed changes by tens of percent from minute to minute) falls on all of them alike
 * instead of bending the fitted exponent.
 */
export function runsMs(scenarios: readonly LoadedScenario[], budgetMs: number): number[] {
  // one recorder per scenario, reused by its runs as in a sweep
  const recorders = scenarios.map(() => new SeriesRecorder());
  const once = (k: number, seed: number) => {
    const t = performance.now();
    simulate(toRunSpec(scenarios[k]!, seed), recorders[k]!);
    return performance.now() - t;
  };
  const rounds = 10;
  const perRound = scenarios.map((_, k) => {
    const first = once(k, 1);
    const n = Math.max(1, Math.min(50, Math.round(budgetMs / rounds / Math.max(first, 0.01))));
    for (let i = 0; i < Math.min(50, 5 * n); i++) once(k, i + 2); // warm-up
    return n;
  });
  const samples: number[][] = scenarios.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < scenarios.length; k++) {
      for (let i = 0; i < perRound[k]!; i++) samples[k]!.push(once(k, 1000 + r * 100 + i));
    }
  }
  return samples.map((xs) => {
    xs.sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  });
}

/** Least-squares slope of log(cost) against log(size). */
export function exponent(points: readonly { size: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}
