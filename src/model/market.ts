/**
 * Markets: AI services are sold in every country; labs compete on capability and price, home
 * bias and trust; open-weight models are an outside option that caps prices; revenue and
 * investors' funding pay for budgets; labs that run out of money exit; small firms enter
 * where the market is large and the open pool is close to the frontier, and leave when their
 * revenue does not cover their budgets (essay claims C4, C6, C11, C12).
 *
 * Demand in country c [USD bn/yr]:
 *   D_c  = 1000 * Y_c / (1 / u + 1 / (d0 * 10^(eps * (F - F0))))
 * Serving cost per Mtok at a lab's own capability, and the price of country h's labs:
 *   q(t) = q0 * (price of compute now / at the start)
 *   p_h  = q(t) * (1 + mu * s_h),  s_h = the share of world usage of h's labs last quarter
 * A country's labs are chosen as one supplier, by their total effective compute, and share
 * its users by effective compute (a nested choice whose nest is the country):
 *   E_h  = sum over active labs g of h of 10^(a_g - F)
 *   v_hc = E_h^(theta_a / ln 10) * p_h^(-theta_p) * (1 + b)                    h = c (at home)
 *   v_hc = E_h^(theta_a / ln 10) * p_h^(-theta_p) * exp(tau * (G_h - 1/2)) * (1 - X_c)   abroad
 *   (for a country with one lab, E_h^(theta_a / ln 10) = exp(theta_a * (a_f - F)))
 * Attractiveness of one small firm of c, and of self-hosting open models:
 *   v_Nc = N_c^w * exp(theta_a * (a_O - 0.3 - F)) * q^(-theta_p) * (1 + b)    (home market only)
 *   v_Oc = exp(theta_a * (a_O - F)) * q^(-theta_p)
 *   share of each = v / (sum of all v in c)   (computed with every price over q, which cancels
 *                                              and keeps the powers finite; 0 if no v registers)
 *   revenue_f = sum over c of share_hc * D_c * 10^(a_f - F) / E_h     (h the lab's country)
 * Splitting a lab into two identical halves leaves E_h, and so every country's revenue, as it
 * was; a logit over labs would give the halves more users together than the whole.
 * Funding and cash of lab f [USD bn]:
 *   X_f       = B_f - K_f * (1 - spent_c / M_c)   spending: compute money left unspent when
 *               chips sold out stays with the lab (M_c, spent_c: its country's planned and
 *               actual compute spending, chips.ts)
 *   funding_f = min(max(0, X_f - revenue_f), k_f * B_f + m * revenue_f * exp(-g_f / g0)),
 *               g_f = max(0, F - a_f): owners and investors cover what revenue does not, up to
 *               what they will put in
 *   cash_f   <- min(2 B_f, cash_f + (revenue_f + funding_f - X_f) * dt)   (profits beyond two
 *               years of budget go to the owners);  exit when cash_f < -B_f / 2
 *   a lab that exits sells its compute at home (it joins the country's public compute); it no
 *   longer counts for its country's capability, does research or absorbs knowledge
 *   (investment.ts slows a lab's budget growth when it has less than a year of budget in
 *   cash, and cuts the budget at market.distressCut [1/yr] while it is in debt)
 * Small firms of country c (a count N_c; they build on open models):
 *   entries ~ Poisson(nu * D_c / 1000 * 10^(-(F - a_O)) * dt)
 *   hazard  = h * C_c / (R_c + C_c),  C_c = N_c * B_e;  exits ~ Poisson(N_c * (1 - exp(-hazard * dt)))
 * Outcomes:
 *   influence_c = usage share of c's labs and small firms, plus the share of self-hosted open
 *                 models in proportion to sum over c's labs of 10^(o_f - a_O) (o_f their best
 *                 open models, capability.ts), summed over all markets, weighted by D
 *   AI's contribution to growth: macro.ts adds gdpEffect * D_c / (1000 Y_c) to GDP growth
 *   price index at fixed capability (the start's frontier F0): the cheapest way to get F0,
 *     min over labs and the open option of price * 10^(-sigma * max(0, a - F0)), over its
 *     value at the start
 *   firm HHI: sum of squared usage shares of labs, small firms and the open option
 *
 * Symbols: Y_c GDP [USD tn/yr]; F world frontier, F0 at the start, a_f lab capability, a_O the
 * best open-weight capability [OOM]; d0 market.initialDemand, eps demandElasticity [1/OOM],
 * u maxDemand; q0 servingCost [USD per Mtok]; mu markupPower; theta_a qualitySensitivity
 * [1/OOM]; theta_p priceSensitivity; b homeBias; tau trustEffect; G countries.<c>.policy.governance;
 * X_c countries.<c>.policy.foreignAiBarrier;
 * k_f firms.<f>.backing (a parent company or state); B_f the lab's budget [USD bn/yr];
 * m fundingMultiple; g0 fundingGap [OOM]; nu entryRate [1/yr per USD tn]; B_e entrantBudget
 * [USD bn/yr]; w fringeVariety; h fringeExit [1/yr]; sigma distillation. Sources: the scenario files.
 *
 * Switch: mechanisms.market (off, or no market section: no revenue, no exit or entry; labs
 * spend their budgets whatever happens).
 *
 * Random numbers: one stream per country ("entry:<id>"), two draws a quarter (entries, exits),
 * made whatever the switches.
 */
import type { Phase } from "../engine/run.js";
import type { MarketParams } from "../scenario/schema.js";
import { NOTHING_RELEASED } from "./knowledge.js";
import type { Market, World } from "./world.js";
import * as fm from "../engine/fmath.js";

/** Capability gap of small firms below the best open-weight model [OOM]. */
const FRINGE_GAP = 0.3;


export function entryStreams(countryIds: readonly string[]): string[] {
  return countryIds.map((id) => `entry:${id}`);
}

export function initMarket(p: MarketParams | undefined): Market {
  const zero: MarketParams = {
    initialDemand: 0,
    demandElasticity: 0,
    maxDemand: 0,
    qualitySensitivity: 0,
    priceSensitivity: 0,
    homeBias: 0,
    trustEffect: 0,
    markupPower: 0,
    servingCost: 0,
    distillation: 0,
    fundingMultiple: 0,
    fundingGap: 1,
    distressCut: 0,
    entryRate: 0,
    entrantBudget: 1,
    fringeVariety: 0,
    fringeExit: 0,
    gdpEffect: 0,
  };
  return { ...zero, ...p, present: p !== undefined, startFrontier: 0, servingNow: 0, priceBase: 0, priceIndex: 1, hhi: 0 };
}

export function marketActive(world: World): boolean {
  return world.mechanisms.market && world.market.present;
}

/** Ratio of the price of compute now to the start's (1 without a semiconductor market). */
function computePriceRatio(world: World, elapsed: number): number {
  const sc = world.semiconductors;
  if (world.mechanisms.semiconductors && sc.active && sc.averagePrice > 0 && sc.startPrice > 0) return sc.averagePrice / sc.startPrice;
  return fm.pow(2, -elapsed / world.model.hardwareDoublingTime);
}

/**
 * Demand, prices, usage shares, revenue, influence, the price index and concentration for this
 * quarter (no money changes hands here: funding, cash, exits and entries follow in the phase).
 * Also run once at the start, so that step 0 shows the market as it stands.
 */
export function clearMarket(world: World, elapsed: number): void {
  const { countries, firms } = world;
  const m = world.market;
  const nc = countries.length;
    const F = world.frontier;
    const aO = world.openFrontier;
    m.servingNow = m.servingCost * computePriceRatio(world, elapsed);
    const q = m.servingNow;
    const ta = m.qualitySensitivity;
    const tp = m.priceSensitivity;

    // each country's labs are chosen as one supplier: by their total effective compute, at a
    // price set by their joint share of usage last quarter; within the country, users divide
    // among its labs by effective compute (so listing a lab as two halves changes nothing)
    for (let c = 0; c < nc; c++) {
      countries[c]!.labShare = 0;
      countries[c]!.labCompute = 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      countries[f.home]!.labShare += f.usageShare;
      f.revenue = 0;
      // effective compute relative to the frontier's [1]
      f.appeal = f.active ? fm.pow(10, f.capability - F) : 0;
      countries[f.home]!.labCompute += f.appeal;
    }
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      country.labPrice = q * (1 + m.markupPower * country.labShare);
      // appeal before home bias, trust and barriers; the same in every market
      // prices enter relative to the serving cost q, which every option shares (q^-theta_p
      // cancels out of the shares and would overflow when q is tiny)
      country.labAppeal = country.labCompute > 0 ? fm.exp(ta * fm.log10(country.labCompute)) * fm.pow(1 + m.markupPower * country.labShare, -tp) : 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (f.active) f.price = countries[f.home]!.labPrice;
    }
    for (let c = 0; c < nc; c++) countries[c]!.trust = fm.exp(m.trustEffect * (countries[c]!.policy.governance - 0.5));
    let world$ = 0;
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      country.aiDemand = (1000 * country.gdp) / (1 / m.maxDemand + 1 / (m.initialDemand * fm.pow(10, m.demandElasticity * (F - m.startFrontier))));
      world$ += country.aiDemand;
    }
    // the open option's and a small firm's appeal before variety are the same in every market
    const vOpen = fm.exp(ta * (aO - F));
    const fringeQuality = fm.exp(ta * (aO - FRINGE_GAP - F));
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      const vFringe = fm.pow(country.fringe, m.fringeVariety) * (country.fringe > 0 ? 1 : 0) * fringeQuality * (1 + m.homeBias);
      const home = 1 + m.homeBias;
      const abroad = 1 - country.policy.foreignAiBarrier;
      let total = vOpen + vFringe;
      for (let h = 0; h < nc; h++) total += countries[h]!.labAppeal * (h === c ? home : countries[h]!.trust * abroad);
      // nothing anyone offers registers (every appeal underflowed): no one sells
      const perAppeal = total > 0 ? country.aiDemand / total : 0;
      for (let i = 0; i < firms.length; i++) {
        const f = firms[i]!;
        if (f.appeal <= 0) continue;
        const h = countries[f.home]!;
        f.revenue += perAppeal * h.labAppeal * (f.home === c ? home : h.trust * abroad) * (f.appeal / h.labCompute);
      }
      country.fringeRevenue = perAppeal * vFringe;
      country.openUsage = perAppeal * vOpen;
    }

    // shares, influence, concentration
    for (let c = 0; c < nc; c++) countries[c]!.influence = 0;
    let hhi = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      f.usageShare = world$ > 0 ? f.revenue / world$ : 0;
      countries[f.home]!.influence += f.usageShare;
      hhi += f.usageShare * f.usageShare;
    }
    let open = 0;
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      const fr = world$ > 0 ? country.fringeRevenue / world$ : 0;
      country.influence += fr;
      if (country.fringe > 0) hhi += (fr * fr) / country.fringe;
      open += world$ > 0 ? country.openUsage / world$ : 0;
    }
    hhi += open * open;
    // self-hosted open models count for the countries whose labs released them, in proportion
    // to the effective compute of their best open models (a sum, as for the labs' own services)
    let released = 0;
    for (let c = 0; c < nc; c++) countries[c]!.openWeight = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active || f.openCapability === NOTHING_RELEASED) continue;
      const w = fm.pow(10, f.openCapability - aO);
      countries[f.home]!.openWeight += w;
      released += w;
    }
    if (released > 0) for (let c = 0; c < nc; c++) countries[c]!.influence += (open * countries[c]!.openWeight) / released;
    m.hhi = hhi;

    // price index at fixed capability
    let cheapest = q * fm.pow(10, -m.distillation * Math.max(0, aO - m.startFrontier));
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) continue;
      const p = f.price * fm.pow(10, -m.distillation * Math.max(0, f.capability - m.startFrontier));
      if (p < cheapest) cheapest = p;
    }
    if (m.priceBase === 0) m.priceBase = cheapest;
    m.priceIndex = cheapest / m.priceBase;

}

export const marketPhase: Phase<World> = {
  name: "market",
  description: "labs sell AI services on capability and price; revenue and funding pay budgets; labs exit when insolvent; small firms enter and leave",
  run(world, ctx) {
    const { countries, firms } = world;
    const m = world.market;
    const dt = ctx.dt;
    const nc = countries.length;
    // draws first, whatever the switches, so that streams stay in step across scenarios
    for (let c = 0; c < nc; c++) {
      const rng = ctx.streams[world.entryStream + c]!;
      countries[c]!.entryDraw = rng.next();
      countries[c]!.exitDraw = rng.next();
    }
    if (!marketActive(world)) return;
    clearMarket(world, ctx.step * dt);
    const F = world.frontier;

    // funding, cash, exit
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) continue;
      const gap = Math.max(0, F - f.capability);
      // what the lab actually spent: compute money it could not spend (chips sold out) stays
      const home = countries[f.home]!;
      const filled = home.computeSpend > 0 ? Math.min(1, home.spent / home.computeSpend) : 1;
      const spending = f.budget - f.computeSpend * (1 - filled);
      // owners and investors cover what revenue does not, up to what each will put in
      const need = Math.max(0, spending - f.revenue);
      f.funding = Math.min(need, f.backing * f.budget + m.fundingMultiple * f.revenue * fm.exp(-gap / m.fundingGap));
      f.cash = Math.min(2 * f.budget, f.cash + (f.revenue + f.funding - spending) * dt);
      if (f.cash < -f.budget / 2) {
        // the lab exits; its computers are sold at home and serve the country's public users
        const home = countries[f.home]!;
        home.publicCompute += f.compute;
        f.compute = 0;
        f.active = false;
        f.budget = 0;
        f.rndSpend = 0;
        f.openSpend = 0;
        f.computeSpend = 0;
        f.funding = 0;
        f.usageShare = 0;
        countries[f.home]!.exits++;
      }
    }

    // small firms: entry and exit
    const openCloseness = fm.pow(10, -Math.max(0, F - world.openFrontier));
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      const entryMean = m.entryRate * (country.aiDemand / 1000) * openCloseness * dt;
      const cost = country.fringe * m.entrantBudget;
      const hazard = cost > 0 ? (m.fringeExit * cost) / (country.fringeRevenue + cost) : 0;
      const exitMean = country.fringe * (1 - fm.exp(-hazard * dt));
      const entered = poissonFrom(country.entryDraw, entryMean);
      const left = Math.min(country.fringe, poissonFrom(country.exitDraw, exitMean));
      country.fringe += entered - left;
      country.entries += entered;
      country.exits += left;
    }
  },
};

/** Poisson count with mean `mean` from one uniform draw `u` (inversion; normal tail above 30). */
export function poissonFrom(u: number, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    let k = 0;
    let p = fm.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  // normal approximation; the normal quantile of u from the logistic approximation to its CDF
  const z = fm.log(u / (1 - u)) / 1.702;
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
}
