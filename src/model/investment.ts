/**
 * Investment: each lab's budget grows toward a ceiling set by its home economy, and is split
 * among proprietary R&D, open-source work and compute.
 *
 *   S_c      = sum of B_f over labs f of country c (at the start of the step)
 *   r_f      = ln(G_f) * exp(-(t - t0) / tau) * max(0, 1 - S_c / (m * Y_c))
 *   B_f     <- B_f * exp(r_f * dt)
 *   R_f, O_f, K_f = B_f * (w_rnd, w_open, w_compute) / (w_rnd + w_open + w_compute)
 *
 * B_f  lab budget [USD bn/yr]; starts at firms.<f>.initial.budget
 * G_f  budget growth factor without the ceiling [x/yr]; firms.<f>.budgetGrowth
 *      (calibration.md#budget-growth: 2-3x/yr for frontier labs)
 * tau  persistence of fast budget growth [yr]; model.budgetGrowthPersistence (assumption:
 *      2-3x/yr cannot last once labs reach the scale of the largest companies' capex)
 * t0   start of the run [yr]
 * m    ceiling on AI lab budgets as a share of GDP [1]; model.maxAiGdpShare (assumption)
 * Y_c  GDP [USD tn/yr] (x 1000 to USD bn)
 * w_*  allocation weights [1]; firms.<f>.allocation (normalised; all zero spends nothing)
 * R_f, O_f, K_f  spending on R&D, open work, compute [USD bn/yr]
 *
 * Switch: mechanisms.budgetGrowth (off: r_f = 0, budgets stay at their starting level).
 * The allocation is a fixed rule in this version; adaptive allocation (learning from
 * returns, reacting to rivals) is the subject of the full investment submodel.
 */
import type { Phase } from "../engine/run.js";
import type { World } from "./world.js";

export const investmentPhase: Phase<World> = {
  name: "investment",
  description: "lab budgets grow toward the GDP ceiling and are split among R&D, open work and compute",
  run(world, ctx) {
    const { countries, firms } = world;
    const m = world.model.maxAiGdpShare;
    const elapsed = ctx.step * ctx.dt; // years since the start
    const fading = world.mechanisms.budgetGrowth ? Math.exp(-elapsed / world.model.budgetGrowthPersistence) : 0;
    for (let i = 0; i < countries.length; i++) countries[i]!.aiBudget = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      countries[f.home]!.aiBudget += f.budget;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      const c = countries[f.home]!;
      const headroom = Math.max(0, 1 - c.aiBudget / (m * c.gdp * 1000));
      f.budget *= Math.exp(Math.log(f.budgetGrowth) * fading * headroom * ctx.dt);
      const a = f.allocation;
      const total = a.rnd + a.open + a.compute;
      const scale = total > 0 ? f.budget / total : 0;
      f.rndSpend = a.rnd * scale;
      f.openSpend = a.open * scale;
      f.computeSpend = a.compute * scale;
    }
    // the recorded country total is that of the new budgets
    for (let i = 0; i < countries.length; i++) countries[i]!.aiBudget = 0;
    for (let i = 0; i < firms.length; i++) countries[firms[i]!.home]!.aiBudget += firms[i]!.budget;
  },
};
