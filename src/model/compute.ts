/**
 * Compute: stocks bought at a falling price and retired at a constant rate.
 * Effective compute (physical compute x algorithmic efficiency) enters in capability.ts.
 *
 *   p(t)    = p0 * 2^(-(t - t0) / T2)
 *   p_c(t)  = p(t) * phi_c * (1 - s_c)
 *   C_f    <- C_f * exp(-delta * dt) + K_f * dt / p_c(t)
 *   U_c    <- U_c * exp(-delta * dt) + P_c * dt / p_c(t)
 *   V_c    <- V_c * exp(-delta * dt) + S_c * dt / p_c(t)
 *
 * p0     price of compute at the start [USD bn per EFLOP/s]; model.computePrice (assumption)
 * T2     doubling time of compute per dollar [yr]; model.hardwareDoublingTime
 *        (calibration.md#hw-price-performance: ~2.1 yr)
 * phi_c  country price factor [1]; countries.<c>.computePriceFactor (export controls, chips)
 * s_c    fab subsidy: share of the price paid by the state [1]; countries.<c>.policy.fabSubsidy
 * delta  retirement rate [1/yr]; model.depreciationRate (assumption: ~5-year useful life)
 * C_f    lab compute [EFLOP/s, dense BF16]; K_f lab compute spending [USD bn/yr]
 * U_c    public compute [EFLOP/s]; P_c public compute spending [USD bn/yr];
 *        countries.<c>.policy.publicComputeSpend
 * V_c    cloud compute [EFLOP/s]; S_c cloud providers' compute spending [USD bn/yr] (cloud.ts)
 * The country's compute is U_c + the sum of its labs' C_f: the compute that trains and runs its
 * labs' and public programmes' models (what calibration.md#compute-share measures, GPU
 * clusters); V_c is kept beside it, and the world's compute stock is the sum of both.
 *
 * With a semiconductor supply chain (chips.ts), what a country can buy is set by the chip
 * market instead: the compute it bought this quarter, Q_c, goes to its labs, its public compute
 * and its cloud in proportion to their spending (K_f, P_c and S_c over M_c, their sum).
 *
 * y_c, the compute a quarter's spending of one USD bn/yr buys in country c (dt / p_c(t), or
 * Q_c / M_c from the chip market), is kept for the labs' allocation (investment.ts).
 */
import type { Phase } from "../engine/run.js";
import { supplyActive } from "./chips.js";
import { plannedSpending } from "./investment.js";
import type { World } from "./world.js";
import * as fm from "../engine/fmath.js";

export const computePhase: Phase<World> = {
  name: "compute",
  description: "labs and governments buy compute at the falling, country-specific price; old compute retires",
  run(world, ctx) {
    const { countries, firms, model } = world;
    const elapsed = ctx.step * ctx.dt; // years since the start
    const price = model.computePrice * fm.pow(2, -elapsed / model.hardwareDoublingTime);
    const on = world.mechanisms.compute;
    const keep = on ? fm.exp(-model.depreciationRate * ctx.dt) : 1;
    const buy = on ? ctx.dt : 0;
    if (supplyActive(world)) {
      // the chip market has set each country's purchases (chips.ts)
      for (let i = 0; i < countries.length; i++) {
        const c = countries[i]!;
        const per = c.computeSpend > 0 ? c.purchased / c.computeSpend : 0;
        c.computeYield = per;
        c.publicCompute = c.publicCompute * keep + c.policy.publicComputeSpend * per * (on ? 1 : 0);
        c.cloudCompute = c.cloudCompute * keep + c.cloudSpend * per * (on ? 1 : 0);
        c.compute = c.publicCompute;
      }
      for (let i = 0; i < firms.length; i++) {
        const f = firms[i]!;
        const c = countries[f.home]!;
        const per = c.computeSpend > 0 ? c.purchased / c.computeSpend : 0;
        f.compute = f.compute * keep + f.computeSpend * per * (on ? 1 : 0);
        c.compute += f.compute;
      }
      return;
    }
    for (let i = 0; i < countries.length; i++) {
      const c = countries[i]!;
      const p = price * c.computePriceFactor * (1 - c.policy.fabSubsidy);
      c.computeYield = ctx.dt / p;
      c.publicCompute = c.publicCompute * keep + (c.policy.publicComputeSpend * buy) / p;
      c.cloudCompute = c.cloudCompute * keep + (c.cloudSpend * buy) / p;
      c.compute = c.publicCompute;
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      const c = countries[f.home]!;
      const p = price * c.computePriceFactor * (1 - c.policy.fabSubsidy);
      f.compute = f.compute * keep + (f.computeSpend * buy) / p;
      c.compute += f.compute;
    }
    // at the world price every order is filled
    plannedSpending(world);
    for (let i = 0; i < countries.length; i++) countries[i]!.spent = countries[i]!.computeSpend;
  },
};
