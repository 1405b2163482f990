/**
 * One scenario in the explorer: loaded once, run again whenever the sliders or the seed
 * change, stepped as far as the page has played. The same loading, engine and output code as
 * `airace run`, so a scenario, overrides and seed give the CLI's numbers and files exactly.
 * Pure: the page's web worker holds a session and passes messages to it.
 */
import { RunError } from "../engine/errors.js";
import type { EventRecord } from "../engine/events.js";
import type { MetricLayout } from "../engine/metrics.js";
import { SeriesRecorder } from "../engine/metrics.js";
import type { MilestoneRecord, Run } from "../engine/run.js";
import { startRun, step } from "../engine/run.js";
import type { ModelInput, World } from "../model/index.js";
import { runFiles } from "../report/outputs.js";
import type { Issue, Result } from "../scenario/issues.js";
import type { LoadedScenario, ScenarioTemplate, SourceHost } from "../scenario/load.js";
import { applySets, prepareScenario } from "../scenario/load.js";
import { toRunSpec } from "../scenario/spec.js";
import type { Lever } from "./levers.js";
import { leverSets, scenarioLevers } from "./levers.js";

/**
 * Library scenarios by file name (`baseline.yaml`), plus at most one file of the user's. The
 * user's file is the entry; what it extends is looked up in the library, so it may extend
 * `baseline` whatever it is called itself.
 */
export class ExplorerHost implements SourceHost {
  constructor(
    private readonly library: Readonly<Record<string, string>>,
    private readonly upload?: { name: string; text: string },
  ) {}

  resolve(ref: string, from: string | null): { id: string; display: string } | { error: string } {
    if (from === null && this.upload !== undefined && ref === this.upload.name) return { id: `upload:${ref}`, display: ref };
    for (const name of [ref, `${ref}.yaml`]) {
      if (Object.prototype.hasOwnProperty.call(this.library, name)) return { id: `library:${name}`, display: name };
    }
    const known = Object.keys(this.library).map((n) => n.replace(/\.yaml$/, ""));
    return { error: `no library scenario named "${ref}" (the library has ${known.join(", ")})` };
  }

  read(id: string): { text: string } | { error: string } {
    if (id.startsWith("upload:") && this.upload !== undefined) return { text: this.upload.text };
    const name = id.slice("library:".length);
    const text = Object.prototype.hasOwnProperty.call(this.library, name) ? this.library[name] : undefined;
    return text === undefined ? { error: `no file ${id}` } : { text };
  }
}

/** What the page needs to draw a scenario before it runs. */
export interface ScenarioInfo {
  name: string;
  title: string;
  description: string;
  /** Quarter labels by step. */
  labels: readonly string[];
  countries: { id: string; name: string }[];
  levers: Lever[];
  /** The seed the scenario file gives, if any. */
  seed: number | undefined;
}

export interface RunProgress {
  /** Steps recorded so far (step 0 is the start). */
  recorded: number;
  done: boolean;
  milestones: MilestoneRecord[];
  events: EventRecord[];
}

export class ExplorerSession {
  private loaded: LoadedScenario;
  private run: Run<World, ModelInput> | undefined;
  private rec = new SeriesRecorder();
  private seed = 0;
  private failure: string | undefined;
  private readonly levers: Lever[];

  private constructor(
    private readonly template: ScenarioTemplate,
    private readonly base: LoadedScenario,
  ) {
    this.loaded = base;
    this.levers = scenarioLevers(base.scenario, base.clock);
  }

  /** Loads a scenario (parse, extends, validation) without overrides. */
  static open(host: SourceHost, entry: string): Result<ExplorerSession> {
    const prepared = prepareScenario(host, entry);
    if (!prepared.ok) return prepared;
    const base = applySets(prepared.value, []);
    if (!base.ok) return base;
    return { ok: true, warnings: base.warnings, value: new ExplorerSession(prepared.value, base.value) };
  }

  info(): ScenarioInfo {
    const s = this.base.scenario;
    return {
      name: s.name,
      title: s.title,
      description: s.description ?? "",
      labels: this.base.clock.labels,
      countries: s.countries.map((c) => ({ id: c.id, name: c.name })),
      levers: this.levers,
      seed: s.seed,
    };
  }

  /** The overrides for slider positions (those moved) followed by `extra` ones. */
  setsFor(moved: Readonly<Record<string, number>>, extra: readonly string[]): string[] {
    return [...leverSets(this.base.scenario, this.base.clock, this.levers, moved), ...extra];
  }

  /** Starts the run again with these overrides and seed; the issues if they are invalid. */
  configure(sets: readonly string[], seed: number): { ok: true; layout: MetricLayout } | { ok: false; issues: Issue[] } {
    const loaded = applySets(this.template, sets);
    if (!loaded.ok) return loaded;
    this.loaded = loaded.value;
    this.seed = seed;
    this.rec = new SeriesRecorder();
    this.failure = undefined;
    this.run = startRun(toRunSpec(this.loaded, seed), this.rec);
    return { ok: true, layout: this.run.layout };
  }

  /** Steps the run until `target` steps are recorded (or the end, or a failure). */
  advanceTo(target: number): RunProgress {
    const run = this.requireRun();
    try {
      while (this.failure === undefined && this.rec.recorded < target + 1 && step(run, this.rec));
    } catch (e) {
      if (!(e instanceof RunError)) throw e;
      this.failure = `run failed at ${e.message}`;
    }
    return this.progress();
  }

  progress(): RunProgress {
    const run = this.requireRun();
    return {
      recorded: this.rec.recorded,
      done: run.state.step >= this.loaded.clock.steps,
      milestones: run.state.milestones,
      events: run.state.log,
    };
  }

  /** Why the run stopped early (an event pushed a value out of its range), if it did. */
  failed(): string | undefined {
    return this.failure;
  }

  /** The frames of steps [from, to): `layout.size` values per step. */
  frames(from: number, to: number): Float64Array {
    const size = this.requireRun().layout.size;
    return this.rec.data.slice(from * size, to * size);
  }

  /** The run's data files, exactly as `airace run` writes them; runs to the end first. */
  files(): Map<string, string> | { error: string } {
    const run = this.requireRun();
    this.advanceTo(this.loaded.clock.steps);
    if (this.failure !== undefined) return { error: this.failure };
    this.rec.end();
    return runFiles(this.loaded, this.seed, run.state, this.rec).files;
  }

  private requireRun(): Run<World, ModelInput> {
    if (this.run === undefined) throw new Error("configure the session before running it");
    return this.run;
  }
}
