/**
 * Knowledge and diffusion: labs build proprietary knowledge through R&D, open work feeds a
 * shared pool, every lab absorbs the pool according to its absorptive capacity, and closed
 * knowledge leaks slowly to everyone.
 *
 * Knowledge k is algorithmic efficiency in orders of magnitude (OOM, log10) relative to the
 * mid-2025 frontier: k = -1 means needing 10x the compute for the same result.
 *
 *   E_f      = R_f + eta * O_f                                   effective research spend
 *   research = alpha * (E_f / Rref)^lambda * 10^(-phi * max(0, k_f)) * eps_f,  eps_f = exp(N(0, sigma))
 *   absorb   = min(1, beta * E_f / (E_f + Rhalf) * dt) / dt * max(0, P - k_f)
 *   T_f      = tau_f * (1 - x_c * (1 - o_c))                     talent of lab f in country c
 *   research = T_f * alpha * ... (as above)
 *   leak     = o_c * ell * max(0, kmax - k_f)
 *   k_f     <- k_f + (research + absorb + leak) * dt             (all labs updated together)
 *
 *   O        = sum_f O_f + sum_c F_c                              open spending
 *   w_f      = O_f / (O_f + Ohalf)                                release intensity
 *   P       <- P + gamma * (O / Rref)^lambda * 10^(-phi * max(0, P)) * eps_P * dt
 *                 + min(1, rho * dt) * max_f w_f * max(0, k_f - P)
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
 * Rhalf  spend for half absorptive capacity [USD bn/yr]; model.absorptionHalfRnd (assumption)
 * ell    leak rate of closed knowledge [1/yr]; model.leakRate (assumption; C3: slow)
 * gamma  community progress of the pool [OOM/yr]; model.communityProgress (assumption)
 * rho    pull of releases on the pool [1/yr]; model.releasePull (assumption)
 * Ohalf  open spend for half release intensity [USD bn/yr]; model.releaseHalfSpend
 * F_c    public open-science funding [USD bn/yr]; countries.<c>.policy.openScienceFunding
 * P      open pool [OOM]; starts at model.initialOpenPool
 * tau_f  the lab's talent density [1]; firms.<f>.talent (default 1)
 * x_c    share of the country's top researchers from abroad [1]; countries.<c>.foreignTalent
 *        (calibration.md#talent-origin)
 * o_c    talent and visa openness [1]; countries.<c>.policy.talentOpenness: closing the door
 *        loses the foreign researchers' work and slows the knowledge that moves with people
 *
 * Switches: mechanisms.research (off: research = 0 and the pool's own progress = 0),
 * mechanisms.diffusion (off: no absorption and no releases into the pool), mechanisms.leakage
 * (off: leak = 0). Random draws are made whatever the switches, so switching one mechanism off
 * leaves the draws of the others unchanged (common random numbers for ablation comparisons).
 *
 * Random numbers: one stream per lab ("research:<id>") and one for the pool ("pool"), so
 * adding a lab does not change the draws of the others.
 */
import type { Phase } from "../engine/run.js";
import type { World } from "./world.js";
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

export const knowledgePhase: Phase<World> = {
  name: "knowledge",
  description: "R&D, absorption of the open pool and leakage raise each lab's knowledge; open work and releases raise the pool",
  run(world, ctx) {
    const { firms, countries, model: p, mechanisms: on } = world;
    const dt = ctx.dt;
    const researchOn = on.research ? 1 : 0;
    const diffusionOn = on.diffusion ? 1 : 0;
    const leakageOn = on.leakage ? 1 : 0;
    const pool = world.openPool;
    let kmax = -Infinity;
    for (let i = 0; i < firms.length; i++) if (firms[i]!.active) kmax = Math.max(kmax, firms[i]!.knowledge);

    let openSpend = 0;
    let release = 0;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      if (!f.active) {
        // a lab that has exited keeps what it knew; its draw is made all the same
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
      const capacity = effective / (effective + p.absorptionHalfRnd);
      const absorbShare = diffusionOn * Math.min(1, p.absorptionRate * capacity * dt);
      const absorbed = absorbShare * Math.max(0, pool - f.knowledge);
      const leaked = leakageOn * home.policy.talentOpenness * p.leakRate * Math.max(0, kmax - f.knowledge) * dt;
      f.knowledgeDelta = research * dt + absorbed + leaked;

      openSpend += f.openSpend;
      const intensity = f.openSpend / (f.openSpend + p.releaseHalfSpend);
      release = Math.max(release, intensity * Math.max(0, f.knowledge - pool));
    }
    for (let i = 0; i < countries.length; i++) openSpend += countries[i]!.policy.openScienceFunding;

    const epsPool = ctx.streams[0]!.lognormalFactor(p.researchNoise);
    const poolDifficulty = fm.pow(10, -p.researchDifficulty * Math.max(0, pool));
    const community = researchOn * p.communityProgress * fm.pow(openSpend / p.referenceRnd, p.rndReturns) * poolDifficulty * epsPool;
    world.openPool = pool + community * dt + diffusionOn * Math.min(1, p.releasePull * dt) * release;
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      f.knowledge += f.knowledgeDelta;
    }
  },
};
