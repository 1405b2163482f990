/**
 * A run's outcomes in plain words: the findings and no-finish-line sentences of the reports,
 * the timeline of events and milestones, and the milestone sentence the explorer shows as it
 * happens. Pure: from a run's summary (or its records) to text.
 */
import type { EventRecord } from "../engine/events.js";
import type { MilestoneRecord } from "../engine/run.js";
import type { RunSummary } from "../model/summary.js";
import type { TimelineEntry } from "./html.js";
import * as fm from "../engine/fmath.js";

/** A number with `digits` decimals, or n/a. */
export function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/** An event firing or its end, as a timeline line. */
export function eventText(e: EventRecord): string {
  return `${e.kind === "revert" ? "ends: " : ""}${e.title}`;
}

/** A number as a parameter's value: at most 4 significant digits, no floating-point noise. */
function value(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

/** What an event firing (or its end) changed, in words: "countries.CN.hbmPerWafer 0 to 300". */
export function eventChanges(e: EventRecord): string {
  return e.changes.map((c) => `${c.target} ${value(c.from)} to ${value(c.to)}`).join("; ");
}

/**
 * A title short enough to write beside a rule on a chart: up to its first colon or semicolon
 * ("Taiwan is blockaded: its fabs cannot ship, ..." -> "Taiwan is blockaded"), at most `max`
 * characters.
 */
export function shortTitle(title: string, max = 56): string {
  const head = title.split(/[:;] /)[0]!.replace(/[.,]$/, "").trim();
  return head.length <= max ? head : `${head.slice(0, max - 1).trimEnd()}…`;
}

/** A milestone reached, without its date: "The frontier reaches ... (at the front: ...), and the race went on." */
function milestoneWhat(m: MilestoneRecord): string {
  const by = Object.entries(m.by)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `${m.title.replace(/[;,.]\s*the race goes on\.?$/i, "")}${by ? ` (at the front: ${by})` : ""}, and the race went on.`;
}

export function milestoneText(m: MilestoneRecord): string {
  return `${m.date}: ${milestoneWhat(m)}`;
}

/**
 * The events that fired, in words, one sentence per event with its dates: "2030Q1, event:
 * Taiwan is blockaded: ... (its changes for a time were taken back in 2031Q1)." An event that
 * fired many times (repeat: every) gives its count and first and last dates.
 */
export function eventSentences(events: readonly EventRecord[]): { date: string; text: string }[] {
  const byEvent = new Map<string, EventRecord[]>();
  for (const e of events) byEvent.set(e.event, [...(byEvent.get(e.event) ?? []), e]);
  const out: { date: string; text: string }[] = [];
  for (const records of byEvent.values()) {
    const fired = records.filter((e) => e.kind === "fire").map((e) => e.date);
    const ended = records.filter((e) => e.kind === "revert").map((e) => e.date);
    if (fired.length === 0) continue;
    const when = fired.length <= 3 ? listing(fired) : `${fired.length} times from ${fired[0]} to ${fired[fired.length - 1]}`;
    const end = ended.length === 0 ? "" : ` (its changes for a time were taken back in ${ended.length <= 3 ? listing(ended) : `${ended.length} quarters, the last ${ended[ended.length - 1]}`})`;
    out.push({ date: fired[0]!, text: `${when}, event: ${records[0]!.title.replace(/\.$/, "")}${end}.` });
  }
  return out;
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function findings(o: RunSummary): string[] {
  const out: string[] = [];
  const rising = o.frontierGrowthLastYear > 0;
  out.push(
    `Frontier capability rose from ${fixed(o.frontierCapability.start, 2)} to ${fixed(o.frontierCapability.end, 2)} OOM between ${o.start} and ${o.end}, and was ${rising ? "still rising" : "not rising"} at ${fixed(o.frontierGrowthLastYear, 2)} OOM a year at the end: there is no finish line.`,
  );
  out.push(`${o.leader} leads at the end, ${fixed(o.leadMonths, 1)} months ahead of the next country; the lead changed hands ${o.leadershipChanges} time${o.leadershipChanges === 1 ? "" : "s"}.`);
  const byDomain = o.domains.map((d) => `${d.domain}: ${d.leader}${d.leadershipChanges > 0 ? ` (${d.leadershipChanges} change${d.leadershipChanges === 1 ? "" : "s"})` : ""}`).join(", ");
  if (byDomain) out.push(`Leaders by domain at the end: ${byDomain}.`);
  // what happened, in order: the scenario's events (its what-if) and the milestones passed
  const happened = [...eventSentences(o.events as EventRecord[]), ...o.milestones.map((m) => ({ date: m.date, text: milestoneText(m) }))];
  for (const h of happened.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) out.push(h.text);
  for (const m of o.milestonesNotReached) out.push(`${m.title}: not reached by ${o.end}.`);
  for (const m of o.memoryShortfalls) out.push(`${memoryText(m)}, however many dies its fabs could make.`);
  for (const m of o.powerShortfalls) out.push(`${powerText(m)}; the money stayed unspent.`);
  out.push(`The best open-weight model trails the frontier by ${fixed(o.openClosedLag, 1)} months at the end.`);
  return out;
}

/** A country's shortage of high-bandwidth memory, in words. */
export function memoryText(m: RunSummary["memoryShortfalls"][number]): string {
  const when = m.from === m.to ? `in ${m.from}` : `from ${m.from} to ${m.to}`;
  return `Memory: ${m.country}'s chip designs that need high-bandwidth memory could not make up to ${fixed(m.peak * 100, 0)}% of their output for want of it, ${when}`;
}

/** A country's shortage of power for its AI chips, in words. */
export function powerText(m: RunSummary["powerShortfalls"][number]): string {
  const when = m.from === m.to ? `in ${m.from}` : `from ${m.from} to ${m.to}`;
  return `Power: ${m.country}'s buyers could not connect up to ${fixed(m.peak * 100, 0)}% of the chips they could have bought in a quarter, ${when}`;
}

/** The points of the no-finish-line page, in words, from a run's outcomes. */
export function noFinishLine(o: RunSummary): string[] {
  const out: string[] = [];
  out.push(
    `Capability rose from ${fixed(o.frontierCapability.start, 1)} to ${fixed(o.frontierCapability.end, 1)} OOM (${fixed(o.frontierCapability.end - o.frontierCapability.start, 1)} orders of magnitude) and was ${o.frontierGrowthLastYear > 0 ? "still rising" : "not rising"} at ${fixed(o.frontierGrowthLastYear, 2)} OOM a year at the end: there is no ceiling in sight and no line to cross.`,
  );
  for (const m of o.milestones) out.push(`${milestoneText(m)} Nothing stopped: every country kept investing.`);
  if (o.leadershipChanges > 0) out.push(`The overall lead changed hands ${o.leadershipChanges} time${o.leadershipChanges === 1 ? "" : "s"}; ${o.leader} leads at the end, by ${fixed(o.leadMonths, 1)} months.`);
  const changing = o.domains.filter((d) => d.leadershipChanges > 0);
  if (changing.length > 0) out.push(`The lead in applied domains changed hands too: in ${listing(changing.map((d) => `${d.domain} (${d.leadershipChanges} time${d.leadershipChanges === 1 ? "" : "s"})`))}. Leading is a position held for a while, not a prize won.`);
  const behind = [...o.countries].sort((a, b) => b.monthsBehind - a.monthsBehind)[0];
  if (behind !== undefined && behind.monthsBehind > 0) {
    out.push(
      `Months behind measure a moving target: at the end ${behind.id} was ${fixed(behind.monthsBehind, 1)} months behind where the leader stood then${behind.gap >= 0.005 ? `, a gap of ${fixed(behind.gap, 2)} OOM (${fixed(fm.pow(10, behind.gap), 1)} times less effective compute); months stretch when the frontier slows, so read them beside the gap` : ""}. There is no fixed finish.`,
    );
  }
  return out;
}

/** Events (with what they changed) and milestones, by date; each text without its date. */
export function timeline(o: Pick<RunSummary, "events" | "milestones">): TimelineEntry[] {
  const events = (o.events as EventRecord[]).map((e): TimelineEntry => ({ date: e.date, kind: "event", text: eventText(e), ...(e.changes.length > 0 ? { detail: eventChanges(e) } : {}) }));
  const milestones = o.milestones.map((m): TimelineEntry => ({ date: m.date, kind: "milestone", text: milestoneWhat(m) }));
  return [...events, ...milestones].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
