/**
 * `npm run bench`: how long one baseline run takes, in the mode sweeps use (the series kept
 * in memory, nothing written). Setup (loading and validating the scenario) is timed apart
 * from simulating; each figure is the median of many samples after a warm-up. Then whole
 * commands: everyday ones against their start-up target (bench/commands.ts), sweeps on one
 * and two threads, the evaluation suite, and the estimates that sweep, compare and evaluate
 * print against the time they take (bench/estimates.ts).
 * Writes results/bench/<date>.json with machine details and prints a table.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { cpus, arch, loadavg, platform, totalmem } from "node:os";
import { join } from "node:path";
import { SeriesRecorder } from "../src/engine/metrics.js";
import { simulate } from "../src/engine/run.js";
import { writeFileAtomic } from "../src/io/files.js";
import { PACKAGE_ROOT, toolVersion } from "../src/io/package-info.js";
import type { LoadedScenario } from "../src/scenario/load.js";
import { loadScenario } from "../src/scenario/load.js";
import { MemoryHost } from "../src/scenario/memory-host.js";
import { toRunSpec } from "../src/scenario/spec.js";
import { COMMAND_TARGET_SECONDS, commandTimes } from "./commands.js";
import { estimateChecks } from "./estimates.js";
import { exponent, runsMs, withHorizon, withLabs } from "./scaling.js";

const ROOT = PACKAGE_ROOT;
// what else the machine was doing when the bench started: start-up times double on a busy one
const loadAverage = loadavg()[0] ?? 0;
// rounds of the two sweeps (see sweeps) and of the estimates' checks, checked before anything is timed
const args = process.argv.slice(2).flatMap((a) => (a.startsWith("--rounds=") ? ["--rounds", a.slice(9)] : [a]));
const rounds = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 2;
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write("npm run bench: --rounds takes a whole number of at least 1\n");
  process.exit(2);
}
const text = readFileSync(join(ROOT, "scenarios", "baseline.yaml"), "utf8");

/** The value below which a fraction `q` of the samples lie (the median at 0.5). */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * q)]!;
}
const median = (xs: readonly number[]) => quantile(xs, 0.5);

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
// one recorder for every run, as a sweep keeps one per scenario (its buffer is rewritten)
const recorder = new SeriesRecorder();
const runs = sample((i) => simulate(toRunSpec(loaded, i), recorder), 200, 2000);
const steps = loaded.clock.steps;
const agents = loaded.scenario.countries.length + loaded.scenario.firms.length;
const runMs = median(runs);

interface SweepResult {
  /** Runs in one sweep. */
  runs: number;
  /** How many times it was run (seconds are their sum). */
  rounds: number;
  seconds: number;
  runsPerSecond: number;
  maxRssMB: number;
}

/** A sweep in a child process (so its peak memory is its own). */
function sweep(experiment: string, workers: number): SweepResult {
  const script = join(ROOT, "dist-bench", "bench", "sweep.js");
  const out = join(ROOT, "results", "bench", `sweep-${workers}`);
  return { ...(JSON.parse(execFileSync(process.execPath, [script, join(ROOT, "bench", experiment), String(workers), out], { encoding: "utf8" })) as Omit<SweepResult, "rounds">), rounds: 1 };
}
/** Median run time at each size, the sizes timed in alternating rounds. */
function scaling(sizes: number[], make: (size: number) => LoadedScenario): { size: number; ms: number }[] {
  const ms = runsMs(sizes.map(make), 3000);
  return sizes.map((size, i) => ({ size, ms: ms[i]! }));
}
const labs = scaling([10, 100, 1000], (n) => withLabs(loaded, n));
const horizon = scaling([1, 2, 4], (f) => withHorizon(loaded, f));

/** `npm start` from a built tree (its build step skipped), as a user waits for it: median of 3. */
function npmStartSeconds(): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    execFileSync("npm", ["start", "--ignore-scripts", "--silent"], { cwd: ROOT, stdio: "ignore" });
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}
const startSeconds = npmStartSeconds();
const commands = commandTimes(ROOT, 10, quantile);

/** The evaluation suite on the baseline, 30 seeds, 2 workers, as docs/evaluation.md is made: seconds, median of 2. */
function evaluationSeconds(): number {
  const times: number[] = [];
  const out = join(ROOT, "results", "bench", "evaluate");
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), "evaluate", "baseline", "--seeds", "30", "--workers", "2", "--out", out, "--force", "--quiet"], { cwd: ROOT, stdio: "ignore" });
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}
const evalSeconds = evaluationSeconds();
const estimates = estimateChecks(ROOT, rounds);

/**
 * The same sweep with one and two threads, in alternating rounds (1, 2, 2, 1, ...; `--rounds N`,
 * default 2): a shared machine's speed changes from minute to minute, so two sweeps timed one
 * after the other can differ by the machine's drift alone. Runs per second over all rounds;
 * peak memory, the highest of any round.
 */
function sweeps(experiment: string, rounds: number): [SweepResult, SweepResult] {
  const all: [SweepResult[], SweepResult[]] = [[], []];
  for (let r = 0; r < rounds; r++) {
    // 1, 2, 2, 1, ...: a steady drift then falls on both alike
    for (const w of r % 2 === 0 ? [1, 2] : [2, 1]) all[w - 1]!.push(sweep(experiment, w));
  }
  return all.map((rs) => {
    const runs = rs.reduce((t, x) => t + x.runs, 0);
    const seconds = rs.reduce((t, x) => t + x.seconds, 0);
    return { runs: rs[0]!.runs, rounds: rs.length, seconds, runsPerSecond: runs / seconds, maxRssMB: Math.max(...rs.map((x) => x.maxRssMB)) };
  }) as [SweepResult, SweepResult];
}
const [sweep1, sweep2] = sweeps("sweep-baseline.yaml", rounds);
const million = args.includes("--million") ? sweep("sweep-million.yaml", 2) : undefined;

const report = {
  date: new Date().toISOString(),
  tool: toolVersion(),
  machine: { cpu: cpus()[0]?.model ?? "?", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: platform(), arch: arch(), loadAverage },
  baseline: { steps, agents },
  results: {
    setupMedianMs: median(setup),
    runMedianMs: runMs,
    runP10Ms: quantile(runs, 0.1),
    runP90Ms: quantile(runs, 0.9),
    runsPerSecond: 1000 / runMs,
    agentStepsPerSecond: (agents * steps * 1000) / runMs,
    sweep1Worker: sweep1,
    sweep2Workers: sweep2,
    sweepSpeedup: sweep2.runsPerSecond / sweep1.runsPerSecond,
    scalingLabs: { runs: labs, exponent: exponent(labs) },
    scalingHorizon: { runs: horizon, exponent: exponent(horizon) },
    npmStartSeconds: startSeconds,
    commands,
    evaluationSeconds: evalSeconds,
    estimates,
    millionRunSweep: million ?? null,
  },
};
const dir = join(ROOT, "results", "bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `${report.date.slice(0, 10)}.json`);
writeFileAtomic(file, JSON.stringify(report, null, 2) + "\n");

const r = report.results;
const worstRatio = estimates.map((e) => e.worstRatio).reduce((w, x) => (Math.abs(Math.log(x)) > Math.abs(Math.log(w)) ? x : w), 1);
/** The targets of the performance work, each with the measured value and whether it is met. */
const targets: [string, string, string, boolean | undefined][] = [
  [`baseline run, ${steps} quarters, median`, "<= 1 ms", `${runMs.toFixed(3)} ms`, runMs <= 1],
  ["runs per second, one core", ">= 1000", r.runsPerSecond.toFixed(0), r.runsPerSecond >= 1000],
  [`sweep of ${sweep1.runs} runs, --workers 2 vs 1`, ">= 1.8x", `${r.sweepSpeedup.toFixed(2)}x (${sweep1.runsPerSecond.toFixed(0)} -> ${sweep2.runsPerSecond.toFixed(0)} runs/s, ${rounds} round${rounds === 1 ? "" : "s"})`, r.sweepSpeedup >= 1.8],
  ["cost vs labs (10, 100, 1000), exponent", "<= 1.1", `${r.scalingLabs.exponent.toFixed(2)} (${labs.map((p) => p.ms.toFixed(2)).join(", ")} ms)`, r.scalingLabs.exponent <= 1.1],
  ["cost vs horizon (1x, 2x, 4x), exponent", "<= 1.1", `${r.scalingHorizon.exponent.toFixed(2)} (${horizon.map((p) => p.ms.toFixed(2)).join(", ")} ms)`, r.scalingHorizon.exponent <= 1.1],
  ["evaluation suite, 30 seeds, --workers 2", "< 600 s", `${evalSeconds.toFixed(1)} s`, evalSeconds < 600],
  [`estimates of ${estimates.length} commands, taken / estimated`, "0.5-2x", `worst ${worstRatio.toFixed(2)}x (see below)`, worstRatio >= 0.5 && worstRatio <= 2],
  ...commands.map((c): [string, string, string, boolean] => [c.command, `< ${COMMAND_TARGET_SECONDS} s`, `${c.medianSeconds.toFixed(2)} s median (fastest ${c.minSeconds.toFixed(2)} s, ${c.samples} starts)`, c.medianSeconds < COMMAND_TARGET_SECONDS]),
  ["million-run summary sweep, peak memory", "< 300 MB", million ? `${million.maxRssMB.toFixed(0)} MB (--workers 2, ${million.seconds.toFixed(0)} s)` : "not run (--million)", million ? million.maxRssMB < 300 : undefined],
];
const info: [string, string][] = [
  ["baseline setup (load + validate), median", `${r.setupMedianMs.toFixed(2)} ms`],
  ["baseline run, 10th and 90th percentiles", `${r.runP10Ms.toFixed(3)} and ${r.runP90Ms.toFixed(3)} ms`],
  [`agent-steps per second (${agents} agents)`, r.agentStepsPerSecond.toExponential(2)],
  ["sweep peak memory, --workers 1 / 2", `${sweep1.maxRssMB.toFixed(0)} / ${sweep2.maxRssMB.toFixed(0)} MB`],
  ["npm start from a built tree, median", `${startSeconds.toFixed(2)} s`],
];
process.stdout.write(`airace ${report.tool} on ${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}, load average ${loadAverage.toFixed(2)} at the start\n\n`);
process.stdout.write(`${"target".padEnd(44)}${"goal".padEnd(10)}${"measured".padEnd(44)}met\n`);
for (const [name, goal, value, met] of targets) process.stdout.write(`${name.padEnd(44)}${goal.padEnd(10)}${value.padEnd(44)}${met === undefined ? "-" : met ? "yes" : "NO"}\n`);
process.stdout.write("\n");
for (const [name, value] of info) process.stdout.write(`${name.padEnd(44)}${value}\n`);
process.stdout.write(`\n${"estimate printed, against the time taken".padEnd(62)}${"estimate".padEnd(10)}${"taken".padEnd(10)}ratio (median, worst of ${rounds})\n`);
for (const e of estimates) {
  const last = e.rounds[e.rounds.length - 1]!;
  process.stdout.write(`${e.command.padEnd(62)}${`${last.estimate.toFixed(1)} s`.padEnd(10)}${`${last.seconds.toFixed(1)} s`.padEnd(10)}${e.medianRatio.toFixed(2)}x, ${e.worstRatio.toFixed(2)}x\n`);
}
process.stdout.write(`\nwritten to ${file}\n`);
