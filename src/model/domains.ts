/**
 * Capability per domain. Progress is not one race: a country can lead cloud deployment while
 * another leads embodied AI (essay claim C5). Each application domain starts from the country's
 * frontier capability and adds its own drivers:
 *
 *   a_c,frontier   = a_c                                              (capability.ts)
 *   a_c,cloud      = K_c + log10(max(C_c, Cmin)) + b_c,cloud + B_c,cloud
 *   A_c            = max(a_c, a_O)                    the best model the country can apply
 *   a_c,generative = A_c + b_c,generative + B_c,generative
 *   a_c,d          = A_c + b_c,d - pen * r_c + B_c,d     for d in medical, driving, embodied
 *
 *   B_c,d <- B_c,d + (1 - exp(-delta_B * dt)) * (max over c' of B_c',d - B_c,d)      (they spread)
 *            + J   with probability 1 - exp(-lambda * (R_c / Rref)^lambda_R * 10^(-phi * max(0, K_c)) * dt)
 *              each quarter
 *
 * a_c    country frontier capability [OOM]; K_c best knowledge in the country [OOM]
 * a_O    the open-weight frontier [OOM] (capability.ts): anyone can build applications on open
 *        models, so a country with a strong base in a domain can lead it without leading the
 *        frontier (C5, C6)
 * C_c    all the country's AI compute, labs, public and cloud [EFLOP/s]: cloud deployment at
 *        scale uses the whole fleet, not only the best lab's
 * b_c,d  the country's base in the domain [OOM]; countries.<c>.domains.<d> (for embodied, for
 *        example, its manufacturing and robotics base; 0 = the reference country)
 * r_c    regulatory burden [0-1]; countries.<c>.policy.regulatoryBurden (C11: needless burden
 *        slows deployment in the physical world)
 * pen    capability lost at full burden [OOM]; model.regulationPenalty
 * B_c,d  accumulated breakthroughs [OOM], state; lambda = model.breakthroughRate [1/yr] at the
 *        reference research effort Rref = model.referenceRnd, J = model.breakthroughSize [OOM]
 * R_c    the country's AI research effort: its active labs' R&D and its open-science funding
 *        [USD bn/yr]; lambda_R = model.rndReturns, phi = model.researchDifficulty: a country that
 *        does more research draws more breakthroughs, with the returns of research itself, and
 *        they get harder to find as knowledge grows, as ideas do (knowledge.ts)
 * delta_B model.breakthroughDiffusion [1/yr] (absent: 0): others close their gap to the country
 *        with the most breakthroughs in a domain (the max taken before this quarter's draws), so
 *        a lucky draw leads a domain for months, not for good
 *
 * A lab's capability in a domain follows the same rules with the lab's own capability and
 * knowledge and its home country's drivers (recorded for each lab; leadership is by country).
 *
 * Each domain has its own running frontier and months-behind measure, as capability.ts defines
 * for the frontier, and its leader's lead in months over the next country. No domain has an
 * upper bound.
 *
 * Random numbers: one stream per country ("breakthrough:<id>"), one draw per domain per quarter
 * whatever the outcome, so adding a country or a domain rule leaves other draws unchanged.
 */
import type { Phase } from "../engine/run.js";
import { MIN_COMPUTE, monthsBehindOn } from "./capability.js";
import type { World } from "./world.js";
import * as fm from "../engine/fmath.js";

/** Application domains, in the order of the state arrays (the frontier is capability.ts's). */
export const DOMAINS = ["cloud", "medical", "driving", "generative", "embodied"] as const;
export type Domain = (typeof DOMAINS)[number];

const CLOUD = 0;
const MEDICAL = 1;
const DRIVING = 2;
const GENERATIVE = 3;

export function breakthroughStreams(countryIds: readonly string[]): string[] {
  return countryIds.map((id) => `breakthrough:${id}`);
}

/**
 * This quarter's breakthroughs: others close part of their gap to the most breakthroughs in
 * each domain, then each country draws its own, at a rate that grows with its research effort.
 * `first` is the index of the first breakthrough stream.
 */
export function drawBreakthroughs(world: World, streams: readonly { next(): number }[], first: number, dt: number): void {
  const m = world.model;
  const jump = m.breakthroughSize;
  const cs = world.countries;
  const fs = world.firms;
  for (let i = 0; i < cs.length; i++) cs[i]!.domainEffort = cs[i]!.policy.openScienceFunding;
  for (let i = 0; i < fs.length; i++) if (fs[i]!.active) cs[fs[i]!.home]!.domainEffort += fs[i]!.rndSpend;
  const best = world.domainBest;
  for (let d = 0; d < DOMAINS.length; d++) {
    best[d] = 0;
    for (let i = 0; i < cs.length; i++) if (cs[i]!.domainBonus[d]! > best[d]!) best[d] = cs[i]!.domainBonus[d]!;
  }
  const spread = 1 - fm.exp(-(m.breakthroughDiffusion ?? 0) * dt);
  for (let i = 0; i < cs.length; i++) {
    const rng = streams[first + i]!;
    const c = cs[i]!;
    const bonus = c.domainBonus;
    // research effort with the returns and the difficulty of research itself (knowledge.ts)
    const rate = m.breakthroughRate * fm.pow(Math.max(0, c.domainEffort) / m.referenceRnd, m.rndReturns) * fm.pow(10, -m.researchDifficulty * Math.max(0, c.knowledge));
    const p = 1 - fm.exp(-rate * dt);
    for (let d = 0; d < DOMAINS.length; d++) {
      bonus[d]! += spread * (best[d]! - bonus[d]!);
      if (rng.next() < p) bonus[d]! += jump;
    }
  }
}

/** Recomputes domain capabilities, domain frontiers and months behind for the state at `step`. */
export function updateDomains(world: World, step: number): void {
  const cs = world.countries;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    for (let d = 0; d < DOMAINS.length; d++) c.domainCapability[d] = domainCapability(world, i, c.capability, c.knowledge, c.compute + c.cloudCompute, d);
  }
  for (let d = 0; d < DOMAINS.length; d++) {
    let best = -Infinity;
    let leader = 0;
    for (let i = 0; i < cs.length; i++) {
      const v = cs[i]!.domainCapability[d]!;
      if (v > best) {
        best = v;
        leader = i;
      }
    }
    world.domainLeader[d] = leader;
    const h = world.domainHistory[d]!;
    h[step] = step > 0 ? Math.max(h[step - 1]!, best) : best;
    let second = Infinity;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      c.domainMonthsBehind[d] = monthsBehindOn(h, step, c.domainCapability[d]!, world.model.initialFrontierPace);
      if (i !== leader && c.domainMonthsBehind[d]! < second) second = c.domainMonthsBehind[d]!;
    }
    world.domainLead[d] = second === Infinity ? 0 : second;
  }
}

/**
 * Capability in domain `d` of an agent of country `home` with frontier capability `capability`,
 * best knowledge `knowledge` and compute `compute` (a country, or one of its labs): the rules
 * above, with the country's drivers.
 */
export function domainCapability(world: World, home: number, capability: number, knowledge: number, compute: number, d: number): number {
  const c = world.countries[home]!;
  const b = c.domains;
  const bonus = c.domainBonus[d]!;
  if (d === CLOUD) return knowledge + fm.log10(Math.max(compute, MIN_COMPUTE)) + b.cloud + bonus;
  const a = Math.max(capability, world.openFrontier);
  if (d === GENERATIVE) return a + b.generative + bonus;
  const base = d === MEDICAL ? b.medical : d === DRIVING ? b.driving : b.embodied;
  return a + base - world.model.regulationPenalty * c.policy.regulatoryBurden + bonus;
}

export const domainsPhase: Phase<World> = {
  name: "domains",
  description: "breakthroughs; capability, leader and months behind in each application domain",
  run(world, ctx) {
    drawBreakthroughs(world, ctx.streams, world.firms.length + 1, ctx.dt);
    updateDomains(world, ctx.step);
  },
};
