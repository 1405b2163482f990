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
    { name: `lead_months_${d}`, kind: "global", unit: "months", description: `how many months the leading country in ${d} AI is ahead of the next` },
    { name: `capability_${d}`, kind: "firm", unit: "OOM", description: `the lab's capability in ${d} AI: its own capability with its home country's drivers in the domain` },
  ]);
}

export const METRICS = [
  { name: "frontier_capability", kind: "global", unit: "OOM", description: "world frontier capability: the best country's capability" },
  { name: "open_pool", kind: "global", unit: "OOM", description: "knowledge level of the open pool (best openly available methods and weights)" },
  { name: "compute_total", kind: "global", unit: "EFLOP/s", description: "all AI compute: labs, public programmes and cloud (dense BF16; 1 EFLOP/s is about a thousand H100s)" },
  { name: "ai_power_total", kind: "global", unit: "GW", description: "power all AI compute draws at full use: systems with their networking and optics, before cooling (0 without a supply chain)" },
  { name: "compute_hhi", kind: "global", unit: "1", description: "Herfindahl-Hirschman index of compute shares across countries (1 = one country has all)" },
  { name: "lead_months", kind: "global", unit: "months", description: "how many months the leading country is ahead of the second" },
  { name: "gdp", kind: "country", unit: "USD tn/yr", description: "gross domestic product" },
  { name: "ai_budget", kind: "country", unit: "USD bn/yr", description: "sum of the budgets of the country's labs" },
  { name: "compute", kind: "country", unit: "EFLOP/s", description: "AI compute of the country's labs plus public compute (the clusters that train and run their models; cloud compute is cloud_compute)" },
  { name: "cloud_compute", kind: "country", unit: "EFLOP/s", description: "AI compute of the country's cloud providers and other users outside the labs: it serves users and trains none of the labs' models (0 without initial.cloudCompute)" },
  { name: "compute_share", kind: "country", unit: "1", description: "share of the world's lab and public AI compute (compute; cloud compute not counted)" },
  { name: "knowledge", kind: "country", unit: "OOM", description: "best algorithmic efficiency available in the country (its labs or the open pool)" },
  { name: "capability", kind: "country", unit: "OOM", description: "frontier capability of the country: log10 effective compute at mid-2025 efficiency" },
  { name: "gap", kind: "country", unit: "OOM", description: "how far the country's capability is below the highest frontier reached so far (the one months behind are read against; the current frontier unless it fell): the country has 10^gap times less effective compute; 0 at the frontier" },
  { name: "months_behind", kind: "country", unit: "months", description: "months since the world frontier was at this country's capability (0 at the frontier); it stretches when the frontier slows, so read it beside gap" },
  ...domainMetrics(),
  { name: "compute_spend", kind: "country", unit: "USD bn/yr", description: "money spent on compute by the country's labs, government and cloud providers (less than planned when chips are short)" },
  { name: "chip_access", kind: "country", unit: "1", description: "share of the world's chip output the country may buy under export controls (1 without a supply chain)" },
  { name: "domestic_chip_share", kind: "country", unit: "1", description: "share of the country's chips, cloud compute included, made in its own fabs (0 without a supply chain)" },
  { name: "exposure", kind: "country", unit: "1", description: "share of the country's chips, cloud compute included, made in fabs located in semiconductors.exposureTo (Taiwan in the baseline; 0 without a supply chain)" },
  { name: "ai_power", kind: "country", unit: "GW", description: "power the country's AI compute, cloud compute included, draws at full use: each chip bought at its system's power per unit of compute, retired with the stock (0 without a supply chain)" },
  { name: "fab_capacity", kind: "country", unit: "kwafer/yr", description: "capacity of the fabs located in the country" },
  { name: "fab_investment", kind: "country", unit: "USD bn/yr", description: "investment in the country's fabs: reinvested chip sales, public money and the induced response" },
  { name: "process_lag", kind: "country", unit: "yr", description: "years the most advanced process of the country's fabs trails the leading node: equipment controls on the country widen it, and its share of the world's fab investment closes it (its initial.processLag for a country without fabs, 0 without a supply chain)" },
  { name: "induced_fab_investment", kind: "country", unit: "USD bn/yr", description: "fab investment induced by losing access to foreign chips (C8)" },
  { name: "chip_price", kind: "global", unit: "USD bn per EFLOP/s", description: "average price paid for compute this quarter (0 without a supply chain, where model.computePrice applies)" },
  { name: "chip_output", kind: "global", unit: "EFLOP/s per yr", description: "compute the world's fabs make, at an annual rate" },
  { name: "ai_demand", kind: "country", unit: "USD bn/yr", description: "spending on AI services in the country (0 without a market)" },
  { name: "available_capability", kind: "country", unit: "OOM", description: "capability on offer in the country: log10 of the summed effective compute of its own labs, of foreign labs through its barriers (counted less where their country is distrusted) and of open models, so it can stand above the frontier and is the same for countries with the same access; its growth since the start sets the spending AI justifies there (0 without a market)" },
  { name: "influence", kind: "country", unit: "1", description: "share of world AI usage served by the country's labs and small firms, and by the open models its labs released (0 without a market)" },
  { name: "ai_gdp_contribution", kind: "country", unit: "USD tn/yr", description: "part of GDP due to AI's contribution to growth since the start" },
  { name: "open_capability", kind: "country", unit: "OOM", description: "capability of the best open-weight model the country's labs have released; for a country whose labs have released none, the open pool run on its public compute" },
  { name: "lab_exits", kind: "country", unit: "labs", description: "the country's labs that have exited since the start (small firms not counted)" },
  { name: "firm_count", kind: "country", unit: "firms", description: "labs in business plus small firms" },
  { name: "entries", kind: "country", unit: "firms", description: "firms that have entered since the start" },
  { name: "exits", kind: "country", unit: "firms", description: "firms that have exited since the start (labs and small firms)" },
  { name: "frontier_run", kind: "global", unit: "EFLOP/s-yr", description: "computation of the largest frontier training run: the largest lab compute x its frontier-run share (1 EFLOP/s-yr = 3.16e25 FLOP; 0 without model.runShare*)" },
  { name: "frontier_run", kind: "country", unit: "EFLOP/s-yr", description: "computation of the country's largest frontier training run (0 without model.runShare*)" },
  { name: "open_frontier", kind: "global", unit: "OOM", description: "capability of the best open-weight model" },
  { name: "open_closed_lag", kind: "global", unit: "months", description: "months since the frontier was where the best open-weight model is now" },
  { name: "price_index", kind: "global", unit: "1", description: "price of the start's frontier capability relative to the start (0 without a market)" },
  { name: "leadership_changes", kind: "global", unit: "changes", description: "number of times the leading country has changed so far" },
  { name: "firm_hhi", kind: "global", unit: "1", description: "Herfindahl-Hirschman index of usage shares across labs, small firms and open models (0 without a market)" },
  { name: "revenue", kind: "firm", unit: "USD bn/yr", description: "sales of AI services" },
  { name: "cash", kind: "firm", unit: "USD bn", description: "cash (the lab exits when it is gone; an exited lab's debt went to its buyer or was written off)" },
  { name: "usage_share", kind: "firm", unit: "1", description: "share of world AI usage" },
  { name: "price", kind: "firm", unit: "USD per Mtok", description: "price of a million tokens (the same for all labs of a country)" },
  { name: "rnd_share", kind: "firm", unit: "1", description: "share of the budget going to proprietary R&D (adapts to observed returns)" },
  { name: "open_share", kind: "firm", unit: "1", description: "share of the budget going to open-source work and releases (the lab's openness strategy)" },
  { name: "active", kind: "firm", unit: "1", description: "1 while the lab is in business, 0 after it exits" },
  { name: "output", kind: "design", unit: "EFLOP/s per yr", description: "compute made of this chip design, at an annual rate" },
  { name: "sales", kind: "design", unit: "USD bn/yr", description: "sales of this chip design: output x price, at an annual rate" },
  { name: "price", kind: "design", unit: "USD bn per EFLOP/s", description: "price of a unit of compute of this design (list price x markup)" },
  { name: "performance", kind: "design", unit: "PFLOP/s", description: "dense BF16 performance per chip, after the quarter's change of its fabs' process lag (which applies to the next quarter's chips: the quarter's output was made before it)" },
  { name: "capacity", kind: "fab", unit: "kwafer/yr", description: "wafers a year available to AI chips" },
  { name: "yield", kind: "fab", unit: "1", description: "share of chips that work" },
  { name: "budget", kind: "firm", unit: "USD bn/yr", description: "lab budget" },
  { name: "compute", kind: "firm", unit: "EFLOP/s", description: "lab compute stock" },
  { name: "knowledge", kind: "firm", unit: "OOM", description: "lab algorithmic efficiency relative to the mid-2025 frontier" },
  { name: "capability", kind: "firm", unit: "OOM", description: "lab capability: knowledge + log10(compute)" },
] satisfies readonly MetricDef[];
