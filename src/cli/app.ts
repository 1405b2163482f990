/**
 * The airace command line: commands, options, help, and the mapping of errors to exit codes.
 * Started by main.ts, which installs the handler of Ctrl-C, SIGTERM and SIGHUP before this
 * module loads.
 */
import { Command, CommanderError, Option } from "commander";
import { toolVersion } from "../io/package-info.js";
import { CliError, EXIT } from "./exit.js";
import { interrupted, interruptedStatus } from "./interrupt.js";
import { DEFAULT_PORT } from "../io/static-server.js";

// Each command's module is loaded when the command runs, not at start: a command then loads
// only the libraries it uses, which makes `--help` and every command start sooner and keeps
// a sweep's main thread smaller (the README's "Performance").
const runCommand = async (...a: Parameters<typeof import("./run.js").runCommand>) => (await import("./run.js")).runCommand(...a);
const serveCommand = async (...a: Parameters<typeof import("./serve.js").serveCommand>) => (await import("./serve.js")).serveCommand(...a);
const sweepCommand = async (...a: Parameters<typeof import("./sweep.js").sweepCommand>) => (await import("./sweep.js")).sweepCommand(...a);
const shardCommand = async (...a: Parameters<typeof import("./shard.js").shardCommand>) => (await import("./shard.js")).shardCommand(...a);
const planCommand = async (...a: Parameters<typeof import("./plan.js").planCommand>) => (await import("./plan.js")).planCommand(...a);
const mergeCommand = async (...a: Parameters<typeof import("./merge.js").mergeCommand>) => (await import("./merge.js")).mergeCommand(...a);
const slurmCommand = async (...a: Parameters<typeof import("./slurm.js").slurmCommand>) => (await import("./slurm.js")).slurmCommand(...a);
const compareCommand = async (...a: Parameters<typeof import("./compare.js").compareCommand>) => (await import("./compare.js")).compareCommand(...a);
const discoverCommand = async (...a: Parameters<typeof import("./discover.js").discoverCommand>) => (await import("./discover.js")).discoverCommand(...a);
const reportCommand = async (...a: Parameters<typeof import("./report.js").reportCommand>) => (await import("./report.js")).reportCommand(...a);
const validateCommand = async (...a: Parameters<typeof import("./validate.js").validateCommand>) => (await import("./validate.js")).validateCommand(...a);
const listCommand = async (...a: Parameters<typeof import("./list.js").listCommand>) => (await import("./list.js")).listCommand(...a);
const calibrationCommand = async (...a: Parameters<typeof import("./calibration.js").calibrationCommand>) => (await import("./calibration.js")).calibrationCommand(...a);
const evaluateCommand = async (...a: Parameters<typeof import("./evaluate.js").evaluateCommand>) => (await import("./evaluate.js")).evaluateCommand(...a);
const verifyCommand = async (...a: Parameters<typeof import("./verify.js").verifyCommand>) => (await import("./verify.js")).verifyCommand(...a);

const out = (text: string) => process.stdout.write(text + "\n");
const err = (text: string) => process.stderr.write(text + "\n");
const collect = (value: string, previous: string[] = []) => [...previous, value];

function program(): Command {
  const p = new Command("airace")
    .description("Agent-based strategy simulation of AI competition between countries and firms.")
    .version(toolVersion(), "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .addHelpText(
      "after",
      `
Examples:
  airace run baseline --seed 42          run the baseline scenario from the library
  airace validate my-scenario.yaml       check a scenario file without running it
  airace list                            show the scenario library
  airace verify results/baseline/42-*    rerun a result and confirm it byte for byte
  airace compare baseline export-controls-tightened   paired differences over 30 seeds
  airace sweep lhs-export-controls --dry-run          an experiment's size and time estimate
  airace sweep lhs-export-controls                    run it: replications, designs, policies
  airace serve classroom                 the classroom explorer in your browser

Exit codes: 0 ok, 2 bad input, 3 run failed or verify found differences, 130 interrupted
(Ctrl-C; 143 on SIGTERM, 129 on SIGHUP), 1 internal bug.`,
    );

  p.command("run")
    .description("run a scenario and write its results folder")
    .argument("<scenario>", "a library name (baseline) or a path to a .yaml/.json file")
    .option("-s, --seed <n>", "master seed (a whole number); default: the scenario's seed, else a new one that is printed")
    .option("-o, --out <dir>", "results folder (default: results/<scenario>/<seed>-<hash8>)")
    .addOption(new Option("--set <path=value>", "override a parameter, e.g. countries.CN.policy.fabSubsidy=0.3 (repeatable)").default([]).argParser(collect))
    .option("-q, --quiet", "print nothing but errors")
    .option("-f, --force", "replace an existing results folder")
    .option("-r, --report", "also write the HTML report with charts (airace report) into <out>/report/")
    .addHelpText(
      "after",
      `
Examples:
  airace run baseline --seed 42 --report
  airace run my-scenario.yaml --seed 7 --out results/my-scenario-7
  airace run baseline --seed 42 --set countries.CN.policy.fabSubsidy=0.3 --set model.leakRate=0.1

Paths in --set name map keys with dots and list items by id; the value is YAML
(a number, or {value: 0.3, unit: "1", source: "..."}) and is checked like the file.`,
    )
    .action((scenario: string, opts: { seed?: string; out?: string; set: string[]; quiet?: boolean; force?: boolean; report?: boolean }) =>
      runCommand(scenario, opts, out, err, interrupted),
    );

  p.command("serve")
    .description("serve the classroom explorer: the model live in a web page, with sliders")
    .argument("[scenario]", "open the page on this scenario: a library name, or a .yaml file (which may extend library scenarios)")
    .option("-p, --port <n>", `port to listen on (default: ${DEFAULT_PORT}; 0: any free port)`)
    .option("--host <address>", "address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0: your network too)")
    .option("-s, --seed <n>", "open the page with this seed")
    .addOption(new Option("--set <path=value>", "open the page with this override (repeatable); checked first, like airace run").default([]).argParser(collect))
    .addHelpText(
      "after",
      `
Examples:
  airace serve                          the baseline; open the address it prints
  airace serve classroom --port 8080
  airace serve taiwan-blockade --set parameters.blockadeYear.value=2027
  airace serve my-scenario.yaml         the file goes inside the address: share it as a link

The page runs the same model code as airace run, in the browser: a scenario, its overrides
and a seed give exactly the numbers airace run writes. It needs no network.
Runs until Ctrl-C, SIGTERM or SIGHUP, then closes its port (exit code 0).`,
    )
    .action((scenario: string | undefined, opts: { port?: string; host?: string; seed?: string; set: string[] }) => serveCommand(scenario, opts, out, interrupted));

  p.command("sweep")
    .description("run an experiment: many runs over a design of uncertainties, policies and replications")
    .argument("[experiment]", "a library name (scenarios/experiments/) or a path to an experiment .yaml file")
    .option("-w, --workers <n>", "threads that compute runs: this one and n-1 worker threads (default: one per core; with --plan: 1)")
    .option("-o, --out <dir>", "results folder (default: results/<experiment>/<seed>-<hash8>)")
    .option("-n, --dry-run", "check the experiment and print its size and estimate; run nothing")
    .option("--resume", "finish an interrupted sweep of the same experiment")
    .option("-y, --yes", "run even a very large sweep (over 100,000 runs, an hour, or 2 GB)")
    .option("-f, --force", "replace an existing results folder, or start an unfinished sweep over; with --plan, run a shard again")
    .option("-q, --quiet", "print nothing but errors")
    .option("--report", "also write the HTML report into <dir>/report/ (airace report)")
    .option("--plan <dir>", "run one shard of a plan made by airace plan (its folder or its plan.json), with --shard, instead of a whole experiment")
    .option("--shard <k>", "which shard of the plan to run: 0 to K-1")
    .addHelpText(
      "after",
      `
Examples:
  airace sweep scenarios/experiments/lhs-export-controls.yaml
  airace sweep sobol-key-uncertainties --workers 2
  airace sweep my-experiment.yaml --resume      after Ctrl-C: continue where it stopped
  airace sweep --plan results/my-plan --shard 3 one shard of a plan, on any machine

Writes runs.csv (one row per run), points.csv (statistics per point and policy),
sensitivity.csv (Sobol or Morris designs), timeseries.csv (when asked) and manifest.json,
and prints what it found in words (each outcome's spread per policy, the inputs it moves with
most, each policy's paired differences from the first) and the data digest. The data files are byte-identical whatever the number of
workers, and the same as a sharded sweep's after airace merge. See docs/experiments.md and
docs/cluster.md.`,
    )
    .action(
      (
        experiment: string | undefined,
        opts: { dryRun?: boolean; workers?: string; out?: string; resume?: boolean; yes?: boolean; force?: boolean; quiet?: boolean; report?: boolean; plan?: string; shard?: string },
      ) => {
        if (opts.plan !== undefined || opts.shard !== undefined) {
          if (opts.plan === undefined || opts.shard === undefined) throw new CliError(EXIT.input, ["--plan and --shard go together: airace sweep --plan <dir> --shard <k>"]);
          if (experiment !== undefined) throw new CliError(EXIT.input, [`with --plan, the experiment comes from the plan: leave out "${experiment}"`]);
          const extra = (["dryRun", "out", "resume", "yes", "report"] as const).find((o) => opts[o] !== undefined);
          if (extra !== undefined) throw new CliError(EXIT.input, [`--${extra.replace("dryRun", "dry-run")} does not apply to a shard (a shard is rerun whole; its folder is the plan's)`]);
          return shardCommand(opts.plan, opts.shard, opts, out, err, interrupted);
        }
        if (experiment === undefined) throw new CliError(EXIT.input, ["which experiment? airace sweep <experiment.yaml> (or --plan <dir> --shard <k>)"]);
        return sweepCommand(experiment, opts, out, err, interrupted);
      },
    );

  p.command("plan")
    .description("split an experiment's runs into K shards, to run on several machines or a cluster")
    .argument("<experiment>", "a library name (scenarios/experiments/) or a path to an experiment .yaml file")
    .option("-k, --shards <K>", "the number of shards (each is one machine's or array task's share)")
    .option("-o, --out <dir>", "the plan folder (default: results/<experiment>/<seed>-<hash8>-shards)")
    .option("-w, --workers <n>", "threads each shard will compute on, for the time estimate (default 1)")
    .option("-f, --force", "replace another plan in the folder, and its shards")
    .option("-q, --quiet", "print nothing but errors")
    .addHelpText(
      "after",
      `
Examples:
  airace plan sobol-key-uncertainties --shards 16 --out /shared/sobol
  airace sweep --plan /shared/sobol --shard 0      ... one command per shard, anywhere
  airace merge /shared/sobol                       the one-machine sweep's files, byte for byte

Run i belongs to shard (i + floor(i / K)) mod K: shards differ by at most one run and each
draws from the whole design. See docs/cluster.md (airace slurm writes the job scripts).`,
    )
    .action((experiment: string, opts: { shards?: string; out?: string; workers?: string; force?: boolean; quiet?: boolean }) => planCommand(experiment, opts, out));

  p.command("merge")
    .description("put the shards of a plan together: the files of a one-machine sweep, and their digest")
    .argument("<plan-dir>", "the plan folder made by airace plan (or its plan.json)")
    .option("-o, --out <dir>", "results folder (default: where airace sweep would write: results/<experiment>/<seed>-<hash8>)")
    .option("-f, --force", "replace an existing results folder")
    .option("-q, --quiet", "print only the data digest and errors")
    .addHelpText(
      "after",
      `
Checks that every shard is present and intact and every run appears exactly once; missing or
damaged shards are listed with the commands that run them again. Exits 3 if runs failed
(the results are written, as by airace sweep).`,
    )
    .action((dir: string, opts: { out?: string; force?: boolean; quiet?: boolean }) => mergeCommand(dir, opts, out));

  p.command("slurm")
    .description("plan a sweep in shards and write SLURM job scripts: an array of shards, then the merge")
    .argument("<experiment>", "a library name (scenarios/experiments/) or a path to an experiment .yaml file")
    .option("-k, --shards <K>", "the number of shards: array tasks, each a batch of runs lasting minutes")
    .option("-o, --out <dir>", "the plan folder, on a file system the compute nodes share (default: results/<experiment>/<seed>-<hash8>-shards)")
    .option("-p, --parallel <n>", "at most this many array tasks at once (--array=0-K%n)")
    .option("--partition <name>", "the SLURM partition")
    .option("-t, --time <limit>", "time limit of each task (default 01:00:00)")
    .option("-w, --workers <n>", "CPUs (threads computing runs) per task (default 1)")
    .option("--setup <command>", "shell line(s) run first on the node, e.g. \"module load nodejs/20\"")
    .option("--airace <command>", "how nodes start airace (default: this Node and this airace, by absolute path)")
    .option("-f, --force", "replace another plan in the folder, and its shards")
    .option("-q, --quiet", "print nothing but errors")
    .addHelpText(
      "after",
      `
Examples:
  airace slurm sobol-key-uncertainties --shards 64 --parallel 16 --time 00:30:00 --out /scratch/sobol
  bash /scratch/sobol/slurm/submit.sh               submits the array and the merge (afterok)
  bash /scratch/sobol/slurm/submit.sh --array=5     reruns one shard, and merges again

Nothing is submitted by this command. See docs/cluster.md for getting Node onto the nodes.`,
    )
    .action((experiment: string, opts: { shards?: string; out?: string; parallel?: string; partition?: string; time?: string; workers?: string; setup?: string; airace?: string; force?: boolean; quiet?: boolean }) =>
      slurmCommand(experiment, opts, out),
    );

  p.command("compare")
    .description("run two scenarios with the same seeds and report the paired differences of their outcomes")
    .argument("<scenario-a>", "a library name or a path: the reference")
    .argument("<scenario-b>", "a library name or a path: the alternative")
    .option("-r, --replications <n>", "paired runs (each with its own seed, shared by A and B)", "30")
    .option("-s, --seed <n>", "master seed of the replications", "1")
    .addOption(new Option("--outcome <metric[@quarter]>", "an outcome to compare: its final value, or its value at a quarter, e.g. months_behind_CN@2030Q4 (repeatable; default: frontier, lead, leadership changes, open-closed lag, and each shared country's capability, gap (OOM), months behind and compute)").argParser(collect))
    .option("--at <quarter>", "read the default outcomes at this quarter instead of the end (each is also read where its difference is largest)")
    .option("--report", "also write the HTML report into <dir>/report/ (airace report)")
    .option("-w, --workers <n>", "threads that compute runs: this one and n-1 worker threads (default: one per core)")
    .option("-o, --out <dir>", "results folder (default: results/compare/<a>-vs-<b>/<seed>-<hash8>)")
    .option("-n, --dry-run", "check and print the size and estimate; run nothing")
    .option("--resume", "finish an interrupted comparison")
    .option("-y, --yes", "run even a very large comparison")
    .option("-f, --force", "replace an existing results folder")
    .option("-q, --quiet", "print nothing but errors")
    .addHelpText(
      "after",
      `
Examples:
  airace compare baseline export-controls-tightened
  airace compare baseline taiwan-blockade --replications 50 --at 2032Q4
  airace compare baseline my.yaml --outcome months_behind_CN@2030Q4 --outcome compute_CN@2030Q4

Prints a summary in words and every outcome ranked by its effect (the difference in standard
deviations across seeds), read where the difference is largest and at the end (or --at).
Writes runs.csv, points.csv, comparison.csv (for each reading: each scenario's mean, the mean
difference with its 95% confidence interval, the share of seeds where the sign holds, the
effect), differences.csv (the difference at every quarter), timeseries.csv and manifest.json.`,
    )
    .action((a: string, b: string, opts: { dryRun?: boolean; replications: string; seed: string; outcome?: string[]; at?: string; workers?: string; out?: string; resume?: boolean; yes?: boolean; force?: boolean; quiet?: boolean; report?: boolean }) =>
      compareCommand(a, b, { ...opts, outcome: opts.outcome ?? [] }, out, err, interrupted),
    );

  p.command("discover")
    .description("scenario discovery (PRIM): which parameter ranges of a sweep lead to an outcome of interest")
    .argument("<sweep-dir>", "a folder written by airace sweep")
    .requiredOption("--where <condition>", 'the outcome of interest, e.g. "gapMonths2030 > 12" (ops: > >= < <=)')
    .option("--policy <id>", "the policy whose runs are analysed (default: the first)")
    .option("--alpha <share>", "share of the box peeled at each step", "0.05")
    .option("--min-mass <share>", "smallest share of the runs a box may hold", "0.05")
    .option("--density <share>", "choose the largest box whose density reaches this", "0.8")
    .option("-o, --out <file>", "write the peeling trajectory as CSV")
    .addHelpText("after", '\nExample:\n  airace discover results/lhs-export-controls/2026-1a2b3c4d --where "gapMonths2030 > 24" --policy tightened')
    .action((dir: string, opts: { where: string; policy?: string; alpha: string; minMass: string; density: string; out?: string }) => discoverCommand(dir, opts, out));

  p.command("report")
    .description("write a self-contained HTML report with charts (also as SVG files) of a run, a sweep, a comparison or an evaluation")
    .argument("<results-dir>", "a folder written by airace run, sweep, merge, compare or evaluate")
    .option("-o, --out <dir>", "where to write it (default: <results-dir>/report/); replaces only an earlier report")
    .option("--where <condition>", 'for a sweep: add the PRIM box of this outcome of interest, e.g. "gapMonths2030 > 20"')
    .option("--policy <id>", "for a sweep with --where: the policy whose runs are analysed (default: the first)")
    .addHelpText(
      "after",
      `
Examples:
  airace report results/baseline/42-12d06be6     then open results/baseline/42-12d06be6/report/index.html
  airace report results/compare/baseline-vs-taiwan-blockade/1-<hash8>
  airace report results/lhs-export-controls/2026-<hash8> --where "gapMonths2030 > 20" --policy current

What the report shows depends on the folder:
  a run         its key outcomes in words, about 20 charts, the timeline of events and
                milestones, and a one-page lesson for a class (no-finish-line.html)
  a comparison  a summary in words, the outcomes ranked by standardised effect, each
                difference over time, both scenarios' series side by side with bands
  a sweep or    what it found in words, Sobol or Morris sensitivity charts, the policies'
  evaluation    paired differences, each outcome against the input it moves with most and
                its distribution per policy, bands over the time series kept, and with
                --where the PRIM box
A plan's folder (airace plan) holds no results until airace merge puts its shards together:
report on the folder merge writes. The data files are left as they are.`,
    )
    .action((dir: string, opts: { out?: string; where?: string; policy?: string }) => reportCommand(dir, opts, out));

  p.command("validate")
    .description("check scenario and experiment files without running them, each problem at its file, line and column")
    .argument("<files...>", "scenario or experiment files (.yaml, .json), or names from the libraries (airace list)")
    .addOption(new Option("--set <path=value>", "check scenarios with this override applied (repeatable)").default([]).argParser(collect))
    .addHelpText(
      "after",
      `
Examples:
  airace validate scenarios/*.yaml
  airace validate my.yaml --set model.leakRate=0.2
  airace validate scenarios/experiments/*.yaml   experiments: each with its size in runs

A scenario is loaded as airace run loads it (extends, --set, units, sources, expressions,
events); an experiment as airace sweep plans it (its scenario, uncertainties, design and
outcomes). Each file gets an ok line or its problems; exit code 2 if any file has one.`,
    )
    .action((files: string[], opts: { set: string[] }) => validateCommand(files, opts.set, out, err));

  p.command("list")
    .description("list the scenarios and the experiments that come with airace, with their titles")
    .addHelpText(
      "after",
      `
Example:
  airace list

The scenarios are in scenarios/ (run one with airace run <name>; scenarios/README.md says what
question each answers), the experiments in scenarios/experiments/ (airace sweep <name>). Only
their titles are read: airace validate checks them.`,
    )
    .action(() => listCommand(out));

  p.command("schema")
    .description("print the scenario JSON Schema, or the experiment one (for editors)")
    .option("--experiment", "the schema of experiment files (airace sweep) instead")
    .addHelpText(
      "after",
      "\nExamples:\n  airace schema > scenario.schema.json\n  airace schema --experiment > experiment.schema.json\nthen start a file with: # yaml-language-server: $schema=./scenario.schema.json",
    )
    .action(async (opts: { experiment?: boolean }) => {
      const { experimentJsonSchema, scenarioJsonSchema } = await import("../scenario/json-schema.js");
      process.stdout.write(opts.experiment ? experimentJsonSchema() : scenarioJsonSchema());
    });

  p.command("evaluate")
    .description("run the evaluation suite on a scenario: calibration, invariances, ablations, the essay's claims, corroboration and gaps (docs/evaluation.md)")
    .argument("[scenario]", "a library name or a path", "baseline")
    .option("--seeds <n>", "seeds per variant (paired: every variant runs the same seeds)", "30")
    .option("-s, --seed <n>", "master seed (default: the scenario's, else 0)")
    .option("-w, --workers <n>", "threads that compute runs: this one and n-1 worker threads (default: one per core)")
    .option("-o, --out <dir>", "results folder (default: results/evaluate/<scenario>/<seeds>-<hash8>)")
    .option("--doc <file>", "also write the document to this file (docs/evaluation.md for the baseline)")
    .option("--as <roles>", "for a world of invented countries: which of its countries plays each country the checks name, as US=Arcadia,CN=Borealis,EU=Cascadia (roles: US, CN, EU, JPKR, TW, ROW)")
    .option("-n, --dry-run", "check and print the size and estimate; run nothing")
    .option("--resume", "finish an interrupted evaluation")
    .option("-f, --force", "replace an existing results folder")
    .option("-q, --quiet", "print nothing but errors")
    .addHelpText(
      "after",
      `
Examples:
  airace evaluate                              the baseline, 30 seeds
  airace evaluate baseline --seeds 30 --doc docs/evaluation.md
  airace evaluate my-scenario.yaml --seeds 10
  airace evaluate classroom --as US=Arcadia,CN=Borealis   an invented world, read in the suite's roles

Writes evaluation.json (every check: its design, numbers and verdict), evaluation.md (the same
as a TRACE document), runs.csv, points.csv and manifest.json. A check the scenario cannot
express (a country or metric it lacks) is listed as not applicable.`,
    )
    .action((scenario: string, opts: { seeds: string; seed?: string; workers?: string; out?: string; doc?: string; dryRun?: boolean; resume?: boolean; force?: boolean; quiet?: boolean }) =>
      evaluateCommand(scenario, opts, out, err, interrupted),
    );

  p.command("calibration")
    .description("compare a scenario's trends over its first years, and its levels at the dates the sources give, with the calibration targets of docs/calibration.md")
    .argument("[scenario]", "a library name or a path", "baseline")
    .option("-s, --seed <n>", "master seed (default: the scenario's, else 0)")
    .option("--years <n>", "years from the start over which trends are measured", "3")
    .option("--leader <id>", "the country at the frontier (default: US; in a scenario without US, its country of highest capability at the start)")
    .option("--follower <id>", "the country whose trend and lag are checked (default: CN; without CN, the next country by capability at the start)")
    .addOption(new Option("--set <path=value>", "override a parameter (repeatable)").default([]).argParser(collect))
    .addHelpText(
      "after",
      "\nExamples:\n  airace calibration\n  airace calibration baseline --years 5 --set model.budgetGrowthPersistence=5\n  airace calibration classroom --leader Arcadia --follower Cascadia",
    )
    .action((scenario: string, opts: { seed?: string; years: string; leader?: string; follower?: string; set: string[] }) =>
      calibrationCommand(scenario, opts, out),
    );

  p.command("verify")
    .description("rerun a results folder from its manifest and confirm the data files are byte-identical")
    .argument("<results-dir>", "a folder written by airace run")
    .addHelpText("after", "\nExample:\n  airace verify results/baseline/42-1a2b3c4d")
    .action((dir: string) => verifyCommand(dir, out));

  return p;
}

/** Errors of the file system that mean a path given (or a folder's contents) is not as it must be. */
const FILE_ERRORS = new Set(["ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "EFBIG", "EEXIST", "ENOENT", "ENAMETOOLONG", "ELOOP", "EMLINK", "EXDEV"]);

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      return EXIT.input;
    }
    if (e instanceof CliError) {
      for (const line of e.lines) err(line);
      // stopped by Ctrl-C, SIGTERM or SIGHUP: 128 + that signal's number, as a shell reports it
      return e.code === EXIT.interrupted ? interruptedStatus() : e.code;
    }
    // the file system refusing what no check foresaw (a disk filled, a file of a results folder
    // removed, a folder made read-only meanwhile): the user's to fix, not a bug. Its message
    // names the operation and the path, which say whether it was a read or a write.
    const fsError = e as NodeJS.ErrnoException;
    if (typeof fsError.syscall === "string" && typeof fsError.code === "string" && FILE_ERRORS.has(fsError.code)) {
      err(`a file could not be read or written: ${fsError.message}`);
      return EXIT.input;
    }
    const error = e as Error;
    err(`internal error: ${error.message}`);
    err("This is a bug in airace. Please report it with the command you ran and its files.");
    if (process.env["AIRACE_DEBUG"]) err(error.stack ?? "");
    return EXIT.bug;
  }
}
