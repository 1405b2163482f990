/**
 * Messages between the explorer page and its web worker (which holds an ExplorerSession).
 * Every request carries an id; the reply carries it back.
 */
import type { MetricLayout } from "../engine/metrics.js";
import type { RunProgress, ScenarioInfo } from "./session.js";

export type Request =
  | { type: "open"; id: number; entry: string; upload?: { name: string; text: string } }
  /** Slider positions that differ from the scenario's, and further `--set` overrides. */
  | { type: "configure"; id: number; levers: Record<string, number>; extra: string[]; seed: number }
  | { type: "advance"; id: number; to: number }
  | { type: "files"; id: number };

export type Reply =
  | { type: "opened"; id: number; info: ScenarioInfo }
  /** `sets`: every override the run uses, sliders' first: the command line that reproduces it. */
  | { type: "configured"; id: number; layout: MetricLayout; sets: string[] }
  /** `frames` holds steps [from, progress.recorded). */
  | { type: "progress"; id: number; from: number; frames: Float64Array; progress: RunProgress; failure?: string }
  | { type: "files"; id: number; files: [string, string][] }
  /** Bad input (scenario problems, as `file:line:col path: message`) or a failed run. */
  | { type: "error"; id: number; messages: string[] };
