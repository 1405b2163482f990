/**
 * The run loop: define -> step -> run, with an injected sink.
 *
 * Order within a step (documented in docs/model.md, "Process overview and scheduling"):
 *   1. events: continue ramps and reverts, then fire dated events and those whose condition
 *      held at the end of the previous step;
 *   2. the model's phases, in the order the model lists them;
 *   3. observe every metric into the frame, check it is finite, hand it to the sink;
 *   4. milestones: record those whose condition first holds on the new frame.
 * Step 0 only observes the initial state (3 and 4).
 *
 * Everything a run needs to continue lives in `RunState`, which is plain data: a checkpoint
 * taken after any step and resumed gives the same results as an uninterrupted run.
 */
import type { Clock } from "./clock.js";
import { RunError } from "./errors.js";
import { quarterYear } from "./clock.js";
import type { Condition, EventRecord, EventSpec, EventState, MilestoneSpec } from "./events.js";
import { advanceEvent, fireEvent, initialEventState, isEventActive } from "./events.js";
import type { MetricDef, MetricLayout, Sink } from "./metrics.js";
import { makeLayout, symbolSlot } from "./metrics.js";
import type { Slot } from "./path.js";
import { readSlot, resolveSlot } from "./path.js";
import type { RngState } from "./rng.js";
import { Rng } from "./rng.js";

export interface StepContext {
  /** Step being computed (1..steps); 0 while observing the initial state. */
  step: number;
  /** Quarter index of the state being computed. */
  quarter: number;
  /** Decimal year at the start of that quarter. */
  year: number;
  /** Years per step. */
  readonly dt: number;
  /** The run's random streams, in the order of `ModelDef.streams`. */
  readonly streams: readonly Rng[];
}

export interface Phase<W> {
  readonly name: string;
  readonly description: string;
  run(world: W, ctx: StepContext): void;
}

/** Writes the metrics of a world into a frame; built once per run from the layout. */
export type Observer<W> = (world: W, ctx: StepContext, frame: Float64Array) => void;

export interface ModelDef<W, P> {
  readonly name: string;
  readonly version: string;
  readonly metrics: readonly MetricDef[];
  /**
   * Labels of the random streams the model draws from, each forked from the master seed.
   * Phases reach them by position in `ctx.streams` (no lookups in the step loop).
   */
  streams(params: P): string[];
  readonly phases: readonly Phase<W>[];
  /**
   * Builds the initial world from the model's parameters. Must deep-copy what it keeps. Given
   * the world of an earlier run (`prev`), it may build the new one in its objects; the result
   * must be exactly what it would build without it.
   */
  init(params: P, rng: Rng, clock: Clock, prev?: W): W;
  /** Entity ids by kind for the metric layout. */
  entities(params: P): Record<string, string[]>;
  observer(layout: MetricLayout): Observer<W>;
  /** Who is at the front of the world now, for milestone records ({ country: "US", ... }). */
  front(world: W): Record<string, string>;
}

export interface RunSpec<W, P> {
  readonly model: ModelDef<W, P>;
  readonly params: P;
  readonly clock: Clock;
  readonly seed: number;
  readonly events: readonly EventSpec[];
  readonly milestones: readonly MilestoneSpec[];
  /** Named constants that expressions may read (the scenario's parameters). */
  readonly constants: Readonly<Record<string, number>>;
}

export interface MilestoneRecord {
  id: string;
  title: string;
  step: number;
  date: string;
  /** Who stood at the front when it was reached, as the model names them (country, lab). */
  by: Record<string, string>;
}

/** Everything that changes during a run. Plain data: JSON round-trips it exactly. */
export interface RunState<W> {
  /** Steps completed; the state is that of quarter clock.start + step. */
  step: number;
  world: W;
  /** Random stream states by label, as of `step` (filled in by `checkpoint`). */
  rng: Record<string, RngState>;
  events: EventState[];
  milestones: MilestoneRecord[];
  log: EventRecord[];
}

export { RunError } from "./errors.js";

export interface Run<W, P> {
  readonly spec: RunSpec<W, P>;
  readonly state: RunState<W>;
  readonly layout: MetricLayout;
  readonly frame: Float64Array;
  readonly labels: readonly string[];
  readonly streams: Rng[];
  readonly ctx: StepContext;
  readonly observe: Observer<W>;
  readonly eventSlots: readonly (readonly Slot[])[];
  readonly scope: Record<string, number>;
  readonly scopeNames: readonly string[];
  readonly scopeSlots: readonly number[];
  /** Whether any event or milestone has a condition (else the scope is never read). */
  readonly conditional: boolean;
  readonly reached: boolean[];
}

/** Seeds of the named streams derived from a master seed (for manifests). */
export function streamSeeds(seed: number, labels: readonly string[]): { label: string; seed: number }[] {
  const root = Rng.fromSeed(seed);
  return ["init", ...labels].map((label) => ({ label, seed: Rng.seedOf(root.fork(label).key) }));
}

function wire<W, P>(spec: RunSpec<W, P>, state: RunState<W>, labels: string[], streams: Rng[]): Run<W, P> {
  const { model, clock } = spec;
  const layout = makeLayout(model.metrics, model.entities(spec.params));
  const eventSlots = spec.events.map((e) =>
    e.actions.map((a) => {
      const slot = resolveSlot(state.world, a.path);
      if (slot === undefined || typeof readSlot(slot) !== "number") {
        throw new Error(`event ${e.id}: ${a.target} is not a numeric parameter of the model`);
      }
      return slot;
    }),
  );
  const used = new Set<string>();
  for (const e of spec.events) e.when?.symbols.forEach((s) => used.add(s));
  for (const m of spec.milestones) m.when.symbols.forEach((s) => used.add(s));
  const scopeNames: string[] = [];
  const scopeSlots: number[] = [];
  const scope: Record<string, number> = { ...spec.constants, year: 0, time: 0, step: 0 };
  for (const name of [...used].sort()) {
    const slot = symbolSlot(layout, name);
    if (slot === undefined) continue; // year, time, step and derived parameters are filled elsewhere
    scopeNames.push(name);
    scopeSlots.push(slot);
    scope[name] = 0;
  }
  const ctx: StepContext = {
    step: state.step,
    quarter: clock.start + state.step,
    year: quarterYear(clock.start + state.step),
    dt: clock.dt,
    streams,
  };
  const reached = spec.milestones.map((m) => state.milestones.some((r) => r.id === m.id));
  return {
    spec,
    state,
    layout,
    frame: new Float64Array(layout.size),
    labels,
    streams,
    ctx,
    observe: model.observer(layout),
    eventSlots,
    scope,
    scopeNames,
    scopeSlots,
    conditional: spec.milestones.length > 0 || spec.events.some((e) => e.when !== null),
    reached,
  };
}

/**
 * Creates a run at step 0 and observes the initial state into the sink. `reuse`, the world of
 * an earlier run that nothing reads any more, lets the model reset it in place instead of
 * allocating a new one (a worker computing many runs); the run is the same either way.
 */
export function startRun<W, P>(spec: RunSpec<W, P>, sink: Sink, reuse?: W): Run<W, P> {
  const root = Rng.fromSeed(spec.seed);
  const world = spec.model.init(spec.params, root.fork("init"), spec.clock, reuse);
  const labels = spec.model.streams(spec.params);
  const streams = labels.map((label) => root.fork(label));
  const state: RunState<W> = {
    step: 0,
    world,
    rng: {},
    events: spec.events.map(initialEventState),
    milestones: [],
    log: [],
  };
  const run = wire(spec, state, labels, streams);
  sink.begin(run.layout, spec.clock.steps);
  observeStep(run, sink);
  return run;
}

/** Continues a run from a checkpoint. The sink sees only the steps computed from now on. */
export function resumeRun<W, P>(spec: RunSpec<W, P>, checkpointState: RunState<W>, sink: Sink): Run<W, P> {
  const state = clonePlain(checkpointState);
  const labels = spec.model.streams(spec.params);
  const streams = labels.map((label) => {
    const s = state.rng[label];
    if (s === undefined) throw new Error(`checkpoint has no state for stream ${label}`);
    return Rng.fromState(s);
  });
  const run = wire(spec, state, labels, streams);
  sink.begin(run.layout, spec.clock.steps);
  // Conditions read the last observed frame: observe the restored world again (observing
  // changes nothing) so that they see what an uninterrupted run would have seen.
  run.observe(state.world, run.ctx, run.frame);
  refreshScope(run);
  return run;
}

/** A plain-data copy of the run state, random streams included. */
export function checkpoint<W, P>(run: Run<W, P>): RunState<W> {
  const rng: Record<string, RngState> = {};
  run.labels.forEach((label, i) => (rng[label] = (run.streams[i] as Rng).state()));
  return clonePlain({ ...run.state, rng });
}

function clonePlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function refreshScope<W, P>(run: Run<W, P>): void {
  const { scope, scopeNames, scopeSlots, frame, ctx } = run;
  scope["year"] = ctx.year;
  // the decimal year at the end of the quarter just observed: a condition "time >= 2030" holds
  // at the end of 2029Q4, so its event fires at the start of 2030Q1
  scope["time"] = ctx.year + ctx.dt;
  scope["step"] = ctx.step;
  for (let i = 0; i < scopeNames.length; i++) scope[scopeNames[i] as string] = frame[scopeSlots[i] as number] as number;
}

/** Evaluates a condition; a failure or a non-boolean result fails the run, naming the rule. */
function evaluateCondition(run: Run<unknown, unknown>, kind: string, id: string, cond: Condition): boolean {
  const ctx = run.ctx;
  let value: unknown;
  try {
    value = cond.evaluate(run.scope);
  } catch (e) {
    throw new RunError(`${kind} ${id}: condition "${cond.text}": ${(e as Error).message}`, ctx.step, run.spec.clock.labels[ctx.step] ?? "");
  }
  if (typeof value !== "boolean") {
    throw new RunError(`${kind} ${id}: condition "${cond.text}" gave ${String(value)}, not true or false`, ctx.step, run.spec.clock.labels[ctx.step] ?? "");
  }
  return value;
}

function observeStep<W, P>(run: Run<W, P>, sink: Sink): void {
  const { ctx, frame } = run;
  const world = run.state.world;
  run.observe(world, ctx, frame);
  for (let i = 0; i < frame.length; i++) {
    const v = frame[i] as number;
    if (v - v !== 0) reportNonFinite(run, i, v);
  }
  sink.step(ctx.step, frame);
  if (run.conditional) refreshScope(run);
  const date = run.spec.clock.labels[ctx.step] ?? "";
  for (let m = 0; m < run.spec.milestones.length; m++) {
    if (run.reached[m]) continue;
    const ms = run.spec.milestones[m] as MilestoneSpec;
    if (evaluateCondition(run as Run<unknown, unknown>, "milestone", ms.id, ms.when)) {
      run.reached[m] = true;
      run.state.milestones.push({ id: ms.id, title: ms.title, step: ctx.step, date, by: run.spec.model.front(run.state.world) });
    }
  }
}

function reportNonFinite<W, P>(run: Run<W, P>, slot: number, value: number): never {
  const { layout, ctx } = run;
  let m = 0;
  while (m + 1 < layout.offsets.length && (layout.offsets[m + 1] as number) <= slot) m++;
  const def = layout.defs[m] as MetricDef;
  const entity = layout.entities[def.kind]?.[slot - (layout.offsets[m] as number)] ?? "?";
  throw new RunError(
    `metric ${def.name} for ${entity} is ${String(value)}`,
    ctx.step,
    run.spec.clock.labels[ctx.step] ?? "",
  );
}

/** Advances the run by one quarter. Returns false when the run had already reached its end. */
export function step<W, P>(run: Run<W, P>, sink: Sink): boolean {
  const { spec, state, ctx } = run;
  if (state.step >= spec.clock.steps) return false;
  const s = state.step + 1;
  const date = spec.clock.labels[s] ?? "";
  // 1. events: first every ramp and revert, then the firings (conditions see the scope of
  //    the previous step's frame), in the order the scenario lists the events
  for (let e = 0; e < spec.events.length; e++) {
    advanceEvent(spec.events[e] as EventSpec, state.events[e] as EventState, run.eventSlots[e] as readonly Slot[], s, date, state.log);
  }
  for (let e = 0; e < spec.events.length; e++) {
    const ev = spec.events[e] as EventSpec;
    const es = state.events[e] as EventState;
    let fire = false;
    if (ev.at !== null) fire = ev.at === s;
    else if (ev.when !== null && (ev.repeat === "every" ? !isEventActive(es) : es.fired === 0)) {
      fire = evaluateCondition(run as Run<unknown, unknown>, "event", ev.id, ev.when);
    }
    if (fire) fireEvent(ev, es, run.eventSlots[e] as readonly Slot[], s, date, state.log);
  }
  // 2. the model's phases
  ctx.step = s;
  ctx.quarter = spec.clock.start + s;
  ctx.year = quarterYear(ctx.quarter);
  const phases = spec.model.phases;
  for (let p = 0; p < phases.length; p++) (phases[p] as Phase<W>).run(state.world, ctx);
  state.step = s;
  // 3 and 4. observe, record, milestones
  observeStep(run, sink);
  return true;
}

/** Runs to the end of the horizon and closes the sink. */
export function runToEnd<W, P>(run: Run<W, P>, sink: Sink): Run<W, P> {
  while (step(run, sink));
  sink.end();
  return run;
}

/** Define -> run: the whole run in one call (`reuse`: see startRun). */
export function simulate<W, P>(spec: RunSpec<W, P>, sink: Sink, reuse?: W): Run<W, P> {
  return runToEnd(startRun(spec, sink, reuse), sink);
}
