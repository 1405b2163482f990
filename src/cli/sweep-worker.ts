/**
 * A worker thread of a sweep (run by piscina): builds the plan once from its source (an
 * experiment file or two scenarios to compare), checks that it is the one the main thread
 * planned (same digest), and computes batches of runs.
 */
import { workerData } from "node:worker_threads";
import { Executor } from "../experiment/execute.js";
import type { RunOutcome } from "../experiment/execute.js";
import type { PlanSource } from "../io/experiment-host.js";
import { loadPlan } from "../io/experiment-host.js";

export interface WorkerData {
  source: PlanSource;
  digest: string;
}

/** Runs from..to-1, or the runs listed (a shard's). */
export type BatchTask = { from: number; to: number } | { runs: number[] };

let executor: Executor | undefined;

function setup(): Executor {
  const data = workerData as WorkerData;
  // the main thread has checked the plan (its probes included): rebuild it without them
  const loaded = loadPlan(data.source, { probe: false });
  if (!loaded.ok) throw new Error(`the experiment no longer loads: ${loaded.issues[0]?.message ?? ""}`);
  if (loaded.value.digest !== data.digest) throw new Error("the experiment or its scenarios changed on disk while the sweep ran");
  return new Executor(loaded.value.plan);
}

/** The outcomes of a batch's runs, in order (in a worker, or in the main thread). */
export function runTask(ex: Executor, task: BatchTask): RunOutcome[] {
  const out: RunOutcome[] = [];
  if ("runs" in task) for (const r of task.runs) out.push(ex.run(r));
  else for (let r = task.from; r < task.to; r++) out.push(ex.run(r));
  return out;
}

export default function runBatch(task: BatchTask): RunOutcome[] {
  executor ??= setup();
  return runTask(executor, task);
}
