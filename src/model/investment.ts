/**
 * Investment: each lab plans to grow its budget, grows it as far as its money and its home
 * economy allow, and splits it among proprietary R&D, open-source work and compute.
 *
 *   S_c      = sum of B_f over labs f of country c (at the start of the step)
 *   h_c      = max(0, 1 - S_c / (m * Y_c))                                 headroom
 *   r_f      = ln(G_f) * exp(-(t - t0) / tau) * h_c                       planned growth
 *   B_f     <- B_f * exp(r_f * dt)
 *   R_f, O_f, K_f = B_f * (w_rnd, w_open, w_compute) / (w_rnd + w_open + w_compute)
 *
 * B_f  lab budget [USD bn/yr]: R&D, open work and compute for training and experiments (serving
 *      users is paid from revenue at the serving cost, market.ts); starts at
 *      firms.<f>.initial.budget
 * G_f  how fast the lab plans to grow its budget at the start [x/yr]; firms.<f>.budgetGrowth
 *      (calibration.md#budget-growth: 2-3x/yr for frontier labs); the plan is held back by
 *      what the lab can finance (below) and by the GDP ceiling
 * tau  persistence of fast budget growth [yr]; model.budgetGrowthPersistence (assumption:
 *      2-3x/yr cannot last once labs reach the scale of the largest companies' capex). A curve
 *      in calendar time, kept until budgets come from financing alone (docs/model.md,
 *      limitations)
 * t0   start of the run [yr]
 * m    ceiling on AI lab budgets as a share of GDP [1]; model.maxAiGdpShare (assumption). The
 *      headroom is the country's, the same for each of its labs, so the ceiling bounds the
 *      sum of their budgets and is shared among them in proportion to their budgets
 * Y_c  GDP [USD tn/yr] (x 1000 to USD bn)
 * w_*  allocation weights [1]; firms.<f>.allocation (normalised; all zero spends nothing)
 * R_f, O_f, K_f  spending on R&D, open work, compute [USD bn/yr]
 *
 * Financing (with a market, market.ts): a lab cannot spend more in a year than its gross
 * profit, its investors, its cash and its backers provide:
 *
 *   Bmax_f = (P_f * (1 + I * exp(-g_f / g0)) + max(0, cash_f)) / (1 - z_f)    (z_f < 1)
 *   B_f   <- min(B_f, max(Bmax_f, B_f(before) * exp(-c * dt)))
 *
 * P_f gross profit last quarter (revenue less the cost of serving it) [USD bn/yr]; I
 * market.investorMultiple; g_f = max(0, K - k_f) how far the lab's knowledge trails the best
 * lab's, K (its prospects; its size is already in its gross profit); g0 market.fundingGap; z_f firms.<f>.backing, the share of the budget a parent company or state
 * pays; c market.distressCut [1/yr]: a lab shrinks toward what it can finance no faster than
 * this, and spends its cash meanwhile (market.ts ends it when the cash is gone). So the
 * budgets of labs whose plans outrun their money grow with their revenue and their investors'
 * confidence, not with the plan. A lab that has exited spends nothing.
 *
 * Adaptation (bounded rationality: each lab sees only its own spending, its research rate and
 * how far its country trails, and adjusts a little each quarter):
 *
 *   A_c      = log10(10^(P + log10 U_c + R) + sum over active labs f of c of 10^(a_f - k_f + K_c))
 *              standing, K_c the best knowledge among c's active labs
 *   g_c      = min(2, max over c' of A_c' - A_c)                         gap of country c
 *   r_f     += rho * g_c * h_c                                          reacting to rivals
 *   mR_f     = lambda * rhat_f * H / E_f      marginal return of R&D [OOM per USD bn/yr]
 *   mK_f     = y_c * n_H / (C_f * ln 10),     marginal return of compute [OOM per USD bn/yr]
 *              n_H = (1 - exp(-delta * H)) / (1 - exp(-delta * dt))
 *   x_f      = ln(w_rnd / w_compute);  x_f <- x_f + nu * dt * clamp(ln(mR_f / mK_f), -1, 1)
 *   (w_rnd + w_compute stays constant; w_open, the lab's openness strategy, is not adapted)
 *
 * rho    model.rivalryResponse [1/yr per OOM] (assumption); A_c the country's standing: log10 of
 *        its total effective compute, its labs' and its public users' (capability.ts), at the
 *        end of the previous quarter [OOM], with its labs' compute counted at the country's
 *        best recipe: what the country could do with all it has. A sum, so that listing a lab
 *        as two halves does not change how far the country is seen to trail (the best lab's
 *        gap would: each half trains weaker models than the whole); at the best recipe, so
 *        that listing its labs as one, which pools their knowledge, does not either (a sum at
 *        each lab's own knowledge would rise with the merge)
 * rhat_f expected research rate of the lab without noise [OOM/yr] (knowledge.ts); E_f its
 *        effective research spend; lambda model.rndReturns
 * H      model.planningHorizon [yr]: how long a lab values a faster research rate
 * nu     model.allocationLearning [1/yr] (0: the split stays as the scenario gives it)
 * y_c    compute bought per quarter per USD bn/yr of spending in the lab's country, last quarter
 *        (compute.ts); C_f the lab's compute [EFLOP/s]; delta the retirement rate
 * Both returns are capability gained over the same horizon H from one more USD bn/yr: mR the
 *        knowledge its research adds, mK the log10 of the compute it adds to the lab's stock
 *        (n_H quarters of purchases, less what retires within H). Knowledge and compute enter
 *        capability alike (capability.ts), so the two compare like with like.
 * The adapted weights are the parameters firms.<f>.allocation.* themselves: an event that
 * changes them changes the current split, which adaptation then carries on from.
 *
 * Countries react to rivals too: a country trailing by g_c OOM grows its public AI levers
 * (policy.publicComputeSpend, openScienceFunding, fabInvestment) by
 *
 *   L <- L * exp(rho_n * g_c * h_c * dt),  h_c = max(0, 1 - (S_c + public_c) / (m * Y_c))
 *
 * rho_n model.nationalResponse [1/yr per OOM] (assumption); public_c the sum of the three
 * levers; the same GDP ceiling m bounds labs' and public spending together. The levers are the
 * parameters themselves: an event changes their current values.
 *
 * Switches: mechanisms.budgetGrowth (off: r_f = 0, budgets stay at their starting level);
 * mechanisms.market (off, or no market section: labs spend as planned, within the ceiling);
 * mechanisms.adaptation (off: no rivalry response and a fixed split).
 */
import type { Phase } from "../engine/run.js";
import { expectedResearch } from "./knowledge.js";
import { bestKnowledge, investorConfidence, marketActive } from "./market.js";
import type { Firm, World } from "./world.js";
import * as fm from "../engine/fmath.js";

/** Best knowledge of a country with no active lab: finite, as world state must be (checkpoints are JSON). */
const NO_LAB = -Number.MAX_VALUE;

/** Splits a lab's budget among R&D, open work and compute by its allocation weights. */
export function splitBudget(f: Firm): void {
  const a = f.allocation;
  const total = a.rnd + a.open + a.compute;
  const scale = total > 0 ? f.budget / total : 0;
  f.rndSpend = a.rnd * scale;
  f.openSpend = a.open * scale;
  f.computeSpend = a.compute * scale;
}

/**
 * Each country's standing: log10 of its total effective compute (its active labs' at its best
 * lab's knowledge, and its public users'), and its gap to the best country's, capped at 2 OOM.
 * A sum at the country's best recipe, so a country's standing does not depend on how many labs
 * it lists or whether they are listed as one.
 */
export function nationalStanding(world: World): void {
  const { countries, firms } = world;
  // relative to the frontier, so that the sums stay finite whatever the capability
  const F = world.frontier;
  const run = world.runConcentration;
  for (let c = 0; c < countries.length; c++) {
    countries[c]!.standing = fm.pow(10, countries[c]!.publicCapability + run - F);
    countries[c]!.bestKnowledge = NO_LAB;
  }
  for (let i = 0; i < firms.length; i++) {
    const f = firms[i]!;
    if (f.active && f.knowledge > countries[f.home]!.bestKnowledge) countries[f.home]!.bestKnowledge = f.knowledge;
  }
  for (let i = 0; i < firms.length; i++) {
    const f = firms[i]!;
    if (f.active) countries[f.home]!.standing += fm.pow(10, f.capability - f.knowledge + countries[f.home]!.bestKnowledge - F);
  }
  let best = -Infinity;
  for (let c = 0; c < countries.length; c++) {
    // a country too far behind for its sum to register counts as the cap below the best
    const s = F + fm.log10(Math.max(countries[c]!.standing, 1e-300));
    countries[c]!.standing = s;
    if (s > best) best = s;
  }
  for (let c = 0; c < countries.length; c++) countries[c]!.standingGap = Math.min(2, Math.max(0, best - countries[c]!.standing));
}

/** Each country's planned compute spending this quarter: its labs', its public compute's and its cloud providers' [USD bn/yr]. */
export function plannedSpending(world: World): void {
  const { countries, firms } = world;
  const buying = world.mechanisms.compute ? 1 : 0;
  for (let c = 0; c < countries.length; c++) countries[c]!.computeSpend = buying * (countries[c]!.policy.publicComputeSpend + countries[c]!.cloudSpend);
  for (let i = 0; i < firms.length; i++) countries[firms[i]!.home]!.computeSpend += buying * firms[i]!.computeSpend;
}

export const investmentPhase: Phase<World> = {
  name: "investment",
  description: "lab budgets grow toward the GDP ceiling and are split among R&D, open work and compute",
  run(world, ctx) {
    const { countries, firms } = world;
    const m = world.model.maxAiGdpShare;
    const p = world.model;
    const grow = world.mechanisms.budgetGrowth;
    const adapt = world.mechanisms.adaptation;
    const fading = grow ? fm.exp(-(ctx.step * ctx.dt) / p.budgetGrowthPersistence) : 0;
    const rivalry = grow && adapt ? p.rivalryResponse ?? 0 : 0;
    const learning = adapt ? (p.allocationLearning ?? 0) * ctx.dt : 0;
    const horizon = p.planningHorizon ?? 1;
    // quarters of purchases within the horizon, less what retires before its end
    const retire = p.depreciationRate;
    const quarters = retire > 0 ? (1 - fm.exp(-retire * horizon)) / (1 - fm.exp(-retire * ctx.dt)) : horizon / ctx.dt;
    const market = marketActive(world);
    const best = market ? bestKnowledge(world) : 0;
    for (let i = 0; i < countries.length; i++) countries[i]!.aiBudget = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      countries[f.home]!.aiBudget += f.budget;
    }
    const national = adapt ? p.nationalResponse ?? 0 : 0;
    if (national > 0 || rivalry > 0) nationalStanding(world);
    if (national > 0) {
      for (let i = 0; i < countries.length; i++) {
        const c = countries[i]!;
        const pol = c.policy;
        const gap = c.standingGap;
        const publicSpend = pol.publicComputeSpend + pol.openScienceFunding + pol.fabInvestment;
        const headroom = Math.max(0, 1 - (c.aiBudget + publicSpend) / (m * c.gdp * 1000));
        const factor = fm.exp(national * gap * headroom * ctx.dt);
        pol.publicComputeSpend *= factor;
        pol.openScienceFunding *= factor;
        // a country without fabs has nowhere to put fab money
        if (c.fabCount > 0) pol.fabInvestment *= factor;
      }
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      const c = countries[f.home]!;
      const headroom = Math.max(0, 1 - c.aiBudget / (m * c.gdp * 1000));
      if (!f.active) continue;
      const rate = (fm.log(f.budgetGrowth) * fading + rivalry * c.standingGap) * headroom;
      f.budget *= fm.exp(rate * ctx.dt);
      if (market) {
        // a lab can only spend what its gross profit, investors, cash and backers allow
        const mk = world.market;
        const confidence = investorConfidence(f, best, mk.fundingGap);
        const raised = f.grossProfit * (1 + mk.investorMultiple * confidence) + Math.max(0, f.cash);
        const cap = f.backing >= 1 ? Infinity : raised / (1 - f.backing);
        if (f.budget > cap) f.budget = Math.max(cap, f.budget / fm.exp(rate * ctx.dt) * fm.exp(-mk.distressCut * ctx.dt));
      }
      const a = f.allocation;
      const yieldNow = countries[f.home]!.computeYield;
      if (learning > 0 && a.rnd > 0 && a.compute > 0 && yieldNow > 0 && f.compute > 0) {
        const effective = f.rndSpend + p.openWorkEfficiency * f.openSpend;
        const rate = expectedResearch(world, f.home, f.talent, f.knowledge, effective);
        const mR = (p.rndReturns * rate * horizon) / Math.max(effective, 1e-9);
        const mK = (yieldNow * quarters) / (f.compute * Math.LN10);
        const shift = learning * Math.min(1, Math.max(-1, fm.log(Math.max(mR, 1e-12) / mK)));
        const pair = a.rnd + a.compute;
        const x = fm.log(a.rnd / a.compute) + shift;
        a.rnd = pair / (1 + fm.exp(-x));
        a.compute = pair - a.rnd;
      }
      splitBudget(f);
    }
    // the recorded country total is that of the new budgets
    for (let i = 0; i < countries.length; i++) countries[i]!.aiBudget = 0;
    for (let i = 0; i < firms.length; i++) countries[firms[i]!.home]!.aiBudget += firms[i]!.budget;
  },
};
