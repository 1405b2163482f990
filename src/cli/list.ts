/**
 * `airace list`: the scenario library and the experiment library, with titles. It reads each
 * file's top-level `title:` line and nothing else: loading and checking every scenario took a
 * second, and `airace validate` is the command that checks them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { libraryNames } from "../io/host.js";
import { EXPERIMENT_LIBRARY, LIBRARY_DIR } from "../io/package-info.js";

/** The title on a file's top-level `title:` line (quoted or not), or undefined. */
export function titleLine(text: string): string | undefined {
  const line = /^title:[ \t]*(.*)$/m.exec(text)?.[0];
  if (line === undefined) return undefined;
  try {
    const value = (parse(line) as { title?: unknown } | null)?.title;
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function listCommand(print: (text: string) => void): void {
  const names = readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
  const width = Math.max(...names.map((n) => n.length), 4);
  for (const name of names) {
    const title = titleLine(readFileSync(join(LIBRARY_DIR, `${name}.yaml`), "utf8"));
    print(`${name.padEnd(width)}  ${title ?? `(no title: airace validate ${name} shows why)`}`);
  }
  print(`\nRun one with: airace run <name> [--seed N]`);
  const experiments = libraryNames(EXPERIMENT_LIBRARY);
  if (experiments.length === 0) return;
  print("\nExperiments (scenarios/experiments/):");
  const w = Math.max(...experiments.map((n) => n.length), 4);
  for (const name of experiments) {
    const title = titleLine(readFileSync(join(EXPERIMENT_LIBRARY, `${name}.yaml`), "utf8"));
    print(`${name.padEnd(w)}  ${title ?? `(no title: airace validate ${name} shows why)`}`);
  }
  print(`\nRun one with: airace sweep <name> (airace sweep <name> --dry-run shows its size first)`);
}
