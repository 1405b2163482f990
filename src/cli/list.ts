/** `airace list`: the scenario library and the experiment library, with titles. */
import { readdirSync, readFileSync } from "node:fs";
import { EXPERIMENT_LIBRARY } from "../io/experiment-host.js";
import { join } from "node:path";
import { FileHost, libraryNames } from "../io/host.js";
import { LIBRARY_DIR } from "../io/package-info.js";
import { loadScenario } from "../scenario/load.js";

export function listCommand(print: (text: string) => void): void {
  const names = readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
  const width = Math.max(...names.map((n) => n.length), 4);
  for (const name of names) {
    const r = loadScenario(new FileHost(), join(LIBRARY_DIR, `${name}.yaml`));
    print(`${name.padEnd(width)}  ${r.ok ? r.value.scenario.title : "(invalid: airace validate shows why)"}`);
  }
  print(`\nRun one with: airace run <name> [--seed N]`);
  const experiments = libraryNames(EXPERIMENT_LIBRARY);
  if (experiments.length === 0) return;
  print("\nExperiments (scenarios/experiments/):");
  const w = Math.max(...experiments.map((n) => n.length), 4);
  for (const name of experiments) {
    const text = readFileSync(join(EXPERIMENT_LIBRARY, `${name}.yaml`), "utf8");
    const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? "";
    print(`${name.padEnd(w)}  ${title}`);
  }
  print(`\nRun one with: airace sweep <name> (airace sweep <name> --dry-run shows its size first)`);
}
