/**
 * `airace plan <experiment> --shards K`: fixes a sweep's runs and how they are divided among K
 * shards (src/experiment/shards.ts), in a plan folder that every machine of a cluster can see.
 * Each shard then runs with `airace sweep --plan <dir> --shard k`, anywhere, in any order, and
 * `airace merge <dir>` puts them together (docs/cluster.md).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { LoadedPlan } from "../io/experiment-host.js";
import { experimentPath, fileKind } from "../io/experiment-ref.js";
import { toolVersion } from "../io/package-info.js";
import type { PlanFile } from "../io/shard-folder.js";
import { PLAN_FORMAT, planPath, PlanError, readPlanFile, writePlanFile } from "../io/shard-folder.js";
import { MODEL_VERSION } from "../model/index.js";
import { SHARD_RULE, shardRuns, shardSize } from "../experiment/shards.js";
import { CliError, EXIT } from "./exit.js";
import { interrupted, signalsDelivered } from "./interrupt.js";
import { checkOutput } from "./load.js";
import type { Estimate } from "./estimate.js";
import { estimate } from "./estimate.js";
import { designLine, humanSeconds, loadPlanOrFail, parseWorkers } from "./sweep.js";

export interface PlanOptions {
  shards?: string;
  out?: string;
  workers?: string;
  force?: boolean;
  quiet?: boolean;
}

export interface MadePlan {
  dir: string;
  file: PlanFile;
  loaded: LoadedPlan;
  /** Time per shard (the largest), on the workers a shard will use: its whole command, start-up included. */
  perShard: Estimate;
  workers: number;
}

function parseShards(text: string | undefined, runs: number): number {
  if (text === undefined) throw new CliError(EXIT.input, ["--shards: how many shards? e.g. --shards 16 (each shard is one machine's or array task's share of the runs)"]);
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new CliError(EXIT.input, [`--shards: expected a whole number from 1 to ${runs} (the number of runs), got "${text}"`]);
  const k = Number(text);
  if (k > runs) throw new CliError(EXIT.input, [`--shards: ${k} shards for ${runs} runs would leave some empty; use at most ${runs}`]);
  return k;
}

/** Plans (or finds the same plan already made) and returns it. Shared with airace slurm. */
export async function makePlan(ref: string, opts: PlanOptions): Promise<MadePlan> {
  const path = experimentPath(ref);
  if (existsSync(path) && fileKind(path) === "scenario") {
    throw new CliError(EXIT.input, [`${ref} is a scenario, not an experiment: shards split an experiment's runs; see docs/experiments.md.`]);
  }
  const loaded = loadPlanOrFail({ kind: "experiment", ref }, ref);
  const { plan, digest } = loaded;
  const shards = parseShards(opts.shards, plan.runs);
  const workers = opts.workers === undefined ? 1 : parseWorkers(opts.workers);
  const base = join("results", plan.experiment.name, `${plan.experiment.seed}-${digest.slice(0, 8)}`);
  const dir = opts.out ?? `${base}-shards`;
  checkOutput(dir);
  const file: PlanFile = {
    format: PLAN_FORMAT,
    experiment: { ref, path: resolve(path), name: plan.experiment.name, title: plan.experiment.title, digest },
    runs: plan.runs,
    shards,
    rule: SHARD_RULE,
    sizes: Array.from({ length: shards }, (_, k) => shardSize(plan.runs, shards, k)),
    output: resolve(base),
    tool: { version: toolVersion(), model: MODEL_VERSION },
  };
  // planning (loading, probing the ranges) is synchronous: a Ctrl-C during it comes in here,
  // before anything is written or removed
  await signalsDelivered();
  if (interrupted()) throw new CliError(EXIT.interrupted, ["interrupted before the plan was written; nothing was written."]);
  if (existsSync(planPath(dir))) {
    let old: PlanFile;
    try {
      old = readPlanFile(dir);
    } catch (e) {
      if (e instanceof PlanError) throw new CliError(EXIT.input, [e.message]);
      throw e;
    }
    const same = old.experiment.digest === digest && old.shards === shards;
    if (!same && !opts.force) {
      throw new CliError(EXIT.input, [
        `${dir} holds another plan (${old.experiment.name}, ${old.shards} shards, digest ${old.experiment.digest.slice(0, 8)}); this one is ${shards} shards, digest ${digest.slice(0, 8)}.`,
        "use --force to replace it and its shards, or --out to choose another folder.",
      ]);
    }
    if (!same) {
      // shards of another plan would be refused by merge: remove ours, nothing else
      const shardsDir = join(dir, "shards");
      if (existsSync(shardsDir)) for (const f of readdirSync(shardsDir)) if (/^\.?shard-\d+/.test(f)) rmSync(join(shardsDir, f), { recursive: true, force: true });
    }
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(EXIT.input, [`${dir} exists and is not a plan folder; choose another --out.`]);
  }
  writePlanFile(dir, file);
  const largest = file.sizes.indexOf(Math.max(...file.sizes));
  const est = estimate(plan, { runs: shardRuns(plan.runs, shards, largest) }, { workers, cores: Math.max(1, availableParallelism()), auto: false }, { elsewhere: true });
  return { dir, file, loaded, perShard: est, workers };
}

/** Advice when shards are too short to be worth scheduling. */
export function shardAdvice(made: MadePlan): string | undefined {
  const perShard = made.perShard.seconds;
  if (perShard >= 60 || made.file.shards === 1) return undefined;
  const total = made.file.shards * perShard;
  if (total < 300) return `  note: each shard takes about ${humanSeconds(perShard)}, the whole sweep about ${humanSeconds(total)}: on one machine (airace sweep) it is simpler; shards pay when each runs for minutes.`;
  const better = Math.max(1, Math.floor(total / 300));
  return `  note: each shard takes about ${humanSeconds(perShard)}; a cluster task costs about a second to schedule, so shards of several minutes pay better (--shards ${better} gives about 5 min each).`;
}

export async function planCommand(ref: string, opts: PlanOptions, print: (text: string) => void): Promise<void> {
  const made = await makePlan(ref, opts);
  if (opts.quiet) return;
  const { dir, file, loaded } = made;
  const min = Math.min(...file.sizes);
  const max = Math.max(...file.sizes);
  print(`${loaded.plan.experiment.name}: ${loaded.plan.experiment.title}`);
  print(`  ${designLine(loaded.plan)}`);
  print(`  ${file.shards} shard${file.shards === 1 ? "" : "s"} of ${min === max ? min : `${min}-${max}`} runs, about ${humanSeconds(made.perShard.seconds)} each on ${made.workers} worker${made.workers === 1 ? "" : "s"}`);
  const advice = shardAdvice(made);
  if (advice) print(advice);
  print(`Plan written to ${planPath(dir)}. Run each shard on any machine that sees this folder:`);
  const shown = Math.min(file.shards, 3);
  for (let k = 0; k < shown; k++) print(`  airace sweep --plan ${dir} --shard ${k}`);
  if (file.shards > shown) print(`  ... and so on, to --shard ${file.shards - 1}`);
  print("then put them together (the same files as a one-machine sweep):");
  print(`  airace merge ${dir}`);
}
