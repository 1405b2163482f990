/** `airace validate <files...>`: checks scenario and experiment files without running them. */
import { namesExperiment } from "../io/experiment-ref.js";
import { FileHost } from "../io/host.js";
import { formatIssue } from "../scenario/issues.js";
import { loadScenario } from "../scenario/load.js";
import { CliError, EXIT } from "./exit.js";
import { runTooLong } from "./load.js";

export async function validateCommand(files: readonly string[], sets: readonly string[], print: (text: string) => void, printErr: (text: string) => void): Promise<void> {
  let bad = 0;
  for (const file of files) {
    // a path: by its content; a library name: a scenario if there is one, else an experiment
    if (namesExperiment(file)) {
      if (sets.length > 0) throw new CliError(EXIT.input, ["--set applies to scenarios; an experiment changes its scenario with set: in the file"]);
      // the experiment planner, loaded only for an experiment: checking scenarios starts sooner
      const { loadPlan } = await import("../io/experiment-host.js");
      const planned = loadPlan({ kind: "experiment", ref: file });
      if (planned.ok) {
        const p = planned.value.plan;
        const n = (x: number, one: string, many: string) => `${x} ${x === 1 ? one : many}`;
        print(`ok  ${file}  (experiment ${p.experiment.name}: ${p.runs} runs = ${n(p.points, "point", "points")} x ${n(p.policies.length, "policy", "policies")} x ${n(p.replications, "replication", "replications")})`);
      } else {
        bad++;
        for (const issue of planned.issues) printErr(formatIssue(issue));
      }
      continue;
    }
    const result = loadScenario(new FileHost(), file, sets);
    // a valid scenario whose run could not write its files is refused by airace run: said here too
    const tooLong = result.ok ? runTooLong(result.value) : undefined;
    if (result.ok && tooLong !== undefined) {
      bad++;
      printErr(tooLong);
    } else if (result.ok) {
      print(`ok  ${file}  (${result.value.scenario.name}: ${result.value.scenario.title})`);
    } else {
      bad++;
      for (const issue of result.issues) printErr(formatIssue(issue));
    }
  }
  if (bad > 0) throw new CliError(EXIT.input, [`${bad} of ${files.length} file${files.length === 1 ? "" : "s"} invalid.`]);
}
