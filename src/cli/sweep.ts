/**
 * `airace sweep <experiment>`: plan, estimate, run (in this thread or a piscina worker pool),
 * stream the results in run order into a partial folder, analyse, publish.
 *
 * Whatever the number of workers, runs are written in run order and every run depends only on
 * the plan and its index: the data files are byte-identical for 1 or N workers, and for a sweep
 * interrupted and resumed.
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, arch, platform } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SingleBar } from "cli-progress";
import { Piscina } from "piscina";
import { hasSensitivity, sensitivityCsv } from "../experiment/analysis.js";
import { parseRunsRow, PointCollector, pointsHeader } from "../experiment/collect.js";
import type { RunOutcome } from "../experiment/execute.js";
import { Executor, runsHeader, runsRow, SERIES_HEADER } from "../experiment/execute.js";
import type { Plan } from "../experiment/plan.js";
import { keepsSeries, pointValues, runRef } from "../experiment/plan.js";
import { describeDistribution } from "../experiment/distributions.js";
import type { LoadedPlan, PlanSource } from "../io/experiment-host.js";
import { loadPlan } from "../io/experiment-host.js";
import { experimentPath, fileKind } from "../io/experiment-ref.js";
import { gitCommit, toolVersion } from "../io/package-info.js";
import { isReplaceable } from "../io/files.js";
import { dataDigest, isSweepFolder, SWEEP_MANIFEST_FORMAT, SweepBusyError, SweepFolder } from "../io/sweep-folder.js";
import { MODEL_VERSION } from "../model/index.js";
import { formatIssue } from "../scenario/issues.js";
import { parseSweepRuns, sweepSentences } from "../report/sweep-findings.js";
import { CliError, EXIT } from "./exit.js";
import { checkOutput } from "./load.js";
import { setInterruptNote, signalsDelivered } from "./interrupt.js";
import type { Analysis, Estimate } from "./estimate.js";
import { estimate } from "./estimate.js";
import type { BatchTask, WorkerData } from "./sweep-worker.js";
import { runTask } from "./sweep-worker.js";

export interface SweepOptions {
  /** Plan and estimate only: nothing is run or written. */
  dryRun?: boolean;
  workers?: string;
  out?: string;
  resume?: boolean;
  yes?: boolean;
  force?: boolean;
  quiet?: boolean;
  /** Also write the HTML report (airace report) into <dir>/report/. */
  report?: boolean;
}

/** Above any of these, a sweep asks for --yes. */
export const LIMITS = { runs: 100_000, seconds: 3600, bytes: 2 * 1024 ** 3 };

export function parseWorkers(text: string | undefined): number {
  const max = Math.max(1, availableParallelism());
  if (text === undefined) return max;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) throw new CliError(EXIT.input, [`--workers: expected a whole number from 1 to ${max * 4}, got "${text}"`]);
  return Math.min(Number(text), max * 4);
}

export function humanBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

export function humanSeconds(s: number): string {
  if (s < 1) return `${Math.max(1, Math.round(s * 1000))} ms`;
  if (s < 90) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * The estimate as printed: the whole command's time (as `time` would show it), the threads, a
 * run's time and the disk.
 */
export function estimateLine(est: Estimate, asked: number, left?: number): string {
  const fewer = est.workers < asked ? "; worker threads would start too late to help" : "";
  return `estimate${left !== undefined ? ` for the ${left} runs left` : ""}: ${humanSeconds(est.seconds)} in all on ${est.workers} worker${est.workers === 1 ? "" : "s"} (${humanSeconds(est.secondsPerRun)} a run${fewer}), ${humanBytes(est.bytes)} on disk`;
}

export function designLine(plan: Plan): string {
  const q = plan.policies.length;
  const parts = plan.design.type === "single" ? [] : [`${plan.points} point${plan.points === 1 ? "" : "s"}`];
  if (q > 1) parts.push(`${q} policies`);
  parts.push(`${plan.replications} replication${plan.replications === 1 ? "" : "s"}`);
  const kind = plan.design.type === "single" ? "" : ` (${plan.design.type} design)`;
  return `${plan.runs} runs = ${parts.join(" x ")}${kind}`;
}

export async function sweepCommand(
  ref: string,
  opts: SweepOptions,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
): Promise<void> {
  const path = experimentPath(ref);
  if (existsSync(path) && fileKind(path) === "scenario") {
    throw new CliError(EXIT.input, [`${ref} is a scenario, not an experiment: run it with airace run ${ref}, or write an experiment that names it (scenario: ${ref}); see docs/experiments.md.`]);
  }
  const source: PlanSource = { kind: "experiment", ref };
  const loaded = loadPlanOrFail(source, ref);
  const plan = loaded.plan;
  const dir = opts.out ?? join("results", plan.experiment.name, `${plan.experiment.seed}-${loaded.digest.slice(0, 8)}`);
  const resumeHint = `airace sweep ${ref} --resume${opts.out !== undefined ? ` --out ${opts.out}` : ""}${opts.force ? " --force" : ""}`;
  const r = await executePlan(source, loaded, dir, opts, `${resumeHint}${opts.report ? " --report" : ""}`, print, printErr, stopRequested, () => new Map());
  if (r.dry) return;
  const report = async (say: (text: string) => void) => {
    const { reportCommand } = await import("./report.js");
    await reportCommand(dir, {}, say);
  };
  if (opts.quiet) {
    if (opts.report) await report(() => {});
    return failIfRunsFailed(r, plan.runs, dir);
  }
  print("");
  print(`Done: ${plan.runs} runs in ${humanSeconds(r.seconds)}${r.start > 0 ? ` (resumed at run ${r.start})` : ""}, ${r.failures} failed.`);
  if (r.failures > 10) print(`  (${r.failures - 10} more failures are in runs.csv, status "failed")`);
  const findings = sweepFindings(dir, plan);
  if (findings.length > 0) {
    print("");
    print("What it found:");
    for (const f of findings) print(`- ${f}`);
  }
  print("");
  print(`Results in ${dir}/`);
  print(`  ${r.files.join("  ")}`);
  print(`Data digest: ${r.dataDigest} (the same for a sharded sweep of this experiment, merged)`);
  if (opts.report) await report(print);
  else print(`A report with charts: airace report ${dir}`);
  failIfRunsFailed(r, plan.runs, dir);
}

/** The sentences of src/report/sweep-findings.ts, from the folder's runs.csv and sensitivity.csv. */
function sweepFindings(dir: string, plan: Plan): string[] {
  const runs = parseSweepRuns(
    readFileSync(join(dir, "runs.csv"), "utf8"),
    plan.policies.map((p) => p.id),
    plan.uncertainties.map((u) => u.id),
    plan.outcomes.map((o) => o.id),
  );
  const sens = join(dir, "sensitivity.csv");
  return sweepSentences(runs, plan.outcomes.map((o) => o.unit), existsSync(sens) ? readFileSync(sens, "utf8") : undefined);
}

/** A failed run as printed: which run, where in the design, its seed and why. */
export function failureLine(plan: Plan, o: RunOutcome): string {
  const ref = runRef(plan, o.run);
  return `run ${o.run} (point ${ref.point}, policy ${plan.policies[ref.policy]!.id}, replication ${ref.replication}, seed ${o.seed}): ${o.error}`;
}

/**
 * Where a sweep's (or a merge's) results will go, checked before any work: an existing folder
 * is replaced only with --force, and only if airace wrote it.
 */
export function checkDestination(dir: string, force: boolean, resume = false): void {
  checkOutput(dir);
  if (!existsSync(dir)) return;
  if (!force) {
    throw new CliError(EXIT.input, [
      resume ? `${dir} already exists: the unfinished sweep would replace it; add --force to --resume.` : `${dir} already exists; use --force to replace it or --out to choose another folder.`,
    ]);
  }
  if (!isReplaceable(dir) && !isSweepFolder(dir)) throw new CliError(EXIT.input, [`${dir} exists and is not an airace results folder; --force replaces only results folders: choose another --out.`]);
}

/** A sweep with failed runs is published but exits 3, so that scripts notice. */
export function failIfRunsFailed(r: Executed, runs: number, dir: string): void {
  if (r.failures > 0) {
    throw new CliError(EXIT.failed, [`${r.failures} of ${runs} runs failed (status "failed" in ${dir}/runs.csv, with each run's seed and reason); the statistics leave them out.`]);
  }
}

export function loadPlanOrFail(source: PlanSource, what: string, warn?: (text: string) => void): LoadedPlan {
  const r = loadPlan(source);
  if (!r.ok) {
    const n = r.issues.length;
    throw new CliError(EXIT.input, [...r.issues.map(formatIssue), `${n} problem${n === 1 ? "" : "s"} found in ${what}; nothing was run.`]);
  }
  for (const w of r.warnings) warn?.(`warning: ${w.message}`);
  return r.value;
}

export interface Executed {
  /** A dry run: planned and estimated only. */
  dry?: boolean;
  start: number;
  /** The command's seconds so far (since the process started): what the estimate estimated. */
  seconds: number;
  failures: number;
  /** Files of the published folder, in the order to list them. */
  files: string[];
  /** The sweep's data digest (dataDigest), once published. */
  dataDigest?: string;
}

/**
 * Estimates, asks for --yes when large, runs (or resumes) a plan into `<dir>.partial` and
 * publishes `<dir>`. `analyse` adds files computed at the end (it may read runs.csv back), and
 * `analysis` says what it costs, for the estimate.
 */
export async function executePlan(
  source: PlanSource,
  loaded: LoadedPlan,
  dir: string,
  opts: SweepOptions,
  resumeHint: string,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
  analyse: (collector: PointCollector, folder: SweepFolder) => Map<string, string>,
  analysis: Analysis = {},
): Promise<Executed> {
  const started = new Date();
  const workers = parseWorkers(opts.workers);
  const { plan, digest } = loaded;
  // the output first: a sweep refused there should not print its plan and estimate
  checkOutput(dir);
  const pending = SweepFolder.pending(dir);
  if (opts.resume && pending === undefined) {
    throw new CliError(EXIT.input, [`nothing to resume: no unfinished sweep in ${SweepFolder.partialOf(dir)}; run without --resume to start one.`]);
  }
  if (opts.resume && pending !== undefined && pending.digest !== digest) {
    throw new CliError(EXIT.input, [`${SweepFolder.partialOf(dir)} belongs to another experiment, or to another version of this one (its files or scenario changed); start over with --force`]);
  }
  if (!opts.resume && pending !== undefined && !opts.force) {
    throw new CliError(EXIT.input, [
      `an unfinished sweep of this experiment is in ${SweepFolder.partialOf(dir)} (${pending.done} of ${pending.runs} runs done);`,
      existsSync(dir) ? `finish it with --resume --force (it replaces the finished ${dir}), or start over with --force.` : "finish it with --resume, or start over with --force.",
    ]);
  }
  const say = opts.quiet ? () => {} : print;
  const first = opts.resume && pending !== undefined ? pending.done : 0;
  const remaining = plan.runs - first;
  // the probe computes the first runs left: they are written first, below
  const est = estimate(plan, { from: first, to: plan.runs }, { workers, cores: Math.max(1, availableParallelism()), auto: opts.workers === undefined }, { analysis });
  if (plan.design.type === "sobol" && (plan.design.saltelli.n & (plan.design.saltelli.n - 1)) !== 0) {
    say(`  note: samples ${plan.design.saltelli.n} is not a power of 2; the Sobol sequence is balanced only at powers of 2 (use ${2 ** Math.round(Math.log2(plan.design.saltelli.n))})`);
  }
  say(`${plan.experiment.name}: ${plan.experiment.title}`);
  say(`  ${designLine(plan)}; ${plan.outcomes.length} outcome${plan.outcomes.length === 1 ? "" : "s"}`);
  say(`  ${estimateLine(est, workers, remaining < plan.runs ? remaining : undefined)}`);
  const over = [
    plan.runs > LIMITS.runs ? `more than ${LIMITS.runs.toLocaleString("en")} runs` : "",
    est.seconds > LIMITS.seconds ? `over ${humanSeconds(LIMITS.seconds)}` : "",
    est.bytes > LIMITS.bytes ? `over ${humanBytes(LIMITS.bytes)} of disk` : "",
  ].filter(Boolean);
  if (opts.dryRun) {
    say(over.length > 0 ? `  (a sweep this large would need --yes: ${over.join(", ")})` : "");
    say(`  would write ${dir}/; a dry run: nothing was run or written.`);
    return { start: 0, seconds: 0, failures: 0, files: [], dry: true };
  }
  if (over.length > 0 && !opts.yes) {
    throw new CliError(EXIT.input, [`this sweep is large (${over.join(", ")}); add --yes to run it anyway, or shrink the design.`]);
  }
  // where the results will go, checked now rather than after the last run: a finished folder
  // is replaced only with --force, and only if airace wrote it
  checkDestination(dir, opts.force === true, opts.resume === true);

  const files: string[] = [];
  let data: string;
  const keepMeans = hasSensitivity(plan);
  const collector = new PointCollector(plan, keepMeans);
  const series = plan.timeseries.runs !== "none";
  const headers = new Map([
    ["runs.csv", runsHeader(plan)],
    ["points.csv", pointsHeader(plan)],
  ]);
  if (series) headers.set("timeseries.csv", SERIES_HEADER);
  let folder: SweepFolder;
  try {
    if (opts.resume) {
      folder = SweepFolder.resume(dir, digest, [...headers.keys()]);
      folder.forEachRow("runs.csv", (line) => {
        const r = parseRunsRow(plan, line);
        if (r.run >= (folder as SweepFolder).progress.done) return;
        collector.add(r.run, r.ok, r.values);
      });
      if (collector.next !== folder.progress.done) throw new SweepBusyError(`${folder.partial}/runs.csv holds ${collector.next} runs, its progress says ${folder.progress.done}: start over with --force`);
      say(`  resuming at run ${folder.progress.done} of ${plan.runs}`);
    } else {
      folder = SweepFolder.create(dir, digest, plan.runs, headers);
    }
  } catch (e) {
    if (e instanceof SweepBusyError) throw new CliError(EXIT.input, [e.message]);
    throw e;
  }

  const start = folder.progress.done;
  // the probe's runs, unless another process moved the folder on meanwhile
  const probed = est.outcomes[0]?.run === start ? est.outcomes : [];
  setInterruptNote(`the runs recorded in ${folder.partial} are kept; finish them with: ${resumeHint}`);
  let shown = 0;
  const write = (outcomes: readonly RunOutcome[]) => {
    let runs = "";
    let points = "";
    let ts = "";
    for (const o of outcomes) {
      runs += runsRow(plan, o, pointValues(plan, runRef(plan, o.run).point));
      points += collector.add(o.run, o.ok, o.values);
      if (series && keepsSeries(plan, o.run)) ts += o.series;
      if (!o.ok) {
        if (shown < 10) printErr(failureLine(plan, o));
        shown++;
      }
    }
    folder.appendBatch(collector.next, [["runs.csv", runs], ["points.csv", points], ["timeseries.csv", ts]]);
  };

  const bar = !opts.quiet && process.stderr.isTTY && plan.runs - start > 1
    ? new SingleBar({ format: "  {bar} {value}/{total} runs | {rate} runs/s | {left}", stream: process.stderr, hideCursor: true })
    : undefined;
  bar?.start(plan.runs, start, { rate: "-", left: "" });
  const t0 = performance.now();
  const base = start + probed.length;
  const tick = () => {
    if (bar === undefined) return;
    const rate = (collector.next - base) / Math.max(1e-3, (performance.now() - t0) / 1000);
    bar.update(collector.next, { rate: rate.toFixed(0), left: rate > 0 ? `${humanSeconds((plan.runs - collector.next) / rate)} left` : "" });
  };
  // batches of ~0.2 s of work (and at least 4 a thread): short enough to stop quickly and to
  // share a short sweep out, long enough to cost little
  const batch = est.batch;
  let stopped: boolean;
  try {
    if (probed.length > 0) write(probed);
    tick();
    let from = base;
    const next = (): BatchTask | undefined => {
      if (from >= plan.runs) return undefined;
      const task = { from, to: Math.min(plan.runs, from + batch) };
      from = task.to;
      return task;
    };
    stopped = await runBatches(plan, source, digest, est.workers, next, write, tick, stopRequested, est.executor);
  } catch (e) {
    // keep what was written: the folder stays consistent and resumable. The collector may
    // have counted a batch whose rows did not all reach the disk; the folder counts only
    // batches written whole.
    bar?.stop();
    try {
      folder.commit(folder.progress.done, true);
    } catch {
      // the disk refused even that: the previous progress record stands, also consistent
    }
    folder.close();
    throw ioError(e, folder.partial, resumeHint);
  } finally {
    bar?.stop();
  }
  const keep = (): CliError => {
    try {
      folder.commit(collector.next, true);
    } catch (e) {
      folder.close();
      return ioError(e, folder.partial, resumeHint) as CliError;
    }
    folder.close();
    return new CliError(EXIT.interrupted, [`interrupted after ${collector.next} of ${plan.runs} runs; ${folder.partial} is consistent.`, `finish it with: ${resumeHint}`]);
  };
  if (stopped || collector.next < plan.runs) throw keep();
  try {
    const extra = analyse(collector, folder);
    // a Ctrl-C during the last batch or the analysis (sensitivity bootstraps can take seconds):
    // the runs are recorded and resumable, and --resume then only analyses and publishes
    data = await publishSweep(folder, loaded, collector, extra, { started, workers: est.workers }, opts.force === true, stopRequested);
    files.push(...extra.keys());
  } catch (e) {
    if (e instanceof StoppedBeforePublish) throw keep();
    throw ioError(e, folder.partial, resumeHint);
  }
  return {
    start,
    seconds: performance.now() / 1000,
    failures: collector.failures,
    files: ["runs.csv", "points.csv", ...(series ? ["timeseries.csv"] : []), ...files, "manifest.json"],
    dataDigest: data,
  };
}

/**
 * The end of a sweep (or a merge): the inputs' copies and the sensitivity indices join the
 * files, the manifest is written and the folder published. Returns the data digest.
 */
export async function publishSweep(
  folder: SweepFolder,
  loaded: LoadedPlan,
  collector: PointCollector,
  extra: Map<string, string>,
  meta: { started: Date; workers?: number; shards?: number },
  force: boolean,
  stopRequested: () => boolean,
): Promise<string> {
  const { plan, digest } = loaded;
  folder.commit(collector.next, true);
  for (const [name, text] of loaded.inputs) extra.set(name, text);
  if (hasSensitivity(plan)) extra.set("sensitivity.csv", sensitivityCsv(plan, collector));
  // everything before was synchronous: a Ctrl-C during it comes in here, before the publish
  const commit = await gitCommit();
  await signalsDelivered();
  if (stopRequested()) throw new StoppedBeforePublish();
  const finished = new Date();
  let data = "";
  folder.publish(
    extra,
    (files) => {
      data = dataDigest(files);
      return sweepManifest(plan, digest, files, { ...meta, finished, failures: collector.failures, commit });
    },
    force,
  );
  return data;
}

/** A Ctrl-C came before the folder was published: nothing is published. */
export class StoppedBeforePublish extends Error {}

/** A failure to write (disk full, permissions) as a bad-input error saying how to go on. */
export function ioError(e: unknown, partial: string, resumeHint: string): unknown {
  if (e instanceof SweepBusyError) return new CliError(EXIT.input, [e.message]);
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof CliError || typeof code !== "string") return e;
  return new CliError(EXIT.input, [`cannot write the sweep's files in ${partial}: ${code} (${(e as Error).message})`, `the runs written so far are kept; fix the cause and finish with: ${resumeHint}`]);
}

/**
 * Heap limits for a sweep's worker threads [MB]. A worker of a summary-only sweep holds one
 * scenario and a batch of outcome values, but V8 sizes each thread's heap from the machine's
 * memory and lets it grow far past what it holds before it collects: a million-run sweep on
 * two workers peaked at about 510 MB, and about 250 MB with these limits (README,
 * "Performance"). A sweep that keeps time series holds whole batches of rows in a worker,
 * which can be far larger, so it keeps V8's defaults.
 */
export function workerHeapLimits(plan: Plan): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } | undefined {
  return plan.timeseries.runs === "none" ? { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 } : undefined;
}

/**
 * Runs the batches `next` hands out (until it returns undefined) on `workers` threads: this
 * one, and `workers - 1` worker threads in a pool. This thread computes batches too, between
 * keeping the workers' queues full and writing: it has already loaded the plan and warmed up
 * on the estimate's probe runs (`ex`, the probe's executor), whereas each worker thread first
 * loads the code and warms up (and holds its own copy of the libraries), so on two cores one
 * worker beside this thread goes further than two beside an idle one. Each batch's outcomes go
 * to `write` in the order the batches were handed out; an error from `write` (a full disk) is
 * thrown as it is, a worker's failure as a CliError. Returns whether it was stopped.
 */
export async function runBatches(
  plan: Plan,
  source: PlanSource,
  digest: string,
  workers: number,
  next: () => BatchTask | undefined,
  write: (outcomes: readonly RunOutcome[]) => void,
  tick: () => void,
  stopRequested: () => boolean,
  ex: Executor = new Executor(plan),
): Promise<boolean> {
  const threads = workers - 1;
  const pool =
    threads > 0
      ? new Piscina({
          filename: fileURLToPath(new URL("./sweep-worker.js", import.meta.url)),
          minThreads: threads,
          maxThreads: threads,
          // up to three batches go to a worker at once, so that it has work while this thread
          // computes its own batch and cannot hand it the next one
          concurrentTasksPerWorker: 3,
          // and each batch's outcomes come back as soon as it is done: with piscina's default
          // (a worker that waits for tasks on Atomics), a worker answers the batches it was
          // given together once the last is done, and this thread, which writes in order,
          // stalled at its run-ahead bound for about a fifth of a two-thread sweep
          atomics: "disabled",
          idleTimeout: 60_000,
          workerData: { source, digest } satisfies WorkerData,
          resourceLimits: workerHeapLimits(plan),
        })
      : undefined;
  const done = new Map<number, RunOutcome[]>();
  let nextWrite = 0;
  let nextSend = 0;
  let exhausted = false;
  let inFlight = 0;
  let failure: Error | undefined;
  let writeError: unknown;
  let stopped = false;
  const window = threads * 3;
  let wake: (() => void) | undefined;
  const finished = (seq: number, out: RunOutcome[]) => {
    done.set(seq, out);
    try {
      while (writeError === undefined && done.has(nextWrite)) {
        const chunk = done.get(nextWrite) as RunOutcome[];
        done.delete(nextWrite);
        write(chunk);
        nextWrite++;
      }
    } catch (e) {
      writeError = e;
    }
    tick();
  };
  const take = (): { seq: number; task: BatchTask } | undefined => {
    const task = next();
    if (task === undefined) {
      exhausted = true;
      return undefined;
    }
    return { seq: nextSend++, task };
  };
  let running = true;
  // a worker that fails between tasks (piscina emits it on the pool) stops the sweep too
  pool?.on("error", (e: unknown) => {
    if (!running) return; // the pool being torn down after the last batch
    failure ??= e as Error;
    wake?.();
  });
  try {
    for (;;) {
      if (failure !== undefined || writeError !== undefined) break;
      if (stopRequested()) stopped = true;
      while (pool !== undefined && !stopped && !exhausted && inFlight < window) {
        const t = take();
        if (t === undefined) break;
        inFlight++;
        (pool.run(t.task) as Promise<RunOutcome[]>).then(
          (out) => {
            inFlight--;
            finished(t.seq, out);
            wake?.();
          },
          (e: unknown) => {
            inFlight--;
            failure ??= e as Error;
            wake?.();
          },
        );
      }
      // this thread runs ahead of the oldest unwritten batch by a bounded amount only: its
      // outcomes wait in memory until the workers' earlier batches are written
      const mine = !stopped && !exhausted && nextSend - nextWrite <= 4 * window ? take() : undefined;
      if (mine !== undefined) {
        finished(mine.seq, runTask(ex, mine.task));
        // let the workers' results in (and a Ctrl-C) before the next batch
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (inFlight === 0) break;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    running = false;
    await pool?.destroy();
  }
  if (writeError !== undefined) throw writeError;
  if (failure !== undefined) {
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === "ERR_WORKER_OUT_OF_MEMORY") {
      const limit = workerHeapLimits(plan);
      throw new CliError(EXIT.failed, [
        `a worker thread ran out of memory${limit === undefined ? "" : ` (a summary-only sweep limits each worker's heap to ${limit.maxOldGenerationSizeMb} MB)`}`,
        "run it again with --workers 1 (a sweep keeps the runs written so far: add --resume), which computes in the main thread without that limit.",
      ]);
    }
    if (typeof code === "string" && !code.startsWith("ERR_WORKER")) throw failure;
    throw new CliError(EXIT.failed, [`a worker failed: ${failure.message}`, "the runs written so far are kept; fix the cause and finish with --resume."]);
  }
  return stopped;
}

export function sweepManifest(
  plan: Plan,
  digest: string,
  files: Record<string, { sha256: string; bytes: number }>,
  meta: { started: Date; finished: Date; workers?: number; shards?: number; failures: number; commit: string | null },
): string {
  const manifest = {
    format: SWEEP_MANIFEST_FORMAT,
    status: "complete",
    tool: { name: "airace", version: toolVersion(), model: MODEL_VERSION, commit: meta.commit },
    environment: { node: process.version, platform: platform(), arch: arch() },
    experiment: { name: plan.experiment.name, title: plan.experiment.title, files: plan.files, digest },
    scenario: { name: plan.scenarioName, sha256: plan.scenarioSha256, files: plan.template.files },
    seed: {
      master: plan.experiment.seed,
      seeds: plan.commonSeeds ? "common" : "independent",
      rule: plan.commonSeeds
        ? "run seed = hash53(master, scenario sha256, replication): the same at every point; policies share seeds"
        : "run seed = hash53(master, scenario sha256, point values, replication, repeat of equal values); policies share seeds",
    },
    horizon: plan.horizon,
    kind: plan.evaluation ? "evaluation" : plan.comparison ? "comparison" : "sweep",
    design: { type: plan.design.type, points: plan.points, policies: plan.policies.length, replications: plan.replications, runs: plan.runs },
    uncertainties: plan.uncertainties.map((u) => ({ id: u.id, path: u.path, distribution: describeDistribution(u.distribution), unit: u.unit, source: u.source })),
    policies: plan.policies.map((p) => ({ id: p.id, title: p.title })),
    outcomes: plan.outcomes.map((o) => ({ id: o.id, metric: o.metric, aggregate: o.aggregate, unit: o.unit, description: o.description })),
    failures: meta.failures,
    dataDigest: dataDigest(files),
    files,
    ...(meta.shards !== undefined ? { shards: meta.shards } : { workers: meta.workers }),
    started: meta.started.toISOString(),
    finished: meta.finished.toISOString(),
    wallSeconds: (meta.finished.getTime() - meta.started.getTime()) / 1000,
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}
