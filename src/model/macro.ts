/**
 * Macro: GDP growth.
 *
 *   Y_c(t + dt) = Y_c(t) * (1 + g_c)^dt
 *
 * Y_c  GDP of country c [USD tn/yr]         scenario: countries.<c>.gdp
 * g_c  real growth rate [1/yr]              scenario: countries.<c>.gdpGrowth
 * dt   step length [yr] (0.25)
 *
 * Switch: mechanisms.macro (off: GDP stays at its starting level).
 * Events can scale Y_c directly (for example a Taiwan blockade's first-year GDP shock,
 * calibration.md#taiwan-shock).
 */
import type { Phase } from "../engine/run.js";
import type { World } from "./world.js";

export const macroPhase: Phase<World> = {
  name: "macro",
  description: "GDP of each country grows at its growth rate",
  run(world, ctx) {
    if (!world.mechanisms.macro) return;
    const cs = world.countries;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      c.gdp *= Math.pow(1 + c.gdpGrowth, ctx.dt);
    }
  },
};
