/** `airace validate <files...>`: checks scenario files without running them. */
import { FileHost } from "../io/host.js";
import { formatIssue } from "../scenario/issues.js";
import { loadScenario } from "../scenario/load.js";
import { CliError, EXIT } from "./exit.js";

export function validateCommand(files: readonly string[], sets: readonly string[], print: (text: string) => void, printErr: (text: string) => void): void {
  let bad = 0;
  for (const file of files) {
    const result = loadScenario(new FileHost(), file, sets);
    if (result.ok) {
      print(`ok  ${file}  (${result.value.scenario.name}: ${result.value.scenario.title})`);
    } else {
      bad++;
      for (const issue of result.issues) printErr(formatIssue(issue));
    }
  }
  if (bad > 0) throw new CliError(EXIT.input, [`${bad} of ${files.length} file${files.length === 1 ? "" : "s"} invalid.`]);
}
