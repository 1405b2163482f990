/**
 * A run's time series read back from timeseries.csv (as `airace run` writes it), indexed by
 * (entity kind, entity, metric), for charts and reports. Pure: takes the file's text.
 */

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
