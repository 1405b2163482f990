/**
 * `npm run bench`: how long one baseline run takes, in the mode sweeps use (the series kept
 * in memory, nothing written). Setup (loading and validating the scenario) is timed apart
 * from simulating; each figure is the median of many samples after a warm-up.
 * Writes results/bench/<date>.json with machine details and prints a table.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { cpus, arch, platform, totalmem } from "node:os";
import { join } from "node:path";
import { SeriesRecorder } from "../src/engine/metrics.js";
import { simulate } from "../src/engine/run.js";
import { writeFileAtomic } from "../src/io/files.js";
import { PACKAGE_ROOT, toolVersion } from "../src/io/package-info.js";
import { loadScenario } from "../src/scenario/load.js";
import { MemoryHost } from "../src/scenario/memory-host.js";
import { toRunSpec } from "../src/scenario/spec.js";

const ROOT = PACKAGE_ROOT;
const text = readFileSync(join(ROOT, "scenarios", "baseline.yaml"), "utf8");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function sample(fn: (i: number) => void, warmup: number, n: number): number[] {
  for (let i = 0; i < warmup; i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(warmup + i);
    out.push(performance.now() - t0);
  }
  return out;
}

const load = () => {
  const r = loadScenario(new MemoryHost({ "baseline.yaml": text }), "baseline");
  if (!r.ok) throw new Error("baseline does not load");
  return r.value;
};
const loaded = load();
const setup = sample(() => load(), 5, 30);
const runs = sample((i) => simulate(toRunSpec(loaded, i), new SeriesRecorder()), 200, 2000);
const steps = loaded.clock.steps;
const agents = loaded.scenario.countries.length + loaded.scenario.firms.length;
const runMs = median(runs);

/** A sweep in a child process (so its peak memory is its own). */
function sweep(experiment: string, workers: number): { runs: number; seconds: number; runsPerSecond: number; maxRssMB: number } {
  const script = join(ROOT, "dist-bench", "bench", "sweep.js");
  const out = join(ROOT, "results", "bench", `sweep-${workers}`);
  return JSON.parse(execFileSync(process.execPath, [script, join(ROOT, "bench", experiment), String(workers), out], { encoding: "utf8" })) as ReturnType<typeof sweep>;
}
const sweep1 = sweep("sweep-baseline.yaml", 1);
const sweep2 = sweep("sweep-baseline.yaml", 2);
const million = process.argv.includes("--million") ? sweep("sweep-million.yaml", 2) : undefined;

const report = {
  date: new Date().toISOString(),
  tool: toolVersion(),
  machine: { cpu: cpus()[0]?.model ?? "?", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: platform(), arch: arch() },
  baseline: { steps, agents },
  results: {
    setupMedianMs: median(setup),
    runMedianMs: runMs,
    runP90Ms: [...runs].sort((a, b) => a - b)[Math.floor(runs.length * 0.9)]!,
    runsPerSecond: 1000 / runMs,
    agentStepsPerSecond: (agents * steps * 1000) / runMs,
    sweep1Worker: sweep1,
    sweep2Workers: sweep2,
    sweepSpeedup: sweep2.runsPerSecond / sweep1.runsPerSecond,
    millionRunSweep: million ?? null,
  },
};
const dir = join(ROOT, "results", "bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `${report.date.slice(0, 10)}.json`);
writeFileAtomic(file, JSON.stringify(report, null, 2) + "\n");

const row = (k: string, v: string) => process.stdout.write(`${k.padEnd(40)}${v.padStart(14)}\n`);
process.stdout.write(`airace ${report.tool} on ${report.machine.cpu}, Node ${report.machine.node}\n\n`);
row("baseline setup (load + validate), median", `${report.results.setupMedianMs.toFixed(2)} ms`);
row(`baseline run, ${steps} quarters, median`, `${runMs.toFixed(3)} ms`);
row("baseline run, 90th percentile", `${report.results.runP90Ms.toFixed(3)} ms`);
row("runs per second (one core)", report.results.runsPerSecond.toFixed(0));
row(`agent-steps per second (${agents} agents)`, report.results.agentStepsPerSecond.toExponential(2));
row(`sweep of ${sweep1.runs} baseline runs, 1 worker`, `${sweep1.runsPerSecond.toFixed(0)} runs/s`);
row(`  the same, 2 workers`, `${sweep2.runsPerSecond.toFixed(0)} runs/s`);
row("  speed-up with 2 workers", `${report.results.sweepSpeedup.toFixed(2)}x`);
row("  peak memory, 1 worker / 2 workers", `${sweep1.maxRssMB.toFixed(0)} / ${sweep2.maxRssMB.toFixed(0)} MB`);
if (million) {
  row(`million-run sweep (${million.runs} runs), 2 workers`, `${million.seconds.toFixed(0)} s`);
  row("  peak memory", `${million.maxRssMB.toFixed(0)} MB`);
} else {
  process.stdout.write("(npm run bench -- --million adds a million-run summary sweep: a few minutes)\n");
}
process.stdout.write(`\nwritten to ${file}\n`);
