/**
 * The estimate a sweep (compare, evaluate, a shard, a plan's shards) prints before it runs:
 * the costs of src/experiment/estimate.ts, measured here and now.
 *
 * The probe computes the first runs of the sweep in this thread and times each, its scenario's
 * building apart from its run. These runs are the sweep's own (the caller writes them first),
 * so the probe costs nothing but where the sweep does not go on (a dry run, a plan). It takes
 * 25 runs (fewer if the sweep has fewer, or after 5 s): the first runs of a thread are 10 to 30
 * times slower than the later ones while the JIT compiles the model, for about 15 runs
 * whatever the machine's load. A low quantile of the last runs is a warm run's time (a run
 * still cold, or slowed by a garbage collection or another process, is slower, never faster),
 * and what the first runs took beyond it is the warm-up a fresh worker thread pays again. A
 * sweep's first runs share one point and policy, so up to 8 runs elsewhere in the plan (other
 * policies and points: a scenario with more agents or events runs slower), spread evenly, are
 * timed too, each twice, the faster counting, and averaged with the first; these are not
 * kept. Where the analysis runs the first scenario again (evaluate's direct checks), a warm
 * run of it is timed last. Copying, hashing and reading back a sample of the probe's rows
 * gives the cost of a byte of output. The process's time so far, to start, load its code and
 * plan, is what a worker thread spends before its first run.
 */
import { createHash } from "node:crypto";
import type { Projection, Threads, Timings } from "../experiment/estimate.js";
import { project } from "../experiment/estimate.js";
import type { RunOutcome } from "../experiment/execute.js";
import { Executor, runsHeader, runsRow } from "../experiment/execute.js";
import type { Plan } from "../experiment/plan.js";
import { pointValues, runRef } from "../experiment/plan.js";
import type { BatchTask } from "./sweep-worker.js";

/** What the analysis at the end does, beyond hashing the files. */
export interface Analysis {
  /** Data files it reads back. */
  reads?: readonly ("runs.csv" | "timeseries.csv")[];
  /** Runs it computes in this thread (of the first scenario). */
  runs?: number;
}

export interface Estimate {
  /** A run's seconds, the building of its scenario shared among the runs of its point and policy. */
  secondsPerRun: number;
  /** The whole command's seconds, as `time` shows them: those spent so far, and the projection. */
  seconds: number;
  bytes: number;
  /** Threads to use: fewer than asked where the number was left to the default and worker threads would not pay. */
  workers: number;
  /** Runs per batch. */
  batch: number;
  projection: Projection;
  timings: Timings;
  /** The first runs of the task, computed by the probe, in order (for the caller to write). */
  outcomes: RunOutcome[];
  /** The probe's executor, warm: the caller computes its own batches with it. */
  executor: Executor;
}

const FIRST_RUNS = 25;
const FIRST_SECONDS = 5;
const SAMPLES = 8;
/** Runs left per sample elsewhere: a short sweep gets fewer. */
const RUNS_PER_SAMPLE = 20;

export function taskLength(task: BatchTask): number {
  return "runs" in task ? task.runs.length : Math.max(0, task.to - task.from);
}

export function taskRun(task: BatchTask, i: number): number {
  return "runs" in task ? task.runs[i]! : task.from + i;
}

const now = () => performance.now() / 1000;

/** The q-quantile of xs (linear between order statistics; 0 for none). */
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  return s[lo]! + (at - lo) * ((s[lo + 1] ?? s[lo]!) - s[lo]!);
}

/** Point-policy scenarios that runs from..to-1 of the task build, one after the other. */
function builds(plan: Plan, task: BatchTask, from: number): number {
  const n = taskLength(task);
  if (from >= n) return 0;
  if (!("runs" in task)) return Math.floor((task.from + n - 1) / plan.replications) - Math.floor((task.from + from) / plan.replications) + 1;
  let count = 0;
  let last = -1;
  for (let i = from; i < n; i++) {
    const group = Math.floor(task.runs[i]! / plan.replications);
    if (group !== last) count++;
    last = group;
  }
  return count;
}

/** The least of three timings of `fn`, in seconds. */
function fastest(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = now();
    fn();
    best = Math.min(best, now() - t);
  }
  return best;
}

/** Seconds per byte to copy and hash output, and to read it back into cells. */
function byteCosts(sample: string): { byte: number; readByte: number } {
  let text = sample;
  while (text.length < 1 << 18) text += text;
  const buf = Buffer.from(text, "utf8");
  const byte = fastest(() => createHash("sha256").update(Buffer.from(text, "utf8")).digest());
  const read = fastest(() => {
    let cells = 0;
    for (const line of buf.toString("utf8").split("\n")) {
      const c = line.split(",");
      cells += Number(c[0]) + Number(c[c.length - 1]) > 0 ? 1 : 0;
    }
    return cells;
  });
  return { byte: byte / buf.length, readByte: read / buf.length };
}

/**
 * Probes a task of the plan and projects the rest. `elsewhere`: the task runs in another
 * process (a plan's shard), which starts, loads and warms up as this one did, and the probe's
 * runs are not kept.
 */
export function estimate(plan: Plan, task: BatchTask, threads: Threads, opts: { analysis?: Analysis; elsewhere?: boolean } = {}): Estimate {
  const startup = now();
  const ex = new Executor(plan);
  const n = taskLength(task);
  const times: number[] = [];
  const built: number[] = [];
  const outcomes: RunOutcome[] = [];
  let spent = 0;
  let rowBytes = 0;
  let seriesBytes = 0;
  const measure = (o: RunOutcome) => {
    rowBytes = Math.max(rowBytes, Buffer.byteLength(runsRow(plan, o, pointValues(plan, runRef(plan, o.run).point))));
    seriesBytes = Math.max(seriesBytes, Buffer.byteLength(o.series));
  };
  for (let i = 0; i < Math.min(n, FIRST_RUNS) && (i < 3 || spent < FIRST_SECONDS); i++) {
    const index = taskRun(task, i);
    const t0 = now();
    const fresh = ex.prepareRun(index);
    const t1 = now();
    const o = ex.run(index);
    const t2 = now();
    if (fresh) built.push(t1 - t0);
    times.push(t2 - t1);
    outcomes.push(o);
    measure(o);
    spent += t2 - t0;
  }
  // the last runs, most of them warm: a run still cold or slowed (a garbage collection, another
  // process) is slower, never faster, so a low quantile tells a warm run's time
  const warm = quantile(times.slice(-Math.min(10, Math.ceil(times.length / 2))), 0.3);
  const warmup = times.reduce((sum, t) => sum + Math.max(0, t - warm), 0);

  // elsewhere in the plan: other policies and points
  const rest = n - outcomes.length;
  const k = Math.min(SAMPLES, Math.floor(rest / RUNS_PER_SAMPLE));
  const seen = new Set(outcomes.map((o) => Math.floor(o.run / plan.replications)));
  const samples: number[] = [];
  for (let j = 0; j < k; j++) {
    const index = taskRun(task, outcomes.length + Math.floor(((j + 0.5) * rest) / k));
    const group = Math.floor(index / plan.replications);
    if (seen.has(group)) continue;
    seen.add(group);
    const t0 = now();
    ex.prepareRun(index);
    const t1 = now();
    const o = ex.run(index);
    const t2 = now();
    ex.run(index);
    const t3 = now();
    built.push(t1 - t0);
    samples.push(Math.min(t2 - t1, t3 - t2));
    measure(o);
  }
  // the analysis's runs are of the first scenario, run warm at the end: time it again now
  let firstRun = warm;
  if ((opts.analysis?.runs ?? 0) > 0 && n > 0) {
    const index = taskRun(task, 0);
    ex.prepareRun(index);
    firstRun = Math.min(warm, fastest(() => ex.run(index)));
  }
  const kept = keptSeries(plan, plan.runs);
  if (kept > 0 && seriesBytes === 0) {
    // none of the runs timed keeps its series: measure one
    const o = new Executor({ ...plan, timeseries: { ...plan.timeseries, runs: "all" } }).run(n > 0 ? taskRun(task, 0) : 0);
    seriesBytes = Buffer.byteLength(o.series);
  }
  const sample = outcomes.map((o) => o.series).join("") || outcomes.map((o) => runsRow(plan, o, pointValues(plan, runRef(plan, o.run).point))).join("") || runsHeader(plan);
  const timings: Timings = {
    startup,
    run: (warm + samples.reduce((a, b) => a + b, 0)) / (1 + samples.length),
    firstRun,
    // the first scenarios built are slower (cold code): the last half tells better
    prepare: quantile(built.slice(-Math.max(1, Math.ceil(built.length / 2))), 0.5),
    warmup,
    ...byteCosts(sample),
  };

  const groups = plan.points * plan.policies.length;
  const bytes = rowBytes * plan.runs + groups * plan.outcomes.length * (rowBytes + 80) + kept * seriesBytes;
  const share = plan.runs > 0 ? n / plan.runs : 0;
  const done = opts.elsewhere ? 0 : outcomes.length;
  const left = n - done;
  const reads = opts.analysis?.reads ?? [];
  const projection = project(
    timings,
    {
      runs: left,
      // and the first of them again: the runs elsewhere left another one built
      prepares: builds(plan, task, done) + (samples.length > 0 ? 1 : 0),
      // the probe's rows too are written after the estimate
      writeBytes: bytes * share,
      dataBytes: bytes * share,
      readBytes: (reads.includes("runs.csv") ? rowBytes * plan.runs : 0) + (reads.includes("timeseries.csv") ? kept * seriesBytes : 0),
      extraRuns: opts.analysis?.runs ?? 0,
    },
    threads,
  );
  const perRun = timings.run + (n > 0 ? (builds(plan, task, 0) * timings.prepare) / n : 0);
  // another process pays this one's start and its main thread's warm-up; this one has paid them
  const before = opts.elsewhere ? startup + warmup : now();
  return {
    secondsPerRun: perRun,
    seconds: before + projection.seconds,
    bytes,
    workers: projection.workers,
    batch: projection.batch,
    projection,
    timings,
    outcomes: opts.elsewhere ? [] : outcomes,
    executor: ex,
  };
}

/** Runs whose time series the plan keeps, of its first `runs`. */
function keptSeries(plan: Plan, runs: number): number {
  if (plan.timeseries.runs === "all") return runs;
  if (plan.timeseries.runs === "none") return 0;
  return Math.min(runs, plan.timeseries.runs);
}
