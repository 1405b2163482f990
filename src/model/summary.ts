/**
 * The key outcomes of a run, computed from its recorded series: who leads and by how much,
 * how often the lead changed, how far capability rose, milestones and fired events.
 */
import type { Clock } from "../engine/clock.js";
import type { SeriesRecorder } from "../engine/metrics.js";
import { offsetOf } from "../engine/metrics.js";
import type { EventRecord } from "../engine/events.js";
import type { MilestoneRecord } from "../engine/run.js";
import { DOMAINS } from "./domains.js";
import * as fm from "../engine/fmath.js";

export interface CountryOutcome {
  id: string;
  capability: number;
  /** Frontier minus the country's capability [OOM]: 10^gap times less effective compute. */
  gap: number;
  monthsBehind: number;
  computeShare: number;
  compute: number;
  aiBudget: number;
  /** Share of world AI usage served by the country's firms [1]. */
  influence: number;
  /** Share of the country's chips, cloud compute included, made in the exposure country's fabs [1]. */
  exposure: number;
  /** Share of its chips, cloud compute included, made in its own fabs [1]. */
  domesticChipShare: number;
  /** Firms in business at the end, and entries and exits over the run. */
  firms: number;
  entries: number;
  exits: number;
}

export interface RunSummary {
  /** Whether the run had a market for AI services and a semiconductor supply chain (without
   * them, influence, price and chip outcomes are 0 and mean nothing). */
  market: boolean;
  supplyChain: boolean;
  start: string;
  end: string;
  steps: number;
  leader: string;
  /** Times the leading country changed over the run. */
  leadershipChanges: number;
  leadMonths: number;
  frontierCapability: { start: number; end: number; unit: "OOM" };
  /** Frontier growth over the last year of the run [OOM/yr]: positive means no finish line. */
  frontierGrowthLastYear: number;
  openPool: number;
  /** Months the best open-weight model trails the frontier at the end. */
  openClosedLag: number;
  /** Yearly factor by which the price of the start's frontier capability fell (0 without a market). */
  priceDeclinePerYear: number;
  computeHhi: number;
  firmHhi: number;
  countries: CountryOutcome[];
  /** Who leads each application domain at the end, and how often that lead changed. */
  domains: { domain: string; leader: string; leadershipChanges: number }[];
  milestones: MilestoneRecord[];
  /** Declared milestones whose condition never held. */
  milestonesNotReached: { id: string; title: string }[];
  events: EventRecord[];
  /** Countries whose designs could not make all their chips for want of high-bandwidth memory:
   * the first and last quarter it happened and the largest share not made (empty if never). */
  memoryShortfalls: Shortfall[];
  /** Countries whose buyers could not connect all the chips they planned for want of power:
   * the first and last quarter it happened and the largest share left unbought (empty if never). */
  powerShortfalls: Shortfall[];
}

/** A country's shortage: the first and last quarter it bound and the largest share it cut. */
export interface Shortfall {
  country: string;
  from: string;
  to: string;
  peak: number;
}

export function summarise(
  rec: SeriesRecorder,
  clock: Clock,
  declared: readonly { id: string; title: string }[],
  milestones: MilestoneRecord[],
  events: EventRecord[],
  has: { market: boolean; supplyChain: boolean } = { market: true, supplyChain: true },
): RunSummary {
  const layout = rec.layout;
  if (layout === undefined) throw new Error("summarise: nothing was recorded");
  const ids = layout.entities["country"] ?? [];
  const last = rec.recorded - 1;
  const cap = offsetOf(layout, "country", "capability");
  const leadership = (offset: number): { leader: number; changes: number } => {
    const leaderAt = (s: number): number => {
      let best = 0;
      for (let i = 1; i < ids.length; i++) if (rec.at(s, offset + i) > rec.at(s, offset + best)) best = i;
      return best;
    };
    let changes = 0;
    let prev = leaderAt(0);
    for (let s = 1; s <= last; s++) {
      const l = leaderAt(s);
      if (l !== prev) changes++;
      prev = l;
    }
    return { leader: prev, changes };
  };
  const { leader: prev, changes } = leadership(cap);
  const g = (name: string) => offsetOf(layout, "global", name);
  const c = (name: string) => offsetOf(layout, "country", name);
  const frontier = g("frontier_capability");
  const yearAgo = Math.max(0, last - 4);
  const years = (last - yearAgo) / 4;
  return {
    market: has.market,
    supplyChain: has.supplyChain,
    start: clock.labels[0] ?? "",
    end: clock.labels[last] ?? "",
    steps: last,
    leader: ids[prev] ?? "",
    leadershipChanges: changes,
    leadMonths: rec.at(last, g("lead_months")),
    frontierCapability: { start: rec.at(0, frontier), end: rec.at(last, frontier), unit: "OOM" },
    frontierGrowthLastYear: years > 0 ? (rec.at(last, frontier) - rec.at(yearAgo, frontier)) / years : 0,
    openPool: rec.at(last, g("open_pool")),
    openClosedLag: rec.at(last, g("open_closed_lag")),
    priceDeclinePerYear: rec.at(last, g("price_index")) > 0 && last > 0 ? fm.pow(rec.at(0, g("price_index")) / rec.at(last, g("price_index")), 4 / last) : 0,
    computeHhi: rec.at(last, g("compute_hhi")),
    firmHhi: rec.at(last, g("firm_hhi")),
    countries: ids.map((id, i) => ({
      id,
      capability: rec.at(last, c("capability") + i),
      gap: rec.at(last, c("gap") + i),
      monthsBehind: rec.at(last, c("months_behind") + i),
      computeShare: rec.at(last, c("compute_share") + i),
      compute: rec.at(last, c("compute") + i),
      aiBudget: rec.at(last, c("ai_budget") + i),
      influence: rec.at(last, c("influence") + i),
      exposure: rec.at(last, c("exposure") + i),
      domesticChipShare: rec.at(last, c("domestic_chip_share") + i),
      firms: rec.at(last, c("firm_count") + i),
      entries: rec.at(last, c("entries") + i),
      exits: rec.at(last, c("exits") + i),
    })),
    domains: DOMAINS.map((domain) => {
      const l = leadership(c(`capability_${domain}`));
      return { domain, leader: ids[l.leader] ?? "", leadershipChanges: l.changes };
    }),
    milestones,
    milestonesNotReached: declared.filter((d) => !milestones.some((m) => m.id === d.id)).map((d) => ({ id: d.id, title: d.title })),
    events,
    memoryShortfalls: shortfalls(rec, clock, ids, last, "hbm_shortfall"),
    powerShortfalls: shortfalls(rec, clock, ids, last, "unpowered_share"),
  };
}

/** Each country's quarters with the share `metric` above 0: first, last and the largest share. */
function shortfalls(rec: SeriesRecorder, clock: Clock, ids: readonly string[], last: number, metric: string): Shortfall[] {
  const layout = rec.layout!;
  if (!layout.defs.some((d) => d.kind === "country" && d.name === metric)) return [];
  const o = offsetOf(layout, "country", metric);
  const out: Shortfall[] = [];
  ids.forEach((id, i) => {
    let from = -1;
    let to = -1;
    let peak = 0;
    for (let s = 0; s <= last; s++) {
      const v = rec.at(s, o + i);
      if (!(v > 0)) continue;
      if (from < 0) from = s;
      to = s;
      peak = Math.max(peak, v);
    }
    if (from >= 0) out.push({ country: id, from: clock.labels[from] ?? "", to: clock.labels[to] ?? "", peak });
  });
  return out;
}
