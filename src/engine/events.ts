/**
 * Events: interventions that change a scenario parameter during a run.
 *
 * Trigger: at a date, or when a condition first becomes true (`repeat: once`), or on every
 * step it is true while the previous firing is no longer in effect (`repeat: every`).
 * Conditions are evaluated on the state observed at the end of the previous step, so an event
 * fires at the start of a step and the step's processes see the new value.
 *
 * Action on a numeric parameter: `set` to a value, `scale` by a factor, or `add` an amount;
 * applied at once or phased in over `ramp` steps (in equal differences; a scale in equal
 * factors); optionally undone `duration` steps after the firing. A firing's change is a
 * difference (set, add) or a factor (scale); a revert takes back exactly that change, so
 * events that touch the same parameter compose: when one ends, the others' changes remain.
 * Every firing and every revert is recorded with the values before and after. A firing that
 * would take a parameter outside its valid range fails the run, naming the event and quarter.
 */
import { RunError } from "./errors.js";
import type { Slot } from "./path.js";
import { readSlot, writeSlot } from "./path.js";
import * as fm from "./fmath.js";

export type ActionOp = "set" | "scale" | "add";

export interface ActionSpec {
  /** The path as written, for records and messages. */
  readonly target: string;
  readonly path: readonly string[];
  readonly op: ActionOp;
  readonly value: number;
  /** Steps over which the change is phased in linearly; 0 or 1 means at once. */
  readonly ramp: number;
  /** Steps after firing at which the prior value is restored; null means never. */
  readonly duration: number | null;
  /** The target's valid range; a firing that would leave it fails the run. */
  readonly bounds: Bounds | null;
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

export function withinBounds(v: number, b: Bounds): boolean {
  return (b.minExclusive ? v > b.min : v >= b.min) && (b.maxExclusive ? v < b.max : v <= b.max);
}

/** A compiled boolean expression over the observed metrics. */
export interface Condition {
  readonly text: string;
  evaluate(scope: Record<string, number>): unknown;
  /** Symbols the expression reads, so the engine updates only those. */
  readonly symbols: readonly string[];
}

export interface EventSpec {
  readonly id: string;
  readonly title: string;
  /** Step at which a dated event fires (>= 1), or null for a conditional one. */
  readonly at: number | null;
  readonly when: Condition | null;
  readonly repeat: "once" | "every";
  readonly actions: readonly ActionSpec[];
}

export interface MilestoneSpec {
  readonly id: string;
  readonly title: string;
  readonly when: Condition;
}

/** Plain-data state of one action of one event. */
export interface ActionState {
  active: boolean;
  /** Step at which the current firing happened. */
  start: number;
  /**
   * The change this firing makes: a difference for set and add, a factor for scale. Ramps
   * apply it in equal parts and a revert takes back what was applied, so events that change
   * the same parameter compose instead of overwriting each other.
   */
  change: number;
  /** How much of the change has been applied so far (a difference, or a factor for scale). */
  applied: number;
}

export interface EventState {
  fired: number;
  actions: ActionState[];
}

export interface EventRecord {
  step: number;
  date: string;
  event: string;
  title: string;
  kind: "fire" | "revert";
  changes: { target: string; from: number; to: number }[];
}

export function initialEventState(spec: EventSpec): EventState {
  return {
    fired: 0,
    actions: spec.actions.map(() => ({ active: false, start: 0, change: 0, applied: 0 })),
  };
}

function isScale(a: ActionSpec): boolean {
  return a.op === "scale";
}

/** The value after applying `part` of a change to `v`. */
function applyPart(a: ActionSpec, v: number, part: number): number {
  return isScale(a) ? v * part : v + part;
}

/** The part of the change applied at ramp step k (1-based) of `a.ramp`. */
function rampPart(a: ActionSpec, s: ActionState): number {
  const steps = Math.max(1, a.ramp);
  return isScale(a) ? fm.pow(s.change, 1 / steps) : s.change / steps;
}

/** A number for a message: 12 significant digits hide floating-point noise (0.8999999999999999). */
function readable(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : String(v);
}

function check(spec: EventSpec, a: ActionSpec, from: number, to: number, step: number, date: string): void {
  if (!Number.isFinite(to) || (a.bounds !== null && !withinBounds(to, a.bounds))) {
    const range = a.bounds === null ? "" : `, outside its range [${a.bounds.min}, ${a.bounds.max}]`;
    throw new RunError(`event ${spec.id} would set ${a.target} from ${readable(from)} to ${readable(to)}${range}`, step, date);
  }
}

/** Continues ramps and reverts of events fired earlier. */
export function advanceEvent(
  spec: EventSpec,
  state: EventState,
  slots: readonly Slot[],
  step: number,
  date: string,
  log: EventRecord[],
): void {
  let reverted: EventRecord | null = null;
  for (let i = 0; i < spec.actions.length; i++) {
    const a = spec.actions[i] as ActionSpec;
    const s = state.actions[i] as ActionState;
    if (!s.active) continue;
    const slot = slots[i] as Slot;
    const current = readSlot(slot) as number;
    if (a.duration !== null && step - s.start >= a.duration) {
      const to = isScale(a) ? current / s.applied : current - s.applied;
      check(spec, a, current, to, step, date);
      writeSlot(slot, to);
      s.active = false;
      reverted ??= { step, date, event: spec.id, title: spec.title, kind: "revert", changes: [] };
      reverted.changes.push({ target: a.target, from: current, to });
    } else if (step - s.start < a.ramp) {
      const part = rampPart(a, s);
      const to = applyPart(a, current, part);
      writeSlot(slot, to);
      s.applied = isScale(a) ? s.applied * part : s.applied + part;
    } else if (a.duration === null) {
      s.active = false;
    }
  }
  if (reverted) log.push(reverted);
}

export function isEventActive(state: EventState): boolean {
  for (const s of state.actions) if (s.active) return true;
  return false;
}

/** Applies a firing of an event at `step`: the whole change, or the first part of a ramp. */
export function fireEvent(
  spec: EventSpec,
  state: EventState,
  slots: readonly Slot[],
  step: number,
  date: string,
  log: EventRecord[],
): void {
  const record: EventRecord = { step, date, event: spec.id, title: spec.title, kind: "fire", changes: [] };
  for (let i = 0; i < spec.actions.length; i++) {
    const a = spec.actions[i] as ActionSpec;
    const s = state.actions[i] as ActionState;
    const slot = slots[i] as Slot;
    const current = readSlot(slot) as number;
    const target = a.op === "set" ? a.value : a.op === "scale" ? current * a.value : current + a.value;
    check(spec, a, current, target, step, date);
    s.change = a.op === "scale" ? a.value : target - current;
    s.start = step;
    s.active = a.ramp > 1 || a.duration !== null;
    const part = a.ramp > 1 ? rampPart(a, s) : s.change;
    writeSlot(slot, a.ramp > 1 ? applyPart(a, current, part) : target);
    s.applied = part;
    record.changes.push({ target: a.target, from: current, to: target });
  }
  state.fired++;
  log.push(record);
}
