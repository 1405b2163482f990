/**
 * Running the runs of a plan: one run -> its outcome values (and, when kept, its time series
 * as CSV rows). The same code runs in the main thread and in worker threads; a run depends on
 * nothing but the plan and its index, so results never depend on which thread ran it.
 *
 * Outcome aggregations over the recorded series (steps from..to of the outcome's window):
 *   final            value at the last step
 *   at               value at the step of `date`
 *   mean, min, max   over the window
 *   change           value at `to` minus value at `from`
 *   first-crossing   the decimal year at the end of the first quarter whose value reaches the
 *                    threshold (>= above, <= below), as the `time` symbol of conditions; NaN
 *                    (an empty cell) if it never does
 */
import { quarterYear } from "../engine/clock.js";
import type { MetricLayout } from "../engine/metrics.js";
import { makeLayout, metricSymbols, SeriesRecorder } from "../engine/metrics.js";
import { RunError, simulate } from "../engine/run.js";
import { formatIssue } from "../scenario/issues.js";
import type { LoadedScenario } from "../scenario/load.js";
import { toRunSpec } from "../scenario/spec.js";
import type { World } from "../model/world.js";
import { csvNumber, csvText } from "../report/csv.js";
import type { Plan, PlannedOutcome } from "./plan.js";
import { instantiate, keepsSeries, runRef, RUNS_COLUMNS, seedOf } from "./plan.js";

export const SERIES_HEADER = "run,step,date,entity_kind,entity,metric,value\n";

export interface RunOutcome {
  run: number;
  seed: number;
  ok: boolean;
  /** Outcome values in the plan's order (NaN where not defined or when the run failed). */
  values: number[];
  /** Why the run failed ("" when it did not). */
  error: string;
  /** Time-series rows of this run ("" when not kept). */
  series: string;
}

interface Prepared {
  key: number;
  loaded: LoadedScenario | undefined;
  error: string;
  slots: number[];
  layout: MetricLayout | undefined;
  seriesSlots: number[];
  tails: string[];
  /** The series buffer, reused by the replications of the point (every step is rewritten). */
  rec: SeriesRecorder;
}

export class Executor {
  private prepared: Prepared | undefined;
  /** The world of the last run, reset in place by the next (allocated once per thread). */
  private world: World | undefined;

  constructor(readonly plan: Plan) {}

  /** Computes one run. Never throws for a failing run: the failure is in the result. */
  run(index: number): RunOutcome {
    const plan = this.plan;
    const ref = runRef(plan, index);
    const seed = seedOf(plan, ref);
    const p = this.prepare(ref.point * plan.policies.length + ref.policy, ref.point, ref.policy);
    const nan = () => plan.outcomes.map(() => NaN);
    if (p.loaded === undefined) return { run: index, seed, ok: false, values: nan(), error: p.error, series: "" };
    const rec = p.rec;
    try {
      this.world = simulate(toRunSpec(p.loaded, seed), rec, this.world).state.world;
    } catch (e) {
      this.world = undefined;
      const message = e instanceof RunError ? `run failed at ${e.message}` : `run failed: ${(e as Error).message}`;
      return { run: index, seed, ok: false, values: nan(), error: message, series: "" };
    }
    const values = plan.outcomes.map((o, i) => (p.slots[i] === -1 ? NaN : aggregate(o, rec, p.slots[i] as number, p.loaded as LoadedScenario)));
    const series = keepsSeries(plan, index) ? seriesRows(index, rec, p, p.loaded) : "";
    return { run: index, seed, ok: true, values, error: "", series };
  }

  /**
   * Builds the scenario of a run's point and policy, as its run would (a thread keeps the last
   * one built). Returns whether it had to: the estimate times building apart from running.
   */
  prepareRun(index: number): boolean {
    const ref = runRef(this.plan, index);
    const key = ref.point * this.plan.policies.length + ref.policy;
    const fresh = this.prepared?.key !== key;
    this.prepare(key, ref.point, ref.policy);
    return fresh;
  }

  private prepare(key: number, point: number, policy: number): Prepared {
    if (this.prepared?.key === key) return this.prepared;
    let inst: ReturnType<typeof instantiate>;
    try {
      inst = instantiate(this.plan, point, policy);
    } catch (e) {
      inst = { ok: false, issues: [{ pos: { file: this.plan.display, line: 1, col: 1 }, path: "", message: (e as Error).message }] };
    }
    let prepared: Prepared;
    if (!inst.ok) {
      prepared = { key, loaded: undefined, error: `invalid scenario at this point: ${inst.issues.slice(0, 3).map(formatIssue).join("; ")}`, slots: [], layout: undefined, seriesSlots: [], tails: [], rec: new SeriesRecorder() };
    } else {
      const spec = toRunSpec(inst.value, 0);
      const layout = makeLayout(spec.model.metrics, spec.model.entities(spec.params));
      const symbols = metricSymbols(layout);
      const slots = this.plan.outcomes.map((o) => symbols[o.metric] ?? -1);
      const missing = this.plan.outcomes.find((_, i) => slots[i] === -1);
      if (missing !== undefined && this.plan.missingOutcomes !== "empty") {
        prepared = { key, loaded: undefined, error: `no output ${missing.metric} at this point`, slots: [], layout: undefined, seriesSlots: [], tails: [], rec: new SeriesRecorder() };
      } else {
        const { seriesSlots, tails } = seriesLayout(layout, symbols, this.plan.timeseries.metrics);
        prepared = { key, loaded: inst.value, error: "", slots, layout, seriesSlots, tails, rec: new SeriesRecorder() };
      }
    }
    this.prepared = prepared;
    return prepared;
  }
}

function aggregate(o: PlannedOutcome, rec: SeriesRecorder, slot: number, loaded: LoadedScenario): number {
  const steps = loaded.clock.steps;
  switch (o.aggregate) {
    case "final":
      return rec.at(steps, slot);
    case "at":
      return rec.at(o.from, slot);
    case "change":
      return rec.at(o.to, slot) - rec.at(o.from, slot);
    case "mean": {
      let sum = 0;
      for (let s = o.from; s <= o.to; s++) sum += rec.at(s, slot);
      return sum / (o.to - o.from + 1);
    }
    case "min": {
      let m = Infinity;
      for (let s = o.from; s <= o.to; s++) m = Math.min(m, rec.at(s, slot));
      return m;
    }
    case "max": {
      let m = -Infinity;
      for (let s = o.from; s <= o.to; s++) m = Math.max(m, rec.at(s, slot));
      return m;
    }
    case "first-crossing": {
      for (let s = o.from; s <= o.to; s++) {
        const v = rec.at(s, slot);
        if (o.direction === 1 ? v >= o.threshold : v <= o.threshold) return quarterYear(loaded.clock.start + s) + loaded.clock.dt;
      }
      return NaN;
    }
  }
}

/** Slots of the kept series (all, or those named by metric or symbol) and their row tails. */
function seriesLayout(layout: MetricLayout, symbols: Record<string, number>, metrics: readonly string[] | null): { seriesSlots: number[]; tails: string[] } {
  const wantedNames = metrics === null ? null : new Set(metrics);
  const wantedSlots = metrics === null ? null : new Set(metrics.map((m) => symbols[m]).filter((s): s is number => s !== undefined));
  const seriesSlots: number[] = [];
  const tails: string[] = [];
  layout.defs.forEach((def, m) => {
    const ids = layout.entities[def.kind] ?? [];
    ids.forEach((id, j) => {
      const slot = (layout.offsets[m] as number) + j;
      if (wantedNames !== null && !wantedNames.has(def.name) && !wantedSlots!.has(slot)) return;
      seriesSlots.push(slot);
      tails.push(`,${csvText(def.kind)},${csvText(id)},${csvText(def.name)},`);
    });
  });
  return { seriesSlots, tails };
}

function seriesRows(run: number, rec: SeriesRecorder, p: Prepared, loaded: LoadedScenario): string {
  const parts: string[] = [];
  for (let s = 0; s < rec.recorded; s++) {
    const head = `${run},${s},${csvText(loaded.clock.labels[s] ?? "")}`;
    for (let i = 0; i < p.seriesSlots.length; i++) parts.push(head + p.tails[i] + csvNumber(rec.at(s, p.seriesSlots[i] as number)) + "\n");
  }
  return parts.join("");
}

/** The rows of runs.csv: header, and one row per run. */
export function runsHeader(plan: Plan): string {
  return [...RUNS_COLUMNS.before, ...plan.uncertainties.map((u) => u.id), ...plan.outcomes.map((o) => o.id), ...RUNS_COLUMNS.after].map(csvText).join(",") + "\n";
}

export function runsRow(plan: Plan, r: RunOutcome, pointValues: readonly number[]): string {
  const ref = runRef(plan, r.run);
  const cells = [
    String(r.run),
    String(ref.point),
    csvText(plan.policies[ref.policy]!.id),
    String(ref.replication),
    String(r.seed),
    r.ok ? "ok" : "failed",
    ...pointValues.map(csvNumber),
    ...r.values.map(csvNumber),
    csvText(r.error.replace(/[\r\n]+/g, " ")),
  ];
  return cells.join(",") + "\n";
}
