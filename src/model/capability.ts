/**
 * Capability, the frontier, and how far behind each country is.
 *
 *   a_f   = k_f + log10(max(C_f, Cmin)) + R(t)                   lab capability
 *   a_c   = max(max over labs of c of a_f,  P + log10(max(U_c, Cmin)) + R(t))   country capability
 *   R(t)  = log10(s(t) / s0),  s(t) = smax / (1 + (smax / s0 - 1) exp(-g (t - t0)))
 *           frontier-run concentration: labs put a growing share of their compute into their
 *           frontier training runs, up to smax, so the largest runs grow faster than fleets
 *           (calibration.md#frontier-compute-growth: 4-5x/yr against ~2x for fleets) until the
 *           share saturates; model.runShareStart (s0), runShareMax (smax), runShareGrowth (g);
 *           without them R = 0
 *   F(t)  = max over countries of a_c                  world frontier
 *   H(t)  = max over s <= t of F(s)                    running frontier (non-decreasing)
 *   L_c   = months since H was at a_c: t - H^-1(a_c), linear between quarters; before the
 *           start, extrapolated at model.initialFrontierPace
 *   gap_c = H(t) - a_c: the gap in OOM (10^gap_c times less effective compute) against the same
 *           running frontier as L_c, recorded as `gap` beside it because months stretch when
 *           the frontier slows
 *
 * a     capability: log10 of effective compute in EFLOP/s at mid-2025 algorithmic efficiency
 *       [OOM]. It has no upper bound: it rises as long as compute and knowledge do (C5).
 * k_f   lab knowledge [OOM]; C_f lab compute [EFLOP/s]
 * P     open pool [OOM]; U_c public compute [EFLOP/s]: a country without labs uses open models
 * Cmin  1e-6 EFLOP/s (1 TFLOP/s, one consumer device): the least compute anyone has, so a
 *       stock that has been retired to nothing gives a very low capability, not -Infinity
 * L_c   months behind [months], as Epoch measures lags: the time since the leader was where
 *       the follower is now (calibration.md#china-us-lag, #open-closed-lag).
 *
 *   o_f  <- o_f + (1 - exp(-pi_f * dt)) * (a_f - D * (1 - u_f) - o_f)   the lab's best open-weight model
 *   o_f(t0) = a_f - D * (1 - u_f) - lag(v0, pi_f)   (the lag of steady releases, knowledge.ts; none if pi_f = 0)
 *   a_O   = max(max over labs of o_f,  max over c of P + log10(max(U_c, Cmin)) + R(t))
 *   L_O   = months since H was at a_O                the open-closed lag
 *   N_L   = number of quarters in which the leading country changed so far
 *   the open-weight leader is the country of the lab with the best released model (usage of
 *   self-hosted open models counts toward its influence; market.ts)
 *
 * u_f is the lab's openness, pi_f its release rate and D * (1 - u_f) how much smaller its open
 * models are (knowledge.ts); v0 is model.initialFrontierPace. A released model keeps the
 * capability it had: a lab that stops releasing (pi_f = 0, or mechanisms.diffusion off) leaves
 * its last open model where it was. The lag and the discount shrink as the lab's openness
 * grows, so the open frontier moves continuously with every lab's open work; no threshold
 * relabels a lab.
 */
import type { Phase } from "../engine/run.js";
import { NOTHING_RELEASED, openness, releaseDiscount, steadyLag } from "./knowledge.js";
import type { Firm, World } from "./world.js";
import * as fm from "../engine/fmath.js";

/** The least compute anyone has [EFLOP/s]: one consumer device. */
export const MIN_COMPUTE = 1e-6;

/**
 * Frontier-run concentration at `years` from the start [OOM]: log10(s(t) / s0), where the share
 * of a lab's compute in its frontier run follows s(t) = smax / (1 + (smax / s0 - 1) exp(-g t)).
 * 0 when the scenario gives no run share.
 */
export function runConcentration(world: World, years: number): number {
  const m = world.model;
  if (m.runShareStart === undefined || m.runShareMax === undefined || m.runShareGrowth === undefined) return 0;
  const s0 = m.runShareStart;
  const share = m.runShareMax / (1 + (m.runShareMax / s0 - 1) * fm.exp(-m.runShareGrowth * years));
  return fm.log10(share / s0);
}

/** Recomputes capabilities, the frontier and lags for the state at `step`. */
export function updateCapability(world: World, step: number, dt: number): void {
  const { countries, firms } = world;
  const run = runConcentration(world, step * dt);
  world.runConcentration = run;
  for (let i = 0; i < countries.length; i++) {
    const c = countries[i]!;
    c.knowledge = world.openPool;
    c.publicCapability = world.openPool + fm.log10(Math.max(c.publicCompute, MIN_COMPUTE));
    c.capability = c.publicCapability + run;
  }
  for (let i = 0; i < firms.length; i++) {
    const f = firms[i]!;
    if (!f.active) continue; // a lab that has exited keeps its last capability and no longer counts
    f.capability = f.knowledge + fm.log10(Math.max(f.compute, MIN_COMPUTE)) + run;
    const c = countries[f.home]!;
    if (f.capability > c.capability) c.capability = f.capability;
    if (f.knowledge > c.knowledge) c.knowledge = f.knowledge;
  }
  let frontier = -Infinity;
  let leader = 0;
  for (let i = 0; i < countries.length; i++) {
    const a = countries[i]!.capability;
    if (a > frontier) {
      frontier = a;
      leader = i;
    }
  }
  world.frontier = frontier;
  if (step > 0 && leader !== world.leader) world.leadershipChanges++;
  world.leader = leader;
  const h = world.frontierHistory;
  h[step] = step > 0 ? Math.max(h[step - 1]!, frontier) : frontier;
  world.historyLength = step + 1;
  let second = Infinity;
  for (let i = 0; i < countries.length; i++) {
    const c = countries[i]!;
    c.monthsBehind = monthsBehind(world, step, c.capability);
    if (i !== leader && c.monthsBehind < second) second = c.monthsBehind;
  }
  world.leadMonths = second === Infinity ? 0 : second;

  // the open-weight frontier: the best model a lab has released, or the open pool run on the largest public compute
  let open = -Infinity;
  let openLeader = -1;
  for (let i = 0; i < countries.length; i++) {
    // the open pool run on a country's public compute, with the same training-run term as a lab
    const a = countries[i]!.publicCapability + run;
    if (a > open) open = a;
  }
  let bestOpenLab = NOTHING_RELEASED;
  for (let i = 0; i < firms.length; i++) {
    const f = firms[i]!;
    if (!f.active) continue;
    releaseOpenModel(world, f, step, dt);
    if (f.openCapability > bestOpenLab) {
      bestOpenLab = f.openCapability;
      openLeader = f.home;
    }
  }
  if (bestOpenLab > open) open = bestOpenLab;
  world.openFrontier = open;
  world.openLeader = openLeader;
  world.openLag = monthsBehind(world, step, open);
}

/** The capability of the lab's best open-weight model follows its own at its release rate (step 0: the models released before the start). */
function releaseOpenModel(world: World, f: Firm, step: number, dt: number): void {
  const u = openness(world, f);
  const target = f.capability - releaseDiscount(world, u);
  const pace = world.model.initialFrontierPace;
  if (step === 0) {
    const rate = world.model.releaseRate * u;
    f.openCapability = rate > 0 ? target - steadyLag(pace, rate, dt) : NOTHING_RELEASED;
    return;
  }
  const rate = world.mechanisms.diffusion ? world.model.releaseRate * u : 0;
  if (rate <= 0) return;
  // a lab that starts releasing (an event opened it) first releases at its steady lag
  if (f.openCapability === NOTHING_RELEASED) f.openCapability = target - steadyLag(pace, rate, dt);
  else f.openCapability += (1 - fm.exp(-rate * dt)) * (target - f.openCapability);
}

/** Months since the running frontier was at `a` (binary search; the history is sorted). */
export function monthsBehind(world: World, step: number, a: number): number {
  return monthsBehindOn(world.frontierHistory, step, a, world.model.initialFrontierPace);
}

/** The same for any running-frontier history `h` (non-decreasing, filled to `step`). */
export function monthsBehindOn(h: readonly number[], step: number, a: number, pace: number): number {
  if (a >= h[step]!) return 0;
  if (a < h[0]!) return step * 3 + ((h[0]! - a) / pace) * 12;
  // largest j with h[j] <= a, j < step
  let lo = 0;
  let hi = step;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (h[mid]! <= a) lo = mid;
    else hi = mid;
  }
  const span = h[lo + 1]! - h[lo]!;
  const when = span > 0 ? lo + (a - h[lo]!) / span : lo;
  return (step - when) * 3;
}

export const capabilityPhase: Phase<World> = {
  name: "capability",
  description: "capability from knowledge and compute; frontier, leader and months behind",
  run(world, ctx) {
    updateCapability(world, ctx.step, ctx.dt);
  },
};
