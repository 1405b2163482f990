/**
 * The explorer's sliders: the main policy levers of a scenario, each a list of positions, and
 * the `--set` overrides that a choice of positions means. The overrides are all there is: the
 * page runs the scenario with them, and shows them as the `airace run` command that gives the
 * same numbers.
 *
 * Which levers a scenario has follows from what it contains:
 *   export controls   the first country with export controls: its chip threshold and equipment
 *                     controls, from a chosen year (before it, the scenario's own rules hold);
 *   supply disruption the fabs of the country `semiconductors.exposureTo` names (Taiwan in the
 *                     baseline): the share of their output that cannot ship, from a year, for
 *                     a number of years;
 *   each country      openness (its labs' open-weight work and public open research, as a
 *                     multiple of the scenario's), fab subsidy, public fab investment (where
 *                     it has fabs), talent policy and regulatory burden.
 * A year's change is an event added with `--set 'events.<id>={...}'` (docs/scenario-format.md);
 * everything else overrides the scenario's value from the start.
 */
import type { Clock } from "../engine/clock.js";
import type { Scenario } from "../scenario/schema.js";

export type LeverFormat = "number" | "percent" | "year" | "times";

export interface Lever {
  /** Key in the page's address: `ec.threshold`, `tw.year`, `CN.fabSubsidy`. */
  id: string;
  /** Heading the slider is shown under. */
  group: string;
  /** For a country's levers, its id. */
  country?: string;
  label: string;
  /** What moving it changes, in words. */
  help: string;
  unit: string;
  /** The slider's positions, ascending; the scenario's own value is one of them. */
  values: number[];
  /** The scenario's value: the position the slider starts at. */
  value: number;
  format: LeverFormat;
  /** Names of special positions (the slider shows them instead of the number). */
  names?: Record<string, string>;
  /** Levers that must move for this one to matter (a date means nothing without a change). */
  dependsOn?: string[];
}

export const EXPORT_EVENT = "ExplorerExportControls";
export const DISRUPTION_EVENT = "ExplorerSupplyDisruption";
export const REGULATION_EVENT = "ExplorerRegulation";

/** Evenly spaced positions from min to max (inclusive) plus `value`, rounded to 12 digits. */
function grid(min: number, max: number, step: number, value: number): number[] {
  const out = new Set<number>([round(value)]);
  const n = Math.round((max - min) / step);
  for (let i = 0; i <= n; i++) out.add(round(min + i * step));
  return [...out].sort((a, b) => a - b);
}

/** A number as written in an override: no floating-point noise (0.1, not 0.09999999999999998). */
export function round(v: number): number {
  return Number(v.toPrecision(12));
}

export function startYear(clock: Clock): number {
  return Math.floor(clock.start / 4);
}

export function endYear(clock: Clock): number {
  return Math.floor(clock.end / 4);
}

/** The country whose export controls the sliders change (the first that has any), if any. */
function controller(s: Scenario) {
  return s.countries.find((c) => c.policy.exportControls !== undefined && c.policy.exportControls.targets.length > 0);
}

/** The fabs a supply disruption stops, and their country. */
function chokepoint(s: Scenario): { country: string; fabs: string[] } | undefined {
  const semi = s.semiconductors;
  if (semi === undefined || s.mechanisms?.semiconductors === false) return undefined;
  const fabs = semi.fabs.filter((f) => f.country === semi.exposureTo).map((f) => f.id);
  return fabs.length > 0 ? { country: semi.exposureTo, fabs } : undefined;
}

/** Chip thresholds worth a position of their own (PFLOP/s, dense BF16). */
const THRESHOLDS = [0.1, 0.15, 0.3, 0.5, 1, 2.5, 1000];
const THRESHOLD_NAMES: Record<string, string> = {
  "0.1": "0.1 PFLOP/s: below an H20",
  "0.15": "0.15 PFLOP/s: H20s allowed",
  "0.3": "0.3 PFLOP/s: the 2023 US rule",
  "2.5": "2.5 PFLOP/s: only chips faster than a B200",
  "1000": "lifted",
};

export function scenarioLevers(s: Scenario, clock: Clock): Lever[] {
  const levers: Lever[] = [];
  const first = startYear(clock);
  const last = endYear(clock);
  const ctl = controller(s);
  if (ctl !== undefined) {
    const ec = ctl.policy.exportControls!;
    const targets = ec.targets.join(", ");
    const group = `Export controls: ${ctl.id} on ${targets}`;
    levers.push(
      {
        id: "ec.threshold",
        group,
        label: "Chip threshold",
        help: `${ctl.id}-designed chips faster than this may not be sold to ${targets} (countries.${ctl.id}.policy.exportControls.threshold)`,
        unit: "PFLOP/s",
        values: [...new Set([...THRESHOLDS, round(ec.threshold)])].sort((a, b) => a - b),
        value: round(ec.threshold),
        format: "number",
        names: THRESHOLD_NAMES,
      },
      {
        id: "ec.equipment",
        group,
        label: "Equipment controls",
        help: `how much of the leading node's progress ${targets}'s fabs cannot follow without the controlled tools, so their process falls behind (and their yields learn more slowly), while the pressure makes them learn to build the tools: 0 none, 1 all (exportControls.equipment)`,
        unit: "1",
        values: grid(0, 1, 0.05, ec.equipment),
        value: round(ec.equipment),
        format: "number",
      },
      {
        id: "ec.year",
        group,
        label: "From",
        help: `the year the new controls start; before it the scenario's own rules hold (an event, events.${EXPORT_EVENT}, at the year's first quarter)`,
        unit: "yr",
        values: grid(first, last, 1, first),
        value: first,
        format: "year",
        names: { [String(first)]: "the start" },
        dependsOn: ["ec.threshold", "ec.equipment"],
      },
    );
  }
  const choke = chokepoint(s);
  if (choke !== undefined) {
    const group = `Supply disruption: ${choke.country}'s fabs`;
    const from = Math.min(first + 1, last);
    levers.push(
      {
        id: "tw.severity",
        group,
        label: "Output lost",
        help: `share of the output of ${choke.country}'s fabs that cannot be shipped: a blockade; 0 is none (an event, events.${DISRUPTION_EVENT}, setting semiconductors.fabs.${choke.fabs.join("/")}.availability)`,
        unit: "1",
        values: grid(0, 1, 0.05, 0),
        value: 0,
        format: "percent",
        names: { "0": "none" },
      },
      {
        id: "tw.year",
        group,
        label: "From",
        help: `the year the disruption starts, in its first quarter (events.${DISRUPTION_EVENT}.at)`,
        unit: "yr",
        values: grid(from, last, 1, Math.min(first + 2, last)),
        value: Math.min(first + 2, last),
        format: "year",
        dependsOn: ["tw.severity"],
      },
      {
        id: "tw.years",
        group,
        label: "For",
        help: `how long the fabs cannot ship, in years, in steps of a quarter (the duration of events.${DISRUPTION_EVENT}'s actions)`,
        unit: "yr",
        values: grid(0.25, 10, 0.25, 2),
        value: 2,
        format: "number",
        dependsOn: ["tw.severity"],
      },
    );
  }
  for (const c of s.countries) {
    const p = c.policy;
    // a share from 0 to `max` in steps of 0.05, starting at the scenario's value
    const share = (key: string, label: string, help: string, value: number, max: number, format: LeverFormat): Lever => ({
      id: `${c.id}.${key}`,
      group: `${c.name} (${c.id})`,
      country: c.id,
      label,
      help,
      unit: "1",
      values: grid(0, max, 0.05, value),
      value: round(value),
      format,
    });
    levers.push({
      ...share("openness", "Openness", `open-weight work of ${c.id}'s labs and public open research, as a multiple of the scenario's (firms' allocation.open, policy.openScienceFunding)`, 1, 1, "times"),
      unit: "x",
      values: grid(0, 3, 0.1, 1),
      names: { "0": "closed" },
    });
    levers.push(share("fabSubsidy", "Fab subsidy", "share of the price of chips from domestic fabs the state pays (policy.fabSubsidy)", p.fabSubsidy, 0.95, "percent"));
    if (s.semiconductors?.fabs.some((f) => f.country === c.id)) {
      const v = p.fabInvestment ?? 0;
      levers.push({ ...share("fabInvestment", "Fab investment", "public investment in domestic fab capacity (policy.fabInvestment)", v, 1, "number"), unit: "USD bn/yr", values: grid(0, Math.max(50, Math.ceil(v * 2)), 1, v) });
    }
    levers.push(share("talent", "Talent openness", "visa and talent policy: how freely researchers move in, 0 closed, 1 open (policy.talentOpenness)", p.talentOpenness ?? 1, 1, "number"));
    levers.push(share("regulation", "Regulatory burden", `how much regulation slows deployment in the physical world and the adoption of AI, 0 none, 1 heavy, from the first quarter on (an event, events.${REGULATION_EVENT}, setting policy.regulatoryBurden)`, p.regulatoryBurden ?? 0, 1, "number"));
  }
  return levers;
}

/** A lever's value as a person reads it: "35%", "2027", "x1.5", "0.3: the 2023 rule". */
export function formatLever(lever: Lever, v: number): string {
  const name = lever.names?.[String(v)];
  if (name !== undefined) return name;
  switch (lever.format) {
    case "percent":
      return `${round(v * 100)}%`;
    case "year":
      return String(v);
    case "times":
      return `x${v}`;
    default:
      return lever.unit === "1" ? String(v) : `${v} ${lever.unit}`;
  }
}

/** A YAML flow map of an event (titles are JSON strings, which YAML reads as they are). */
function eventOverride(id: string, title: string, year: number, actions: string[]): string {
  return `events.${id}={title: ${JSON.stringify(title)}, at: ${year}Q1, actions: [${actions.join(", ")}]}`;
}

/**
 * The overrides for lever positions (`values` holds the levers moved; the others keep the
 * scenario's value and add nothing). Levers are read in the order of `levers`, so the same
 * positions always give the same overrides, in the same order.
 */
export function leverSets(s: Scenario, clock: Clock, levers: readonly Lever[], values: Readonly<Record<string, number>>): string[] {
  const at = (id: string): number => {
    const lever = levers.find((l) => l.id === id);
    const v = Object.prototype.hasOwnProperty.call(values, id) ? values[id] : undefined;
    return v ?? lever?.value ?? NaN;
  };
  const moved = (id: string) => {
    const lever = levers.find((l) => l.id === id);
    return lever !== undefined && at(id) !== lever.value;
  };
  const sets: string[] = [];
  const ctl = controller(s);
  if (ctl !== undefined && (moved("ec.threshold") || moved("ec.equipment"))) {
    const path = `countries.${ctl.id}.policy.exportControls`;
    const changes: [string, number][] = [];
    if (moved("ec.threshold")) changes.push(["threshold", at("ec.threshold")]);
    if (moved("ec.equipment")) changes.push(["equipment", at("ec.equipment")]);
    const year = at("ec.year");
    if (year <= startYear(clock)) {
      for (const [field, v] of changes) sets.push(`${path}.${field}=${v}`);
    } else {
      const what = changes.map(([field, v]) => (field === "threshold" ? `chips above ${v} PFLOP/s` : `equipment controls ${v}`)).join(", ");
      sets.push(eventOverride(EXPORT_EVENT, `${ctl.id} export controls change: ${what}`, year, changes.map(([field, v]) => `{target: ${path}.${field}, set: ${v}}`)));
    }
  }
  const choke = chokepoint(s);
  if (choke !== undefined && at("tw.severity") > 0) {
    const severity = at("tw.severity");
    const quarters = Math.round(at("tw.years") * 4);
    const title = `${choke.country}'s fabs cannot ship ${round(severity * 100)}% of their output for ${at("tw.years")} years`;
    const actions = choke.fabs.map((f) => `{target: semiconductors.fabs.${f}.availability, set: ${round(1 - severity)}, duration: ${quarters}}`);
    sets.push(eventOverride(DISRUPTION_EVENT, title, at("tw.year"), actions));
  }
  for (const c of s.countries) {
    const path = `countries.${c.id}.policy`;
    if (moved(`${c.id}.openness`)) {
      const m = at(`${c.id}.openness`);
      for (const f of s.firms) if (f.country === c.id && f.allocation.open > 0) sets.push(`firms.${f.id}.allocation.open=${round(f.allocation.open * m)}`);
      if (c.policy.openScienceFunding > 0) sets.push(`${path}.openScienceFunding=${round(c.policy.openScienceFunding * m)}`);
    }
    if (moved(`${c.id}.fabSubsidy`)) sets.push(`${path}.fabSubsidy=${at(`${c.id}.fabSubsidy`)}`);
    if (moved(`${c.id}.fabInvestment`)) sets.push(`${path}.fabInvestment=${at(`${c.id}.fabInvestment`)}`);
    if (moved(`${c.id}.talent`)) sets.push(`${path}.talentOpenness=${at(`${c.id}.talent`)}`);
  }
  // a change of regulatory burden from the first quarter on: the burden in force at the start is
  // already in what the countries had deployed then (docs/model.md 7.7)
  const burdens = s.countries.filter((c) => moved(`${c.id}.regulation`));
  if (burdens.length > 0 && clock.steps > 0) {
    const title = `Regulatory burden changes: ${burdens.map((c) => `${c.id} ${at(`${c.id}.regulation`)}`).join(", ")}`;
    const actions = burdens.map((c) => `{target: countries.${c.id}.policy.regulatoryBurden, set: ${at(`${c.id}.regulation`)}}`);
    // an event may only change a field the scenario has: give it its default first
    for (const c of burdens) if (c.policy.regulatoryBurden === undefined) sets.push(`countries.${c.id}.policy.regulatoryBurden=0`);
    sets.push(`events.${REGULATION_EVENT}={title: ${JSON.stringify(title)}, at: ${clock.labels[1]!}, actions: [${actions.join(", ")}]}`);
  }
  return sets;
}

/** The position of `v` on a lever, or the nearest one (and whether it had to move). */
export function snapToLever(lever: Lever, v: number): { value: number; exact: boolean } {
  let best = lever.values[0] as number;
  for (const x of lever.values) if (Math.abs(x - v) < Math.abs(best - v)) best = x;
  return { value: best, exact: best === v };
}
