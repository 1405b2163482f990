/**
 * Cloud compute: the AI compute that cloud providers and other users outside the modelled labs
 * own (hyperscalers' own services and the capacity they rent out, neoclouds, enterprises). It
 * serves users and buys chips beside the labs, but trains none of the labs' models, so it is
 * kept beside the country's lab and public compute (compute.ts) and counts in the world's stock
 * and its power, in cloud deployment (domains.ts) and in the demand for chips (chips.ts).
 * Providers build ahead of the spending on AI services they expect, so what they spend at the
 * start follows from what they own and the growth they expect, and from there their spending
 * follows what spending on AI services does.
 *
 *   W_c(t0)  = V_c(t0) * p0 * phi_c                            capital at the start [USD bn]
 *   g_c(t0)  = ln G0
 *   kappa_c  = W_c(t0) / (D_c(t0) * exp(g_c(t0) * H))         capital per dollar of expected spending [yr]
 *   M_c(t0)  = max(0, delta + g_c(t0)) * W_c(t0)
 *   each quarter, once spending on AI services D_c is known (market.ts):
 *   g_c     <- g_c + (1 - exp(-r * dt)) * (ln(D_c / D_c(prev)) / dt - g_c)    expected growth
 *   M_c      = max(0, delta + g_c) * kappa_c * D_c * exp(g_c * H)            spending, next quarter
 *
 * Providers hold the capital that serves the spending on AI services they expect H years
 * ahead, D_c exp(g_c H), and spend to replace what retires (delta) and to grow it as fast as
 * they expect that spending to grow (g_c); the start is on the path of this rule. Their
 * expectation follows the growth they observe at rate r (adaptive expectations). When spending
 * on AI services grows more slowly than they expected, expected growth falls, and with it both
 * the growth term and the horizon's premium exp(g_c H): a build-out ahead of demand slows as
 * demand catches up. kappa_c is each country's own, so a country whose providers serve foreign
 * users (the US) keeps its larger cloud as its own spending grows.
 *
 * V_c  cloud compute [EFLOP/s]; countries.<c>.initial.cloudCompute; it retires and is bought
 *      like the other compute (compute.ts), with the country's planned spending (investment.ts)
 * M_c  cloud providers' compute spending [USD bn/yr]
 * p0   model.computePrice [USD bn per EFLOP/s]; phi_c countries.<c>.computePriceFactor
 * G0   market.cloudGrowth [x/yr]; r market.cloudExpectation [1/yr]; H market.cloudHorizon [yr]
 * D_c  spending on AI services in the country [USD bn/yr] (market.ts)
 * delta model.depreciationRate [1/yr]
 *
 * Without a market providers keep spending what they spent at the start, M_c(t0): with no
 * market section (and so no G0) that only replaces what retires, delta * W_c(t0); with
 * mechanisms.market off it is the start's spending at the expected growth.
 */
import type { Phase } from "../engine/run.js";
import { marketActive } from "./market.js";
import type { World } from "./world.js";
import * as fm from "../engine/fmath.js";

/**
 * The cloud at the start, before the first chip market: its capital at the start's price, the
 * growth its providers expect, and its first quarter's spending (the preview of the chip
 * market includes it).
 */
export function startCloud(world: World): void {
  const delta = world.model.depreciationRate;
  const g0 = world.market.cloudGrowth > 0 ? fm.log(world.market.cloudGrowth) : 0;
  for (let c = 0; c < world.countries.length; c++) {
    const country = world.countries[c]!;
    country.cloudStart = country.cloudCompute * world.model.computePrice * country.computePriceFactor;
    country.cloudGrowth = g0;
    country.cloudCapital = 0;
    country.cloudDemand = 0;
    country.cloudSpend = Math.max(0, delta + g0) * country.cloudStart;
  }
}

/** Sets each country's capital per dollar of expected spending, once the market at the start is known. */
export function anchorCloud(world: World): void {
  if (!marketActive(world)) return;
  const h = world.market.cloudHorizon;
  for (let c = 0; c < world.countries.length; c++) {
    const country = world.countries[c]!;
    const expected = country.aiDemand * fm.exp(country.cloudGrowth * h);
    country.cloudCapital = expected > 0 ? country.cloudStart / expected : 0;
    country.cloudDemand = country.aiDemand;
  }
}

export const cloudPhase: Phase<World> = {
  name: "cloud",
  description: "cloud providers update the growth of AI spending they expect and plan next quarter's compute spending",
  run(world, ctx) {
    if (!marketActive(world)) return;
    const m = world.market;
    const dt = ctx.dt;
    const delta = world.model.depreciationRate;
    const pull = 1 - fm.exp(-m.cloudExpectation * dt);
    for (let c = 0; c < world.countries.length; c++) {
      const country = world.countries[c]!;
      if (country.cloudCapital <= 0) continue;
      if (country.cloudDemand > 0 && country.aiDemand > 0) {
        const observed = fm.log(country.aiDemand / country.cloudDemand) / dt;
        country.cloudGrowth += pull * (observed - country.cloudGrowth);
      }
      country.cloudDemand = country.aiDemand;
      country.cloudSpend = Math.max(0, delta + country.cloudGrowth) * country.cloudCapital * country.aiDemand * fm.exp(country.cloudGrowth * m.cloudHorizon);
    }
  },
};
