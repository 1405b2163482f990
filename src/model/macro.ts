/**
 * Macro: GDP growth.
 *
 *   Y_c(t + dt) = Y_c(t) * (1 + g_c)^dt
 *
 * Y_c  GDP of country c [USD tn/yr]         scenario: countries.<c>.gdp
 * g_c  real growth rate [1/yr]              scenario: countries.<c>.gdpGrowth
 * dt   step length [yr] (0.25)
 *
 * With a market (market.ts), AI adds to growth in proportion to the country's spending on AI
 * services as a share of GDP, and the multiplier it has added since the start is tracked:
 *
 *   Y_c(t + dt) = Y_c(t) * (1 + g_c)^dt * (1 + z * D_c / (1000 * Y_c) * dt)
 *   M_c(t + dt) = M_c(t) * (1 + z * D_c / (1000 * Y_c) * dt)     AI's contribution: Y_c (1 - 1/M_c)
 *
 * z    market.gdpEffect [1/yr]; D_c spending on AI services [USD bn/yr] of the last quarter
 *
 * Switch: mechanisms.macro (off: GDP stays at its starting level).
 * Events can scale Y_c directly (for example a Taiwan blockade's first-year GDP shock,
 * calibration.md#taiwan-shock).
 */
import type { Phase } from "../engine/run.js";
import { marketActive } from "./market.js";
import type { World } from "./world.js";
import * as fm from "../engine/fmath.js";

export const macroPhase: Phase<World> = {
  name: "macro",
  description: "GDP of each country grows at its growth rate",
  run(world, ctx) {
    if (!world.mechanisms.macro) return;
    const cs = world.countries;
    const market = marketActive(world);
    const z = world.market.gdpEffect;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const boost = market ? (z * c.aiDemand) / (1000 * c.gdp) : 0;
      c.gdp *= fm.pow(1 + c.gdpGrowth, ctx.dt) * (1 + boost * ctx.dt);
      c.aiMultiplier *= 1 + boost * ctx.dt;
    }
  },
};
