/**
 * What the model records each quarter: the metric catalogue, declared as data.
 * Names are snake_case; in expressions a country or lab metric is `<name>_<id>`
 * (capability_CN), a global one is `<name>` (frontier_capability).
 */
import type { MetricDef } from "../engine/metrics.js";
import { DOMAINS } from "./domains.js";

function domainMetrics(): MetricDef[] {
  return DOMAINS.flatMap((d) => [
    { name: `capability_${d}`, kind: "country", unit: "OOM", description: `capability in ${d} AI (see docs/model.md, capability per domain)` },
    { name: `months_behind_${d}`, kind: "country", unit: "months", description: `months since the leading country in ${d} AI was where this country is now` },
  ]);
}

export const METRICS = [
  { name: "frontier_capability", kind: "global", unit: "OOM", description: "world frontier capability: the best country's capability" },
  { name: "open_pool", kind: "global", unit: "OOM", description: "knowledge level of the open pool (best openly available methods and weights)" },
  { name: "compute_total", kind: "global", unit: "EFLOP/s", description: "all AI compute, labs and public (dense BF16)" },
  { name: "compute_hhi", kind: "global", unit: "1", description: "Herfindahl-Hirschman index of compute shares across countries (1 = one country has all)" },
  { name: "lead_months", kind: "global", unit: "months", description: "how many months the leading country is ahead of the second" },
  { name: "gdp", kind: "country", unit: "USD tn/yr", description: "gross domestic product" },
  { name: "ai_budget", kind: "country", unit: "USD bn/yr", description: "sum of the budgets of the country's labs" },
  { name: "compute", kind: "country", unit: "EFLOP/s", description: "AI compute of the country's labs plus public compute" },
  { name: "compute_share", kind: "country", unit: "1", description: "share of world AI compute" },
  { name: "knowledge", kind: "country", unit: "OOM", description: "best algorithmic efficiency available in the country (its labs or the open pool)" },
  { name: "capability", kind: "country", unit: "OOM", description: "frontier capability of the country: log10 effective compute at mid-2025 efficiency" },
  { name: "months_behind", kind: "country", unit: "months", description: "months since the world frontier was at this country's capability (0 for the leader)" },
  ...domainMetrics(),
  { name: "budget", kind: "firm", unit: "USD bn/yr", description: "lab budget" },
  { name: "compute", kind: "firm", unit: "EFLOP/s", description: "lab compute stock" },
  { name: "knowledge", kind: "firm", unit: "OOM", description: "lab algorithmic efficiency relative to the mid-2025 frontier" },
  { name: "capability", kind: "firm", unit: "OOM", description: "lab capability: knowledge + log10(compute)" },
] satisfies readonly MetricDef[];
