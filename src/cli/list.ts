/** `airace list`: the scenario library with titles. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FileHost } from "../io/host.js";
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
}
