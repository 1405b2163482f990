/** Loading a scenario for a command, turning issues into a bad-input error. */
import { namesExperiment } from "../io/experiment-ref.js";
import { outputProblem } from "../io/files.js";
import { FileHost } from "../io/host.js";
import { outputLengthProblem } from "../io/results.js";
import { metaOf } from "../scenario/located.js";
import type { LoadedScenario } from "../scenario/load.js";
import { loadScenario } from "../scenario/load.js";
import { formatIssue } from "../scenario/issues.js";
import { seedFromText } from "../engine/rng.js";
import { CliError, EXIT } from "./exit.js";

export function loadOrFail(ref: string, sets: readonly string[] = []): LoadedScenario {
  const result = loadScenario(new FileHost(), ref, sets);
  if (!result.ok) {
    experimentGiven(ref, "nothing was run");
    const n = result.issues.length;
    throw new CliError(EXIT.input, [...result.issues.map(formatIssue), `${n} problem${n === 1 ? "" : "s"} found in ${ref}; nothing was run.`]);
  }
  return result.value;
}

/**
 * Why a run of the scenario could not write its files (outputLengthProblem), as an error at
 * the scenario's `end` (in the file, or --set, that gave it); undefined if it can.
 */
export function runTooLong(loaded: LoadedScenario): string | undefined {
  const problem = outputLengthProblem(loaded);
  if (problem === undefined) return undefined;
  const pos = metaOf(loaded.resolved)?.keys.get("end")?.value ?? { file: loaded.files[0] ?? "<scenario>", line: 1, col: 1 };
  return formatIssue({ pos, path: "end", message: problem });
}

/**
 * An experiment given where a scenario was expected: one message that says which command runs
 * it, rather than the scenario schema's complaint about each of its keys. Throws if `ref` names
 * an experiment; `what`: what did not happen.
 */
export function experimentGiven(ref: string, what: string): void {
  if (namesExperiment(ref)) {
    throw new CliError(EXIT.input, [`${ref} is an experiment, not a scenario: run it with airace sweep ${ref} (docs/experiments.md); ${what}.`]);
  }
}

/** Parses --seed: a whole number from 0 to 2^53 - 1. */
export function parseSeed(text: string): number {
  const seed = seedFromText(text);
  if (seed === undefined) throw new CliError(EXIT.input, [`--seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${text}"`]);
  return seed;
}

/**
 * Refuses, before any work, an output that cannot be written: under a file, on a file system
 * that holds no files (/proc), or in a folder without write permission. `file`: the output is
 * a file, not a folder.
 */
export function checkOutput(target: string, file = false, flag = "--out"): void {
  const problem = outputProblem(target, file, flag);
  if (problem !== undefined) throw new CliError(EXIT.input, [`${problem}; nothing was written.`]);
}
