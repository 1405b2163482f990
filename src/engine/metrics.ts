/**
 * Metrics declared as data, and the frame they are observed into.
 *
 * A model declares each metric once (name, unit, description, entity kind). The engine lays
 * the metrics out in one Float64Array "frame" per step: for each metric, one slot per entity
 * of its kind. Layout is fixed for the whole run, so observing and recording never allocate.
 */

export interface MetricDef {
  /** snake_case name, used in output files and as the stem of expression symbols. */
  readonly name: string;
  /** Unit in words or symbols, e.g. "USD bn/yr", "OOM", "months", "1" for dimensionless. */
  readonly unit: string;
  readonly description: string;
  /** Which entities the metric is recorded for: "global" (one value), "country", "firm", ... */
  readonly kind: string;
}

export interface MetricLayout {
  readonly defs: readonly MetricDef[];
  /** Entity ids by kind; "global" has the single entity "world". */
  readonly entities: Readonly<Record<string, readonly string[]>>;
  /** Offset of each metric's first slot in the frame, parallel to `defs`. */
  readonly offsets: readonly number[];
  /** Total slots in a frame. */
  readonly size: number;
}

export const GLOBAL_ENTITY = "world";

export function makeLayout(
  defs: readonly MetricDef[],
  entities: Readonly<Record<string, readonly string[]>>,
): MetricLayout {
  const all: Record<string, readonly string[]> = { ...entities, global: [GLOBAL_ENTITY] };
  const offsets: number[] = [];
  let size = 0;
  for (const def of defs) {
    const ids = all[def.kind];
    if (ids === undefined) throw new Error(`metric ${def.name}: unknown entity kind ${def.kind}`);
    offsets.push(size);
    size += ids.length;
  }
  return { defs, entities: all, offsets, size };
}

/**
 * Index of a metric in the layout (setup time only, not for the step loop). A metric is
 * identified by kind and name: countries and firms both have a `compute`.
 */
export function metricIndex(layout: MetricLayout, kind: string, name: string): number {
  const i = layout.defs.findIndex((d) => d.kind === kind && d.name === name);
  if (i < 0) throw new Error(`unknown ${kind} metric ${name}`);
  return i;
}

/** Frame offset of the first slot of (kind, metric). Setup time only. */
export function offsetOf(layout: MetricLayout, kind: string, name: string): number {
  return layout.offsets[metricIndex(layout, kind, name)] as number;
}


/**
 * Expression symbols for every (metric, entity) pair: `<metric>` for global metrics and
 * `<metric>_<entity>` for the others, mapped to frame slots.
 */
export function metricSymbols(layout: MetricLayout): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  layout.defs.forEach((def, i) => {
    const ids = layout.entities[def.kind] ?? [];
    const base = layout.offsets[i] as number;
    if (def.kind === "global") out[def.name] = base;
    else ids.forEach((id, j) => (out[`${def.name}_${id}`] = base + j));
  });
  return out;
}

/**
 * The frame slot of one expression symbol, as `metricSymbols` would map it (undefined if the
 * layout has no such symbol). For a run's few condition symbols this avoids building the whole
 * table, one string per slot, at the start of every run.
 */
export function symbolSlot(layout: MetricLayout, symbol: string): number | undefined {
  // metricSymbols lets a later metric's symbol replace an earlier one's: search from the end
  for (let i = layout.defs.length - 1; i >= 0; i--) {
    const def = layout.defs[i] as MetricDef;
    const base = layout.offsets[i] as number;
    if (def.kind === "global") {
      if (symbol === def.name) return base;
      continue;
    }
    if (symbol.length <= def.name.length + 1 || !symbol.startsWith(def.name) || symbol.charCodeAt(def.name.length) !== 95 /* _ */) continue;
    const ids = layout.entities[def.kind] ?? [];
    const j = ids.lastIndexOf(symbol.slice(def.name.length + 1));
    if (j >= 0) return base + j;
  }
  return undefined;
}

/** Receives every observed frame of a run. One run loop, many sinks. */
export interface Sink {
  begin(layout: MetricLayout, steps: number): void;
  /** `frame` is reused by the engine: copy what you keep. */
  step(step: number, frame: Float64Array): void;
  end(): void;
}

/** Keeps every frame in one buffer preallocated for the horizon. */
export class SeriesRecorder implements Sink {
  layout: MetricLayout | undefined;
  data = new Float64Array(0);
  steps = 0;
  recorded = 0;

  begin(layout: MetricLayout, steps: number): void {
    if (this.layout === undefined) {
      this.layout = layout;
      this.steps = steps;
      this.data = new Float64Array((steps + 1) * layout.size);
    }
  }

  step(step: number, frame: Float64Array): void {
    this.data.set(frame, step * frame.length);
    this.recorded = Math.max(this.recorded, step + 1);
  }

  end(): void {}

  /** Value of a slot at a step. */
  at(step: number, slot: number): number {
    const size = this.layout?.size ?? 0;
    return this.data[step * size + slot] as number;
  }
}
