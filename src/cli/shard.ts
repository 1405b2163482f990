/**
 * `airace sweep --plan <dir> --shard k`: runs shard k of a plan (airace plan) and publishes
 * its folder whole. The shard's runs follow from the plan alone (never from the scheduler's
 * environment), each with the seed it has in a one-machine sweep. A shard already published
 * is not run again (unless --force); two copies running at once both finish, and the second
 * to finish leaves the first's folder, which holds the same bytes.
 */
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import type { RunOutcome } from "../experiment/execute.js";
import { runsHeader, runsRow, SERIES_HEADER } from "../experiment/execute.js";
import { keepsSeries, pointValues, runRef } from "../experiment/plan.js";
import { shardRuns } from "../experiment/shards.js";
import type { PlanSource } from "../io/experiment-host.js";
import type { PlanFile, ShardFile } from "../io/shard-folder.js";
import { PlanError, readPlanFile, readShard, shardDir, ShardWriter } from "../io/shard-folder.js";
import { CliError, EXIT } from "./exit.js";
import { signalsDelivered } from "./interrupt.js";
import { checkOutput } from "./load.js";
import type { BatchTask } from "./sweep-worker.js";
import { estimate } from "./estimate.js";
import { failureLine, humanSeconds, loadPlanOrFail, parseWorkers, runBatches } from "./sweep.js";

export interface ShardOptions {
  workers?: string;
  force?: boolean;
  quiet?: boolean;
}

/** The plan folder, given as the folder or as its plan.json. */
export function planDirOf(arg: string): string {
  return basename(arg) === "plan.json" && existsSync(arg) && statSync(arg).isFile() ? dirname(arg) : arg;
}

/** The plan file, or a bad-input error saying what is wrong with the folder. */
export function readPlanOrFail(dir: string): PlanFile {
  try {
    return readPlanFile(dir);
  } catch (e) {
    if (e instanceof PlanError) throw new CliError(EXIT.input, [e.message]);
    throw e;
  }
}

/** The experiment as planned, checked unchanged since (same digest). */
export function loadPlannedOrFail(dir: string, file: PlanFile) {
  if (!existsSync(file.experiment.path)) {
    throw new CliError(EXIT.input, [`${file.experiment.path}: not found; the plan in ${dir} was made from it (every machine must see the experiment and its scenarios at the same path)`]);
  }
  const source: PlanSource = { kind: "experiment", ref: file.experiment.path };
  const loaded = loadPlanOrFail(source, file.experiment.path);
  if (loaded.digest !== file.experiment.digest) {
    throw new CliError(EXIT.input, [
      `the experiment, its scenarios or the airace version changed since ${dir} was planned (digest ${loaded.digest.slice(0, 8)}, the plan's ${file.experiment.digest.slice(0, 8)}): the runs would not be the planned ones.`,
      `restore them, or plan again with: airace plan ${file.experiment.path} --shards ${file.shards} --out ${dir} --force`,
    ]);
  }
  return { source, loaded };
}

export function parseShardIndex(text: string, file: PlanFile): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) >= file.shards) {
    throw new CliError(EXIT.input, [`--shard: expected a whole number from 0 to ${file.shards - 1} (the plan has ${file.shards} shards), got "${text}"`]);
  }
  return Number(text);
}

export async function shardCommand(
  planArg: string,
  shardText: string,
  opts: ShardOptions,
  print: (text: string) => void,
  printErr: (text: string) => void,
  stopRequested: () => boolean,
): Promise<void> {
  const dir = planDirOf(planArg);
  const file = readPlanOrFail(dir);
  const k = parseShardIndex(shardText, file);
  const workers = opts.workers === undefined ? 1 : parseWorkers(opts.workers);
  const { source, loaded } = loadPlannedOrFail(dir, file);
  const { plan, digest } = loaded;
  const say = opts.quiet ? () => {} : print;
  const target = shardDir(dir, k, file.shards);
  const existing = readShard(dir, k, file);
  if (existing.ok && !opts.force) {
    say(`shard ${k} of ${file.shards} is already done (${target}); nothing to do (--force runs it again).`);
    return;
  }
  checkOutput(target);
  if (existsSync(target)) {
    if (!existing.ok && !opts.force) throw new CliError(EXIT.input, [`${target} exists but cannot be used: ${existing.why}; rerun with --force to replace it.`]);
    rmSync(target, { recursive: true, force: true });
  }
  const runs = shardRuns(plan.runs, file.shards, k);
  // the probe computes the shard's first runs: they are written first, below
  const est = estimate(plan, { runs }, { workers, cores: Math.max(1, availableParallelism()), auto: false });
  say(`${plan.experiment.name}, shard ${k} of ${file.shards}: ${runs.length} runs, about ${humanSeconds(est.seconds)} in all on ${est.workers} worker${est.workers === 1 ? "" : "s"}`);
  const series = plan.timeseries.runs !== "none";
  const headers = new Map([["runs.csv", runsHeader(plan)]]);
  if (series) headers.set("timeseries.csv", SERIES_HEADER);
  const writer = new ShardWriter(dir, k, file.shards, headers);
  const started = new Date();
  let failures = 0;
  let written = 0;
  const write = (outcomes: readonly RunOutcome[]) => {
    let rows = "";
    let ts = "";
    for (const o of outcomes) {
      rows += runsRow(plan, o, pointValues(plan, runRef(plan, o.run).point));
      if (series && keepsSeries(plan, o.run)) ts += o.series;
      if (!o.ok) {
        if (failures < 10) printErr(failureLine(plan, o));
        failures++;
      }
    }
    writer.append("runs.csv", rows);
    if (series) writer.append("timeseries.csv", ts);
    written += outcomes.length;
  };
  const batch = est.batch;
  let at = est.outcomes.length;
  const next = (): BatchTask | undefined => {
    if (at >= runs.length) return undefined;
    const task = { runs: runs.slice(at, at + batch) };
    at += task.runs.length;
    return task;
  };
  let stopped: boolean;
  try {
    if (est.outcomes.length > 0) write(est.outcomes);
    stopped = await runBatches(plan, source, digest, est.workers, next, write, () => {}, stopRequested, est.executor);
  } catch (e) {
    writer.abort();
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") throw new CliError(EXIT.input, [`cannot write shard ${k} in ${writer.temp}: ${code} (${(e as Error).message}); nothing was published, run the shard again.`]);
    throw e;
  }
  await signalsDelivered();
  if (stopped || stopRequested() || written < runs.length) {
    writer.abort();
    throw new CliError(EXIT.interrupted, [`interrupted after ${written} of ${runs.length} runs; shard ${k} was not published (run the same command again).`]);
  }
  const finished = new Date();
  const meta = { shard: k, shards: file.shards, digest, runs: runs.length, failures, started: started.toISOString(), finished: finished.toISOString() };
  let mine: ShardFile["files"] = {};
  let published: boolean;
  try {
    published = writer.publish(meta, (files) => (mine = files));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") throw new CliError(EXIT.input, [`cannot publish shard ${k} at ${target}: ${code} (${(e as Error).message}); run the shard again.`]);
    throw e;
  }
  // the command's seconds, as the estimate counts them
  const seconds = performance.now() / 1000;
  if (!published) {
    // another copy finished first: its files must be ours, byte for byte
    const theirs = (JSON.parse(readFileSync(join(target, "shard.json"), "utf8")) as ShardFile).files;
    const same = Object.keys(mine).every((name) => theirs[name]?.sha256 === mine[name]?.sha256);
    if (!same) throw new CliError(EXIT.bug, [`another copy of shard ${k} published different bytes in ${target}: this is a bug in airace (runs must depend only on the plan); please report it.`]);
    say(`shard ${k} of ${file.shards} was published by another copy while this one ran; the files are identical, so they are kept.`);
    return;
  }
  say(`shard ${k} of ${file.shards}: ${runs.length} runs in ${humanSeconds(seconds)}, ${failures} failed; published in ${target}/`);
  if (failures > 0) say(`  the failed runs are recorded (status "failed"); airace merge reports them.`);
}
