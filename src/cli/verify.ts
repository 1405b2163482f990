/**
 * `airace verify <results-dir>`: reruns a run from its manifest and resolved scenario and
 * checks that every data file is byte-identical to the one on disk and in the manifest.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { computeRun, DATA_FILES, sha256 } from "../io/results.js";
import { toolVersion } from "../io/package-info.js";
import { SWEEP_MANIFEST_FORMAT } from "../io/sweep-folder.js";
import { CliError, EXIT } from "./exit.js";
import { loadOrFail, runTooLong } from "./load.js";

interface Manifest {
  tool?: { version?: string };
  seed?: { master?: number };
  files?: Record<string, { sha256?: string }>;
  environment?: { node?: string };
}

export function verifyCommand(dir: string, print: (text: string) => void): void {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new CliError(EXIT.input, [`${manifestPath}: not found; is ${dir} a results folder of airace run?`]);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch (e) {
    throw new CliError(EXIT.input, [`${manifestPath}:1:1: not valid JSON (${(e as Error).message})`]);
  }
  if ((manifest as { format?: string }).format === SWEEP_MANIFEST_FORMAT) {
    const m = manifest as { kind?: string; scenario?: { name?: string }; design?: { replications?: number } };
    const again =
      m.kind === "evaluation"
        ? `run airace evaluate ${m.scenario?.name ?? "<scenario>"} --seeds ${m.design?.replications ?? "N"} --seed ${manifest.seed?.master ?? "S"} --out <new folder> and compare the sha256 of its evaluation.json and runs.csv with ${manifestPath}`
        : m.kind === "comparison"
          ? `run the same airace compare again with --out to a new folder (its scenarios are copied in ${dir} as scenario.*.resolved.yaml), and compare the sha256 of its files with ${manifestPath}`
          : `run its experiment again (a copy is in ${join(dir, "experiment.yaml")}) with --out to a new folder, and compare the sha256 of its files with ${manifestPath}`;
    throw new CliError(EXIT.input, [`${dir} is ${m.kind === "evaluation" ? "an evaluation" : m.kind === "comparison" ? "a comparison" : "a sweep"} folder; verify reruns single runs (folders of airace run).`, `To check it, ${again}.`]);
  }
  const seed = manifest.seed?.master;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) throw new CliError(EXIT.input, [`${manifestPath}: seed.master is missing or not a whole number`]);
  const loaded = loadOrFail(join(dir, "scenario.resolved.yaml"));
  const tooLong = runTooLong(loaded);
  if (tooLong !== undefined) throw new CliError(EXIT.input, [`${tooLong}; nothing was rerun.`]);
  const result = computeRun(loaded, seed);
  const notes: string[] = [];
  if (manifest.tool?.version !== toolVersion()) notes.push(`note: written by airace ${manifest.tool?.version ?? "?"}, verified with ${toolVersion()}`);
  if (manifest.environment?.node !== process.version) notes.push(`note: written with Node ${manifest.environment?.node ?? "?"}, verified with ${process.version}; the data files should not depend on it (a difference is a bug)`);
  const differ: string[] = [];
  for (const name of DATA_FILES) {
    const fresh = sha256(result.files.get(name) ?? "");
    const recorded = manifest.files?.[name]?.sha256;
    const path = join(dir, name);
    const onDisk = existsSync(path) ? sha256(readFileSync(path, "utf8")) : undefined;
    const problems: string[] = [];
    if (onDisk === undefined) problems.push("missing on disk");
    else if (onDisk !== fresh) problems.push("the file on disk differs from the rerun");
    if (recorded === undefined) problems.push("not listed in the manifest");
    else if (recorded !== fresh) problems.push("the manifest's sha256 differs from the rerun");
    if (problems.length > 0) differ.push(name);
    print(`${problems.length === 0 ? "identical" : "DIFFERS  "}  ${name}${problems.length ? `: ${problems.join("; ")}` : ""}`);
  }
  for (const n of notes) print(n);
  if (differ.length > 0) throw new CliError(EXIT.failed, [`verify: ${differ.length} file(s) differ in ${dir}: ${differ.join(", ")}`]);
  print(`verified: rerunning seed ${seed} reproduces every data file of ${dir} byte for byte.`);
}
