/** The terminal summary of a run: the key outcomes and milestones, and where the output went. */
import type { RunSummary } from "../model/summary.js";
import { fixed, memoryText, powerText } from "../report/narrative.js";

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

const BARS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of `values` sampled at `width` evenly spaced points, on the scale 0..max (shared
 * by every line of a table, so that lines compare).
 */
export function sparkline(values: readonly number[], max: number, width = 16): string {
  if (values.length === 0) return "";
  let out = "";
  for (let i = 0; i < width; i++) {
    const v = values[Math.round((i * (values.length - 1)) / Math.max(1, width - 1))] as number;
    const level = max > 0 && Number.isFinite(v) ? Math.min(BARS.length - 1, Math.max(0, Math.round((v / max) * (BARS.length - 1)))) : 0;
    out += BARS[level];
  }
  return out;
}

export function formatSummary(
  title: string,
  name: string,
  seed: number,
  s: RunSummary,
  dir: string,
  files: readonly string[],
  /** Months behind the leader over the run, by country, for the sparklines. */
  behind?: ReadonlyMap<string, readonly number[]>,
): string {
  const lines: string[] = [];
  lines.push(`${title} [${name}, seed ${seed}]`);
  lines.push(`${s.start} to ${s.end}, ${s.steps} quarters`);
  lines.push("");
  const pct = (v: number) => `${fixed(v * 100, 1)}%`;
  const max = behind === undefined ? 0 : Math.max(0, ...[...behind.values()].flatMap((v) => v.filter(Number.isFinite)));
  const spark = (id: string) => (behind === undefined ? "" : `  ${sparkline(behind.get(id) ?? [], max)}`);
  const sparkHead = behind === undefined ? ["", ""] : [`  ${pad("months behind", 16)}`, `  ${pad(`${s.start}-${s.end}`, 16)}`];
  lines.push(
    `${pad("country", 8)}${pad("capability", 12, true)}${pad("gap", 7, true)}${pad("months", 8, true)}${pad("compute", 9, true)}${pad("lab budgets", 13, true)}${pad("influence", 11, true)}${pad("from own", 10, true)}${pad("firms", 7, true)}${sparkHead[0]}`.trimEnd(),
  );
  lines.push(`${pad("", 8)}${pad("(OOM)", 12, true)}${pad("(OOM)", 7, true)}${pad("behind", 8, true)}${pad("share", 9, true)}${pad("(USD bn/yr)", 13, true)}${pad("(usage)", 11, true)}${pad("fabs", 10, true)}${pad("", 7, true)}${sparkHead[1]}`.trimEnd());
  const rows = [...s.countries].sort((a, b) => b.capability - a.capability);
  for (const c of rows) {
    lines.push(
      `${pad(c.id, 8)}${pad(fixed(c.capability, 2), 12, true)}${pad(fixed(c.gap, 2), 7, true)}${pad(fixed(c.monthsBehind, 1), 8, true)}${pad(pct(c.computeShare), 9, true)}${pad(fixed(c.aiBudget, 1), 13, true)}${pad(s.market ? pct(c.influence) : "n/a", 11, true)}${pad(s.supplyChain ? pct(c.domesticChipShare) : "n/a", 10, true)}${pad(String(c.firms), 7, true)}${spark(c.id)}`,
    );
  }
  lines.push("");
  lines.push("Gap: OOM below the frontier (1 = 10x less effective compute). Months behind: how long ago the frontier");
  lines.push("was there, which stretches when it slows: a gap can narrow while the months behind grow.");
  lines.push(
    `Leader at the end: ${s.leader}, ahead by ${fixed(s.leadMonths, 1)} months; the lead changed hands ${s.leadershipChanges} time${s.leadershipChanges === 1 ? "" : "s"}.`,
  );
  lines.push(
    `Leaders by domain at the end: ${s.domains.map((d) => `${d.domain} ${d.leader}${d.leadershipChanges > 0 ? ` (${d.leadershipChanges} change${d.leadershipChanges === 1 ? "" : "s"})` : ""}`).join(", ")}.`,
  );
  const rising = s.frontierGrowthLastYear > 0 ? "still rising" : "not rising";
  lines.push(
    `Frontier capability: ${fixed(s.frontierCapability.start, 2)} -> ${fixed(s.frontierCapability.end, 2)} OOM, ${rising} at ${fixed(s.frontierGrowthLastYear, 2)} OOM/yr in the last year.`,
  );
  const entries = s.countries.reduce((n, c) => n + c.entries, 0);
  const exits = s.countries.reduce((n, c) => n + c.exits, 0);
  lines.push(`Open-weight models trail the frontier by ${fixed(s.openClosedLag, 1)} months${s.market ? `; ${entries} firms entered and ${exits} exited over the run` : " (no market: firms neither enter nor exit)"}.`);
  if (!s.market || !s.supplyChain) {
    const missing = [s.market ? "" : "a market section (influence, prices, entry and exit)", s.supplyChain ? "" : "a semiconductor supply chain (chips made in fabs)"].filter(Boolean);
    lines.push(`Not in this scenario: ${missing.join(" and ")}; hence n/a above.`);
  }
  for (const m of s.memoryShortfalls) lines.push(memoryText(m) + ".");
  for (const m of s.powerShortfalls) lines.push(powerText(m) + ".");
  if (s.priceDeclinePerYear > 0) lines.push(`The price of the start's frontier capability fell ${fixed(s.priceDeclinePerYear, 1)}x a year on average.`);
  if (s.milestones.length > 0) {
    lines.push("Milestones (recorded; they change nothing by themselves):");
    for (const m of s.milestones) {
      const by = [m.by["lab"], m.by["country"]].filter(Boolean).join(", ");
      lines.push(`  ${m.date}  ${m.title}${by ? ` (frontier then: ${by})` : ""}`);
    }
  }
  if (s.milestonesNotReached.length > 0) {
    lines.push("Milestones not reached by the end:");
    for (const m of s.milestonesNotReached) lines.push(`  ${m.title}`);
  }
  if (s.events.length > 0) {
    lines.push("Events:");
    for (const e of s.events) {
      const changes = e.changes.map((c) => `${c.target} ${fixed(c.from, 3)} -> ${fixed(c.to, 3)}`).join("; ");
      lines.push(`  ${e.date}  ${e.kind === "revert" ? "end of " : ""}${e.title}: ${changes}`);
    }
  }
  lines.push("");
  lines.push(`Output: ${dir}/ (${files.join(", ")})`);
  return lines.join("\n");
}
