/**
 * A run's time series indexed by (entity kind, entity, metric), for charts and reports: read
 * back from timeseries.csv (as `airace run` writes it), or taken from the frames a run is
 * recording (the explorer, as it plays). Pure.
 */
import type { MetricLayout } from "../engine/metrics.js";

export interface RunSeries {
  /** Quarter labels by step (2025Q3, ...). */
  dates: string[];
  /** Decimal year at the start of each step's quarter. */
  years: number[];
  /** Entity ids by kind, in the order of the file (the scenario's order). */
  entities: Map<string, string[]>;
  /** Values by step, keyed `${kind}|${entity}|${metric}`. */
  values: Map<string, number[]>;
}

/** Decimal year at the start of a quarter label (2025Q3 -> 2025.5). */
export function yearOf(label: string): number {
  return Number(label.slice(0, 4)) + (Number(label.slice(5)) - 1) / 4;
}

export function parseTimeseries(text: string): RunSeries {
  const lines = text.split("\n");
  if (lines[0] !== "step,date,entity_kind,entity,metric,value") throw new Error("not a timeseries.csv written by airace run (unexpected header)");
  const dates: string[] = [];
  const entities = new Map<string, string[]>();
  const values = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const [stepText, date, kind, entity, metric, value] = line.split(",") as [string, string, string, string, string, string];
    const step = Number(stepText);
    dates[step] = date;
    let ids = entities.get(kind);
    if (ids === undefined) entities.set(kind, (ids = []));
    if (step === 0 && !ids.includes(entity)) ids.push(entity);
    const key = `${kind}|${entity}|${metric}`;
    let series = values.get(key);
    if (series === undefined) values.set(key, (series = []));
    series[step] = value === "" ? NaN : Number(value);
  }
  return { dates, years: dates.map(yearOf), entities, values };
}

/** The series of one metric of one entity (empty when the run has none). */
export function seriesOf(s: RunSeries, kind: string, entity: string, metric: string): number[] {
  return s.values.get(`${kind}|${entity}|${metric}`) ?? [];
}

export function hasMetric(s: RunSeries, kind: string, metric: string): boolean {
  const first = s.entities.get(kind)?.[0];
  return first !== undefined && s.values.has(`${kind}|${first}|${metric}`);
}

/**
 * The series of the first `recorded` steps of a run from its frames (`data` holds one frame of
 * `layout.size` values per step, as SeriesRecorder keeps them): the same series as
 * parseTimeseries gives for the timeseries.csv of those steps.
 */
export function seriesFromFrames(layout: MetricLayout, labels: readonly string[], data: Float64Array, recorded: number): RunSeries {
  const dates = labels.slice(0, recorded);
  const entities = new Map<string, string[]>();
  const values = new Map<string, number[]>();
  layout.defs.forEach((def, i) => {
    const ids = layout.entities[def.kind] ?? [];
    if (!entities.has(def.kind)) entities.set(def.kind, [...ids]);
    const base = layout.offsets[i] as number;
    ids.forEach((id, j) => {
      const series = new Array<number>(recorded);
      for (let step = 0; step < recorded; step++) {
        const v = data[step * layout.size + base + j] as number;
        series[step] = Number.isFinite(v) ? v : NaN; // as the CSV's empty cell reads back
      }
      values.set(`${def.kind}|${id}|${def.name}`, series);
    });
  });
  return { dates, years: dates.map(yearOf), entities, values };
}
