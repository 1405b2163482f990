/**
 * Markets: AI services are sold in every country; labs compete on capability and price, home
 * bias and trust; open-weight models are an outside option that caps prices; revenue and
 * investors' funding pay for budgets; labs that run out of money exit; small firms enter
 * where the market is large and the open pool is close to the frontier, and leave when their
 * revenue does not cover their budgets (essay claims C4, C6, C11, C12).
 *
 * Demand in country c [USD bn/yr]: what its users can reach, taken up over time:
 *   A_c  = F + log10(10^(a_O - F) + sum over h of w_hc * E_h)     capability on offer [OOM]
 *          w_hc = 1 at home, min(1, T_h) * (1 - X_c) abroad, T_h = exp(tau * (G_h - 1/2))
 *          the trust in h's AI abroad (E_h below)
 *   d*_c = 1 / (1 / u + 1 / (d0 * L * 10^(eps * (A_c - A_c(t0)))))   share of GDP it justifies
 *   d_c <- d_c + (1 - exp(-r * (1 - beta_R * R_c) * dt)) * (d*_c - d_c),  d_c(t0) = 1 / (1 / u + 1 / d0)
 *   D_c  = 1000 * Y_c * d_c
 *   L    = (x - 1 + a) / (a * x),  a = 1 - exp(-r * dt),  x = 10^(eps * v0 * dt)
 *          (the start is on the path of adoption without regulation: spending that closes the
 *          share a of the gap each quarter, behind a target growing by x a quarter, stays a
 *          factor L below it; 1 without an adoption rate, when spending follows at once)
 * Every country starts at the share d0 of GDP (no source gives spending by country; the
 * barriers and burdens in force at the start are in that level). From there its spending grows
 * with what is on offer to it: its own labs, foreign labs its barriers let in (counted less
 * where their country is distrusted: trust above 1 makes a country's AI preferred abroad,
 * below, but cannot make more of it available than there is) and open models. Regulation slows
 * how fast spending follows, the same whether it was in force at the start or comes later,
 * and changes how much is spent in the end only through what is on offer (C11). A sum of
 * effective compute, so listing a lab as two halves leaves it as it was; a lab that leaves
 * without a buyer no longer counts (its computers serve public users, who run the open models
 * already counted).
 * Serving cost per Mtok at a lab's own capability, and the price of country h's labs:
 *   q(t) = q0 * (price of compute now / at the start)
 *   p_h  = q(t) * (1 + min(1 / (theta_p * (1 - s_h)), 100))
 *          the price that maximises the gross profit of h's labs, who price as one supplier,
 *          given that their share of spending s falls with price as p^-theta_p (below): the
 *          profit x (1 - q/p) with d ln x / d ln p = -theta_p (1 - s) is largest where
 *          q / (p - q) = theta_p (1 - s) (the logit markup of Berry 1994, with log price).
 *          The margin (p - q) / p = 1 / (1 + theta_p (1 - s)) is half or more with the
 *          baseline's theta_p = 1, and falls toward zero when users chase price (a price war)
 *   s_h  = sum over c of x_hc * (x_hc / D_c) / sum over c of x_hc: the share of h's labs in
 *          the markets they sell in, weighted by their sales x_hc there, last quarter (market
 *          power is local: a lab that holds its home market prices above cost even if its
 *          share of the world is small)
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
 * Gross profit, funding and cash of lab f [USD bn/yr, USD bn]:
 *   P_f       = revenue_f * (1 - q / p_h) = revenue_f / (1 + theta_p (1 - s_h)): revenue less the
 *               cost of serving its users (the serving fleet is paid at the serving cost q;
 *               the budget pays for research, open work and compute for training and
 *               experiments). A price war, in which users chase price, cuts gross profit, not revenue
 *   X_f       = B_f - K_f * (1 - spent_c / M_c)   spending: compute money left unspent when
 *               chips sold out stays with the lab (M_c, spent_c: its country's planned and
 *               actual compute spending, chips.ts)
 *   funding_f = min(max(0, X_f - P_f), z_f * B_f + I * P_f * exp(-g_f / g0)),
 *               g_f = max(0, K - k_f), K the best knowledge of any active lab: backers pay
 *               their share z_f of the budget and investors put in a multiple of gross profit
 *               that falls the further the lab's research trails (its prospects; its size is
 *               already in its profit), up to what is needed
 *   cash_f   <- min(2 B_f, cash_f + (P_f + funding_f - X_f) * dt)   (profits beyond two years of
 *               budget go to the owners);  the lab exits when cash_f < 0, once every lab's
 *               cash is updated, in the order of the labs' ids
 *   (investment.ts holds a lab's budget to what it can finance, cutting it no faster than
 *   market.distressCut [1/yr]; meanwhile its cash runs down)
 *   A lab that exits is acquired if a lab of its country can buy it: the active lab at home
 *   whose cash covers the failed lab's debt, with the largest budget (ties to the smaller id),
 *   takes its compute and its debt, and its staff bring what they know (the buyer's knowledge
 *   becomes the larger of the two; Inflection, Adept and Character.AI went this way in 2024).
 *   With no buyer it leaves frontier work for applications: its computers serve its country's
 *   public users and its debt is written off (01.AI, Baichuan, 2025). Either way it no longer
 *   counts for its country's capability, does research or absorbs knowledge
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
 * u maxDemand; r adoptionRate [1/yr] (absent: d_c = d*_c at once); beta_R regulationDrag (< 1);
 * R_c countries.<c>.policy.regulatoryBurden; v0 model.initialFrontierPace [OOM/yr];
 * q0 servingCost [USD per Mtok]; theta_a qualitySensitivity
 * [1/OOM]; theta_p priceSensitivity; b homeBias; tau trustEffect; G countries.<c>.policy.governance;
 * X_c countries.<c>.policy.foreignAiBarrier;
 * z_f firms.<f>.backing (a parent company's or state's share of the budget); B_f the lab's budget [USD bn/yr];
 * I investorMultiple; g0 fundingGap [OOM]; nu entryRate [1/yr per USD tn]; B_e entrantBudget
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
import { blank } from "./fill.js";
import * as fm from "../engine/fmath.js";

/**
 * Highest markup a country's labs charge over serving cost [1]: a price of at most 101 times
 * the cost of serving. With a fixed spending on AI, a supplier whose users barely compare on
 * price (theta_p (1 - s) near 0) has no finite best price; assumption: above a hundred times the
 * serving cost, users would rather run what they can themselves.
 */
const MAX_MARKUP = 100;

/** Capability gap of small firms below the best open-weight model [OOM]. */
const FRINGE_GAP = 0.3;


export function entryStreams(countryIds: readonly string[]): string[] {
  return countryIds.map((id) => `entry:${id}`);
}

/** Market parameters without a market section: nothing is demanded or sold. */
const NO_MARKET: Required<MarketParams> = {
  initialDemand: 0,
  demandElasticity: 0,
  maxDemand: 0,
  adoptionRate: 0,
  regulationDrag: 0,
  qualitySensitivity: 0,
  priceSensitivity: 0,
  homeBias: 0,
  trustEffect: 0,
  servingCost: 0,
  distillation: 0,
  investorMultiple: 0,
  fundingGap: 1,
  distressCut: 0,
  entryRate: 0,
  entrantBudget: 1,
  fringeVariety: 0,
  fringeExit: 0,
  gdpEffect: 0,
  cloudGrowth: 0,
  cloudExpectation: 0,
  cloudHorizon: 0,
};
const MARKET_KEYS = Object.keys(NO_MARKET) as (keyof MarketParams)[];

/** The market at the start, in `prev` if given (a world from an earlier run; init.ts). */
export function fillMarket(prev: Market | undefined, p: MarketParams | undefined): Market {
  const t = blank(prev);
  for (const k of MARKET_KEYS) t[k] = p?.[k] ?? NO_MARKET[k]!;
  t.present = p !== undefined;
  t.startFrontier = 0;
  t.servingNow = 0;
  t.priceBase = 0;
  t.priceIndex = 1;
  t.hhi = 0;
  return t;
}

/** The best knowledge among active labs [OOM] (-Infinity if none): what investors judge a lab's research against. */
export function bestKnowledge(world: World): number {
  let best = -Infinity;
  for (let i = 0; i < world.firms.length; i++) {
    const f = world.firms[i]!;
    if (f.active && f.knowledge > best) best = f.knowledge;
  }
  return best;
}

/**
 * Investors' confidence in a lab [1]: e^(-gap / g0), the gap being how far its knowledge
 * trails the best lab's. Knowledge, not capability: a lab's size is already in its gross
 * profit, and judging it again by its compute would make two halves of a lab worth less to
 * investors than the whole.
 */
export function investorConfidence(f: { knowledge: number }, best: number, fundingGap: number): number {
  return fm.exp(-Math.max(0, best - f.knowledge) / fundingGap);
}

/**
 * Price over serving cost, less one, of a supplier with share `share` of the markets it sells
 * in, when its share of spending falls with its price as p^-priceSensitivity: the price that
 * maximises its gross profit, 1 / (priceSensitivity * (1 - share)), at most MAX_MARKUP.
 */
export function labMarkup(priceSensitivity: number, share: number): number {
  const e = priceSensitivity * (1 - share);
  return e * MAX_MARKUP > 1 ? 1 / e : MAX_MARKUP;
}

/**
 * How far a target that grows by `growth` a quarter stands above spending that follows it on a
 * steady path, closing the share `adopt` of the gap each quarter: (growth - 1 + adopt) /
 * (adopt x growth). 1 when spending follows at once (adopt = 1) or the target stands still
 * (growth = 1); it grows without bound as adoption stops (Infinity at adopt = 0).
 */
export function adoptionLead(adopt: number, growth: number): number {
  return adopt > 0 ? (growth - 1 + adopt) / (adopt * growth) : Infinity;
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
export function clearMarket(world: World, elapsed: number, dt: number): void {
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
    // price set by their share of the markets they sell in last quarter (labShare, below);
    // within the country, users divide among its labs by effective compute (so listing a lab
    // as two halves changes nothing)
    for (let c = 0; c < nc; c++) {
      countries[c]!.labCompute = 0;
      countries[c]!.labSales = 0;
      countries[c]!.labSalesShare = 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      f.revenue = 0;
      // effective compute relative to the frontier's [1]
      f.appeal = f.active ? fm.pow(10, f.capability - F) : 0;
      countries[f.home]!.labCompute += f.appeal;
    }
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      // the price that maximises the labs' profit given how users respond to it (below)
      country.labMarkup = labMarkup(tp, country.labShare);
      country.labPrice = q * (1 + country.labMarkup);
      // appeal before home bias, trust and barriers; the same in every market
      // prices enter relative to the serving cost q, which every option shares (q^-theta_p
      // cancels out of the shares and would overflow when q is tiny)
      country.labAppeal = country.labCompute > 0 ? fm.exp(ta * fm.log10(country.labCompute)) * fm.pow(1 + country.labMarkup, -tp) : 0;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (f.active) f.price = countries[f.home]!.labPrice;
    }
    for (let c = 0; c < nc; c++) countries[c]!.trust = fm.exp(m.trustEffect * (countries[c]!.policy.governance - 0.5));
    const start = elapsed === 0;
    const openOffer = fm.pow(10, aO - F);
    // the frontier's growth a quarter before the start, in the spending it justifies
    const growth = fm.pow(10, m.demandElasticity * world.model.initialFrontierPace * dt);
    const adopting = m.adoptionRate > 0;
    const lead = adopting ? adoptionLead(1 - fm.exp(-m.adoptionRate * dt), growth) : 1;
    let world$ = 0;
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      // what the country's users can buy or run: its labs, foreign labs through its barriers
      // (counted less where their country is distrusted), and open models
      const abroad = 1 - country.policy.foreignAiBarrier;
      let offer = openOffer;
      for (let h = 0; h < nc; h++) offer += countries[h]!.labCompute * (h === c ? 1 : Math.min(1, countries[h]!.trust) * abroad);
      country.available = F + fm.log10(Math.max(offer, Number.MIN_VALUE));
      if (start) country.availableStart = country.available;
      const justified = m.initialDemand * lead * fm.pow(10, m.demandElasticity * (country.available - country.availableStart));
      const target = 1 / (1 / m.maxDemand + 1 / justified);
      if (start || !adopting) country.aiDemandShare = start ? 1 / (1 / m.maxDemand + lead / justified) : target;
      else country.aiDemandShare += (1 - fm.exp(-m.adoptionRate * (1 - m.regulationDrag * country.policy.regulatoryBurden) * dt)) * (target - country.aiDemandShare);
      country.aiDemand = 1000 * country.gdp * country.aiDemandShare;
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
      for (let h = 0; h < nc; h++) {
        const sales = perAppeal * countries[h]!.labAppeal * (h === c ? home : countries[h]!.trust * abroad);
        world.served[h * nc + c] = country.aiDemand > 0 ? sales / country.aiDemand : 0;
        countries[h]!.labSales += sales;
        if (country.aiDemand > 0) countries[h]!.labSalesShare += (sales * sales) / country.aiDemand;
      }
      for (let i = 0; i < firms.length; i++) {
        const f = firms[i]!;
        if (f.appeal <= 0) continue;
        const h = countries[f.home]!;
        f.revenue += perAppeal * h.labAppeal * (f.home === c ? home : h.trust * abroad) * (f.appeal / h.labCompute);
      }
      country.fringeRevenue = perAppeal * vFringe;
      country.openUsage = perAppeal * vOpen;
    }

    // gross profit: revenue less the cost of serving it at the serving cost
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      const markup = countries[f.home]!.labMarkup;
      f.grossProfit = (f.revenue * markup) / (1 + markup);
    }

    // each country's labs' share of the markets they sell in, weighted by their sales there:
    // their market power, which sets next quarter's price
    for (let c = 0; c < nc; c++) {
      const country = countries[c]!;
      country.labShare = country.labSales > 0 ? country.labSalesShare / country.labSales : 0;
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
    clearMarket(world, ctx.step * dt, dt);
    const best = bestKnowledge(world);

    // funding, cash, exit
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) continue;
      // what the lab actually spent: compute money it could not spend (chips sold out) stays
      const home = countries[f.home]!;
      const filled = home.computeSpend > 0 ? Math.min(1, home.spent / home.computeSpend) : 1;
      const spending = f.budget - f.computeSpend * (1 - filled);
      // backers and investors cover what gross profit does not, up to what each will put in
      const need = Math.max(0, spending - f.grossProfit);
      f.funding = Math.min(need, f.backing * f.budget + m.investorMultiple * f.grossProfit * investorConfidence(f, best, m.fundingGap));
      f.cash = Math.min(2 * f.budget, f.cash + (f.grossProfit + f.funding - spending) * dt);
    }
    // labs whose cash is gone leave, after every lab's money is known and in the order of their
    // ids, so that who buys whom does not depend on the order of the file
    for (;;) {
      let next = -1;
      for (let i = 0; i < firms.length; i++) {
        const f = firms[i]!;
        if (f.active && f.cash < 0 && (next < 0 || f.id < firms[next]!.id)) next = i;
      }
      if (next < 0) break;
      exitLab(world, next);
    }

    // small firms: entry and exit
    const openCloseness = fm.pow(10, -Math.max(0, world.frontier - world.openFrontier));
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

/**
 * Lab `i` leaves the race: bought by the active lab of its country that can pay its debt from
 * its cash (after this quarter's money) and has the largest budget, ties to the smaller id;
 * the buyer takes its compute, its staff (what they know) and its debt. With no buyer it turns
 * to applications: its computers serve the country's public users and its debt is written off.
 */
function exitLab(world: World, i: number): void {
  const { countries, firms } = world;
  const f = firms[i]!;
  let buyer = -1;
  for (let j = 0; j < firms.length; j++) {
    const g = firms[j]!;
    if (j === i || !g.active || g.home !== f.home || !(g.cash + f.cash >= 0)) continue;
    if (buyer < 0) buyer = j;
    else {
      const b = firms[buyer]!;
      if (g.budget > b.budget || (g.budget === b.budget && g.id < b.id)) buyer = j;
    }
  }
  if (buyer >= 0) {
    const b = firms[buyer]!;
    b.compute += f.compute;
    b.cash += f.cash;
    if (f.knowledge > b.knowledge) b.knowledge = f.knowledge;
  } else {
    countries[f.home]!.publicCompute += f.compute;
  }
  f.compute = 0;
  f.cash = 0;
  f.active = false;
  f.budget = 0;
  f.rndSpend = 0;
  f.openSpend = 0;
  f.computeSpend = 0;
  f.funding = 0;
  f.usageShare = 0;
  f.grossProfit = 0;
  countries[f.home]!.exits++;
}

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
