/**
 * Knowledge and diffusion: labs build proprietary knowledge through R&D; they release open-weight
 * models, whose knowledge enters a shared pool every lab can absorb; closed knowledge leaks to
 * every lab through people, distillation and reverse engineering.
 *
 * Knowledge k is algorithmic efficiency in orders of magnitude (OOM, log10) relative to the
 * mid-2025 frontier: k = -1 means needing 10x the compute for the same result.
 *
 *   E_f      = R_f + eta * O_f                                   effective research spend
 *   T_f      = tau_f * (1 - x_c * (1 - o_c))                     talent of lab f in country c
 *   research = T_f * alpha * (E_f / Rref)^lambda * 10^(-phi * max(0, k_f)) * eps_f,  eps_f = exp(N(0, sigma))
 *   absorb   = (1 - exp(-beta * E_f / (E_f + h * Emax) * dt)) * max(0, P - k_f)
 *   leak     = o_c * ell * max(0, kmax - k_f) * dt
 *   k_f     <- k_f + research * dt + absorb + leak                (all labs updated together)
 *
 * Releases (openness is continuous: how much of its knowledge a lab releases and how soon):
 *
 *   u_f      = s_f / (s_f + s_h),  s_f = O_f / B_f               openness of lab f, 0..1
 *   pi_f     = pi * u_f                                         release rate [1/yr]
 *   r_f     <- r_f + (1 - exp(-pi_f * dt)) * (k_f - r_f)         released knowledge
 *   r_f(t0)  = k_f - lag(alpha, pi_f),  lag(v, pi) = v * dt / (exp(pi * dt) - 1)
 *              (the lag of steady releases behind knowledge growing at v; nothing when u_f = 0;
 *              v / pi when quarters are short against 1 / pi)
 *   o_f      follows the lab's capability less D * (1 - u_f), at the same rate (capability.ts)
 *
 * r_f is the knowledge of the lab's released models and the papers that come with them: it
 * follows what the lab knows with a mean delay of 1 / pi_f (an open lab releases often). How
 * much the lab releases sets how large its open models are: a mostly closed lab releases
 * small ones, D * (1 - u_f) OOM of effective compute below what it could release (Gemma
 * beside Gemini). A lab with no open work releases nothing.
 *
 *   O        = sum_f O_f + sum_c F_c                              open spending
 *   P       <- max(P + gamma * (O / Rref)^lambda * 10^(-phi * max(0, P)) * eps_P * dt,  max_f r_f)
 *
 * The open pool P is the best openly available knowledge: the community's own progress, or the
 * knowledge of the best released model, whichever is higher.
 *
 * alpha  progress at the reference spend [OOM/yr]; model.algorithmicProgress
 *        (calibration.md#algorithmic-efficiency: ~2.8-3x/yr, i.e. 0.45-0.48 OOM/yr)
 * Rref   reference R&D spend [USD bn/yr]; model.referenceRnd (assumption)
 * lambda returns to research spending [1]; model.rndReturns (assumption)
 * phi    research difficulty [1/OOM]; model.researchDifficulty: semi-endogenous growth (Jones
 *        1995; Davidson 2023): with budgets growing, progress stays near alpha instead of
 *        exploding, and slows when budgets stop growing (assumption, calibrated so the
 *        frontier keeps ~0.45 OOM/yr while budgets grow 2-3x/yr)
 * sigma  research noise per quarter [1]; model.researchNoise (assumption)
 * eta    own-knowledge yield of open work [1]; model.openWorkEfficiency (assumption)
 * beta   absorption rate [1/yr]; model.absorptionRate (assumption, checked against
 *        calibration.md#open-closed-lag)
 * h      absorptive capacity is half for a lab whose effective research spend is h times the
 *        largest lab's, Emax [1]; model.absorptionHalfShare: capacity scales with the lab's
 *        research against the frontier's, so it does not depend on the currency's value
 * ell    leak rate of closed knowledge [1/yr]; model.leakRate (calibration.md#fast-follow)
 * kmax   the best knowledge of any active lab [OOM]
 * gamma  community progress of the pool [OOM/yr]; model.communityProgress (assumption)
 * s_f    the lab's open share of its budget [1] (firms.<f>.allocation.open over the sum)
 * s_h    open share at which a lab is half open [1]; model.opennessHalfShare (assumption)
 * pi     release rate of a fully open lab [1/yr]; model.releaseRate (assumption)
 * D      how far below its own the open models of a mostly closed lab are [OOM]; model.releaseDiscount
 * F_c    public open-science funding [USD bn/yr]; countries.<c>.policy.openScienceFunding
 * P      open pool [OOM]; starts at model.initialOpenPool (or the best released knowledge, if higher)
 * tau_f  the lab's talent density [1]; firms.<f>.talent (default 1)
 * x_c    share of the country's top researchers from abroad [1]; countries.<c>.foreignTalent
 *        (calibration.md#talent-origin)
 * o_c    talent and visa openness [1]; countries.<c>.policy.talentOpenness: closing the door
 *        loses the foreign researchers' work and slows the knowledge that moves with people
 *
 * Switches: mechanisms.research (off: research = 0 and the pool's own progress = 0),
 * mechanisms.diffusion (off: no absorption, no new releases, and the pool takes nothing from
 * releases), mechanisms.leakage (off: leak = 0). Random draws are made whatever the switches,
 * so switching one mechanism off leaves the draws of the others unchanged (common random
 * numbers for ablation comparisons).
 *
 * Random numbers: one stream per lab ("research:<id>") and one for the pool ("pool"), so
 * adding a lab does not change the draws of the others.
 */
import type { Phase } from "../engine/run.js";
import type { Firm, World } from "./world.js";
import * as fm from "../engine/fmath.js";

export function knowledgeStreams(firmIds: readonly string[]): string[] {
  return ["pool", ...firmIds.map((id) => `research:${id}`)];
}

/** Research rate of a lab of country `home` with knowledge `k` and effective research spend `e`, without noise [OOM/yr]. */
export function expectedResearch(world: World, home: number, labTalent: number, k: number, e: number): number {
  const p = world.model;
  const c = world.countries[home]!;
  const talent = labTalent * (1 - c.foreignTalent * (1 - c.policy.talentOpenness));
  return talent * p.algorithmicProgress * fm.pow(e / p.referenceRnd, p.rndReturns) * fm.pow(10, -p.researchDifficulty * Math.max(0, k));
}

/**
 * What a lab that has released nothing holds as released knowledge and open capability: the
 * lowest finite number, so that every comparison treats it as below anything real and a JSON
 * checkpoint keeps it (JSON has no -Infinity).
 */
export const NOTHING_RELEASED = -Number.MAX_VALUE;

/** Openness of a lab, 0..1: its open share of the budget s over s + s_h (0 for a lab with no open work). */
export function openness(world: World, f: Firm): number {
  const a = f.allocation;
  const total = a.rnd + a.open + a.compute;
  const s = total > 0 ? a.open / total : 0;
  return s > 0 ? s / (s + world.model.opennessHalfShare) : 0;
}

/** How far below the lab's own its open models are, for openness `u` [OOM]: they are smaller. */
export function releaseDiscount(world: World, u: number): number {
  return world.model.releaseDiscount * (1 - u);
}

/**
 * How far a quantity that follows a target growing at `pace` per year, catching up the share
 * 1 - exp(-rate * dt) of the distance each quarter, trails it in the steady state.
 */
export function steadyLag(pace: number, rate: number, dt: number): number {
  return (pace * dt) / (fm.exp(rate * dt) - 1);
}

/** Released knowledge at the start: the lab's knowledge less the lag of steady releases (NOTHING_RELEASED for a closed lab). */
export function initialReleased(world: World, f: Firm, dt: number): number {
  const u = openness(world, f);
  const rate = world.model.releaseRate * u;
  return rate > 0 ? f.knowledge - steadyLag(world.model.algorithmicProgress, rate, dt) : NOTHING_RELEASED;
}

export const knowledgePhase: Phase<World> = {
  name: "knowledge",
  description: "R&D, absorption of the open pool and leakage raise each lab's knowledge; labs release open models whose knowledge enters the pool",
  run(world, ctx) {
    const { firms, countries, model: p, mechanisms: on } = world;
    const dt = ctx.dt;
    const researchOn = on.research ? 1 : 0;
    const diffusionOn = on.diffusion ? 1 : 0;
    const leakageOn = on.leakage ? 1 : 0;
    const pool = world.openPool;
    let kmax = -Infinity;
    let emax = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) continue;
      if (f.knowledge > kmax) kmax = f.knowledge;
      const e = f.rndSpend + p.openWorkEfficiency * f.openSpend;
      if (e > emax) emax = e;
    }

    let openSpend = 0;
    let released = -Infinity;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) {
        // a lab that has exited keeps what it knew and released; its draw is made all the same
        ctx.streams[i + 1]!.lognormalFactor(p.researchNoise);
        f.knowledgeDelta = 0;
        continue;
      }
      const effective = f.rndSpend + p.openWorkEfficiency * f.openSpend;
      const eps = ctx.streams[i + 1]!.lognormalFactor(p.researchNoise);
      const difficulty = fm.pow(10, -p.researchDifficulty * Math.max(0, f.knowledge));
      const home = countries[f.home]!;
      const talent = f.talent * (1 - home.foreignTalent * (1 - home.policy.talentOpenness));
      const research = researchOn * talent * p.algorithmicProgress * fm.pow(effective / p.referenceRnd, p.rndReturns) * difficulty * eps;
      const capacity = effective > 0 ? effective / (effective + p.absorptionHalfShare * emax) : 0;
      const absorbShare = diffusionOn * (1 - fm.exp(-p.absorptionRate * capacity * dt));
      const absorbed = absorbShare * Math.max(0, pool - f.knowledge);
      const leaked = leakageOn * home.policy.talentOpenness * p.leakRate * Math.max(0, kmax - f.knowledge) * dt;
      f.knowledgeDelta = research * dt + absorbed + leaked;
      openSpend += f.openSpend;

      // releases: the released knowledge follows what the lab knows, at its release rate
      const u = openness(world, f);
      const rate = diffusionOn * p.releaseRate * u;
      if (rate > 0) {
        // a lab that starts releasing (an event opened it) first releases at its steady lag
        if (f.released === NOTHING_RELEASED) f.released = f.knowledge - steadyLag(p.algorithmicProgress, rate, dt);
        else f.released += (1 - fm.exp(-rate * dt)) * (f.knowledge - f.released);
      }
      if (f.released > released) released = f.released;
    }
    for (let i = 0; i < countries.length; i++) openSpend += countries[i]!.policy.openScienceFunding;

    const epsPool = ctx.streams[0]!.lognormalFactor(p.researchNoise);
    const poolDifficulty = fm.pow(10, -p.researchDifficulty * Math.max(0, pool));
    const community = researchOn * p.communityProgress * fm.pow(openSpend / p.referenceRnd, p.rndReturns) * poolDifficulty * epsPool;
    world.openPool = pool + community * dt;
    if (diffusionOn && released > world.openPool) world.openPool = released;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      f.knowledge += f.knowledgeDelta;
    }
  },
};
