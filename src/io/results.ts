/**
 * One run from a loaded scenario to its results folder: simulate, render the data files,
 * hash them, write the manifest, publish the folder atomically.
 */
import { createHash } from "node:crypto";
import { arch, platform } from "node:os";
import { join } from "node:path";
import type { RunSpec, RunState } from "../engine/run.js";
import { runToEnd, startRun, step, streamSeeds } from "../engine/run.js";
import { makeLayout, SeriesRecorder } from "../engine/metrics.js";
import type { World } from "../model/index.js";
import { MODEL_VERSION } from "../model/index.js";
import type { RunSummary } from "../model/summary.js";
import { MAX_TEXT_LENGTH, runFiles, timeseriesLengthBound } from "../report/outputs.js";
import type { LoadedScenario } from "../scenario/load.js";
import { toRunSpec } from "../scenario/spec.js";
import { MANIFEST_FORMAT, publishFolder } from "./files.js";
import { toolVersion } from "./package-info.js";

export const DATA_FILES = ["timeseries.csv", "summary.json", "scenario.resolved.yaml"] as const;

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface RunResult {
  files: Map<string, string>;
  summary: RunSummary;
  state: RunState<World>;
  /** The run's series as recorded (what timeseries.csv holds, as numbers). */
  recorder: SeriesRecorder;
  scenarioSha256: string;
}

/** Runs and renders the data files in memory (no I/O). */
export function computeRun(loaded: LoadedScenario, seed: number): RunResult {
  const spec = toRunSpec(loaded, seed);
  checkOutputLength(loaded, spec);
  const rec = new SeriesRecorder();
  return renderRun(loaded, seed, runToEnd(startRun(spec, rec), rec).state, rec);
}

/** A run whose timeseries.csv would be longer than one string can be: refused before it is computed. */
export class OutputTooLarge extends Error {}

const MB = 1e6;

/**
 * Why a run of this scenario could not write its timeseries.csv (longer than one string could
 * be, timeseriesLengthBound), or undefined if it can. Known from the scenario alone: the
 * series a run records depend on its countries and firms and its clock, not on its seed.
 */
export function outputLengthProblem(loaded: LoadedScenario, spec: RunSpec<World, unknown> = toRunSpec(loaded, 0)): string | undefined {
  const layout = makeLayout(spec.model.metrics, spec.model.entities(spec.params));
  const bound = timeseriesLengthBound(layout, loaded.clock);
  if (bound <= MAX_TEXT_LENGTH) return undefined;
  return (
    `the run's timeseries.csv could take up to ${Math.ceil(bound / MB).toLocaleString("en-US")} MB (${layout.size.toLocaleString("en-US")} values a quarter over ${loaded.clock.labels.length} quarters), ` +
    `more than airace can write as one file (${Math.floor(MAX_TEXT_LENGTH / MB)} MB): shorten the horizon (end) or run fewer firms and countries`
  );
}

function checkOutputLength(loaded: LoadedScenario, spec: RunSpec<World, unknown>): void {
  const problem = outputLengthProblem(loaded, spec);
  if (problem !== undefined) throw new OutputTooLarge(problem);
}

export class Interrupted extends Error {
  constructor(readonly date: string) {
    super(`interrupted at ${date}`);
  }
}

/**
 * The same run, giving the event loop a turn every ~50 ms so that Ctrl-C is noticed while it
 * runs: `stop()` is asked at each turn, and a requested stop throws Interrupted.
 */
export async function computeRunInterruptible(loaded: LoadedScenario, seed: number, stop: () => boolean): Promise<RunResult> {
  const spec = toRunSpec(loaded, seed);
  checkOutputLength(loaded, spec);
  const rec = new SeriesRecorder();
  const run = startRun(spec, rec);
  if (stop()) throw new Interrupted(loaded.clock.labels[0] ?? "");
  let last = performance.now();
  while (step(run, rec)) {
    if ((run.state.step & 15) === 0 && performance.now() - last > 50) {
      await new Promise((r) => setImmediate(r));
      last = performance.now();
      if (stop()) throw new Interrupted(loaded.clock.labels[run.state.step] ?? "");
    }
  }
  rec.end();
  return renderRun(loaded, seed, run.state, rec);
}

function renderRun(loaded: LoadedScenario, seed: number, state: RunState<World>, rec: SeriesRecorder): RunResult {
  const { files, summary } = runFiles(loaded, seed, state, rec);
  return { files, summary, state, recorder: rec, scenarioSha256: sha256(files.get("scenario.resolved.yaml") ?? "") };
}

export interface RunMeta {
  seed: number;
  seedSource: "option" | "scenario" | "generated";
  sets: readonly string[];
  started: Date;
  /** The checkout's commit (gitCommit). */
  commit: string | null;
}

export function defaultResultsDir(loaded: LoadedScenario, seed: number, scenarioSha256: string, base = "results"): string {
  return join(base, loaded.scenario.name, `${seed}-${scenarioSha256.slice(0, 8)}`);
}

export function manifestJson(loaded: LoadedScenario, result: RunResult, meta: RunMeta): string {
  const finished = new Date();
  const spec = toRunSpec(loaded, meta.seed);
  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, text] of result.files) files[name] = { sha256: sha256(text), bytes: Buffer.byteLength(text, "utf8") };
  const manifest = {
    format: MANIFEST_FORMAT,
    status: "complete",
    tool: { name: "airace", version: toolVersion(), model: MODEL_VERSION, commit: meta.commit },
    environment: { node: process.version, platform: platform(), arch: arch() },
    scenario: { name: loaded.scenario.name, title: loaded.scenario.title, sha256: result.scenarioSha256, files: loaded.files, sets: meta.sets },
    seed: { master: meta.seed, source: meta.seedSource, streams: streamSeeds(meta.seed, spec.model.streams(spec.params)) },
    horizon: { start: loaded.scenario.start, end: loaded.scenario.end, steps: loaded.clock.steps },
    files,
    started: meta.started.toISOString(),
    finished: finished.toISOString(),
    wallSeconds: (finished.getTime() - meta.started.getTime()) / 1000,
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

export function writeResults(dir: string, loaded: LoadedScenario, result: RunResult, meta: RunMeta, force: boolean): void {
  const all = new Map(result.files);
  all.set("manifest.json", manifestJson(loaded, result, meta));
  publishFolder(dir, all, force);
}
