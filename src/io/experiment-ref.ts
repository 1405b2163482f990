/**
 * What a reference given for a scenario or an experiment names: a library name or a path, and
 * whether a file is an experiment or a scenario, told from its top-level keys without parsing
 * it. Kept apart from the loading of experiments so that commands on scenarios (run, validate)
 * can ask without loading the experiment planner.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isRecord } from "../engine/path.js";
import { MAX_FILE_BYTES } from "../scenario/text.js";
import { EXPERIMENT_LIBRARY, LIBRARY_DIR } from "./package-info.js";

/** A name in a library (scenarios/ or scenarios/experiments/), as opposed to a path. */
export const LIBRARY_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Where an experiment reference points: a library name or a path. */
export function experimentPath(ref: string): string {
  if (LIBRARY_NAME.test(ref) && !ref.endsWith(".yaml")) return join(EXPERIMENT_LIBRARY, `${ref}.yaml`);
  return resolve(ref);
}

/** Keys only an experiment has beside `scenario` (a scenario file has none of them). */
const EXPERIMENT_KEYS = ["outcomes", "uncertainties", "policies", "design", "replications"];

/**
 * Whether a file looks like an experiment (it names a scenario, with outcomes, uncertainties,
 * policies, a design or replications) rather than a scenario (countries, firms): used to check
 * either kind with one command, and to say which command a file is for. Read from its top-level
 * keys, in YAML or JSON, so that a file with mistakes is still told apart.
 */
export function fileKind(path: string): "experiment" | "scenario" | "unknown" {
  try {
    // only what the loader would read: /dev/zero or a pipe would never end, and a huge file
    // is refused by the loader with its limit
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return "unknown";
    const text = readFileSync(path, "utf8");
    const keys = new Set([...text.matchAll(/^["']?([A-Za-z$][A-Za-z0-9_]*)["']?[ \t]*:/gm)].map((m) => m[1]));
    if (keys.size === 0 && /^\s*\{/.test(text)) {
      try {
        const value: unknown = JSON.parse(text);
        if (isRecord(value)) for (const k of Object.keys(value)) keys.add(k);
      } catch {
        // not JSON either: the loader will say where
      }
    }
    if (keys.has("scenario") && EXPERIMENT_KEYS.some((k) => keys.has(k))) return "experiment";
    if (keys.has("countries") || keys.has("firms") || keys.has("extends")) return "scenario";
  } catch {
    // unreadable: the loader will say why
  }
  return "unknown";
}

/**
 * Whether a reference given for a scenario or an experiment names an experiment: a path (it
 * has a slash or a dot) by the file's content, a name by the libraries (a scenario of that name
 * comes first).
 */
export function namesExperiment(ref: string): boolean {
  if (/[/\\.]/.test(ref)) return existsSync(ref) && fileKind(ref) === "experiment";
  return !existsSync(join(LIBRARY_DIR, `${ref}.yaml`)) && existsSync(experimentPath(ref));
}
