/**
 * Capability per domain. Progress is not one race: a country can lead cloud deployment while
 * another leads embodied AI (essay claim C5). Each application domain starts from the country's
 * frontier capability and adds its own drivers:
 *
 *   a_c,frontier   = a_c                                              (capability.ts)
 *   a_c,cloud      = K_c + log10(max(C_c, Cmin)) + b_c,cloud + B_c,cloud
 *   A_c            = max(a_c, a_O)                    the best model the country can apply
 *   a_c,d          = A_c + b_c,d + k * log10(1 + X_c,d / Xs_d) + B_c,d
 *                                                    for d in medical, driving, generative, embodied
 *
 * Learning by doing (the deployment section): what a country has deployed in a domain that acts in
 * the physical world (AI medical devices, driverless vehicles, industrial robots) grows with what
 * it spends on AI services, at the elasticity observed before the start, falls as its regulatory
 * burden rises, and accumulates as experience. In generative AI the deployment is the spending on
 * AI services itself, and its experience goes to the labs that serve it, wherever they are:
 *
 *   S_c,d(t)   = S_c,d(0) * (x_c(t) / x_c(0))^eta_d * g_c,d(t)      d = medical, driving, embodied
 *   eta_d      = ln G_d / ln G_x
 *   g_c,d(t)   = (1 - beta R_c(t)) / (1 - beta R_c(0))
 *   X_c,d     <- X_c,d + S_c,d dt,   X_c,d(0) = S_c,d(0) / ln G_d      experience [unit x yr]
 *   S_c,gen(t) = x_c(t)
 *   X_h,gen   <- X_h,gen + sum over c of m_hc x_c dt,  X_h,gen(0) = sum over c of m_hc x_c(0) / ln G_x
 *   Xs_d(t)    = sigma * sum over c of X_c,d(t)   what counts is a country's share of the
 *                                                 world's experience, not its amount
 *
 * Entry into other countries (deployment.entry, e_d; absent or 0: none): country h's operators
 * deploy in country c (h != c) toward what their intensity at home justifies there:
 *
 *   F_hc,d    <- F_hc,d + (1 - exp(-e_d dt)) * (F*_hc,d - F_hc,d),   F_hc,d(0) = 0
 *   F*_hc,d    = S_h,d * (x_c / sum over k of x_k) * T_h * (1 - O_c) * (1 - beta R_c) / (1 - beta R_h)
 *
 * c's share of h's fleet at home as c's share of the world's spending: splitting an operator
 * country, or a host, in two changes no total. T_h trust in h's governance (market.ts, as in
 * the appeal of h's AI abroad; 1 without a market); O_c c's policy.operatorBarrier; R_c, R_h
 * the burdens now. F counts in c's deployment (the metric) and teaches h: X_h,d also gains the
 * sum over c of F_hc,d dt. Only driving has an entry rate: devices and robots are counted where
 * they are in use, whoever made them.
 *
 * a_c    country frontier capability [OOM]; K_c best knowledge in the country [OOM]
 * a_O    the open-weight frontier [OOM] (capability.ts): anyone can build applications on open
 *        models, so a country with a strong base in a domain can lead it without leading the
 *        frontier (C5, C6)
 * C_c    all the country's AI compute, labs, public and cloud [EFLOP/s]: cloud deployment at
 *        scale uses the whole fleet, not only the best lab's
 * b_c,d  the country's other advantages in the domain [OOM]; countries.<c>.domains.<d> (0 = none)
 * S_c,d  deployment [the domain's unit: devices, vehicles, k robots]; S_c,d(0) is
 *        countries.<c>.deployment.<d>
 * x_c    what deployment scales with: the country's spending on AI services (market.ts), or its
 *        GDP without a market [USD bn/yr]
 * m_hc   the share of c's spending on AI services that h's labs serve (market.ts), and for h = c
 *        also what c's small firms and self-hosted open models serve; without a market, 1 at home
 * beta   deployment.regulation [1]; R_c regulatory burden
 *        [0-1], countries.<c>.policy.regulatoryBurden (C11: burden slows deployment in the
 *        physical world, and so the experience that lifts it)
 * G_d    deployment.pastGrowth.<d> [x/yr]: a deployment that has grown at G has accumulated
 *        S / ln G years of use (the integral of S e^(t ln G) up to now); G_x
 *        deployment.spendingGrowth [x/yr], how fast spending on AI services grew meanwhile, so
 *        eta_d is the elasticity of deployment to that spending the past shows (robots that grew
 *        10% a year while spending tripled: 0.09)
 * k      deployment.learning [OOM per tenfold share of the world's experience]; sigma
 *        deployment.scale [1]: a country with much less than the share sigma of the world's
 *        experience gains almost nothing, one with more gains k OOM for each tenfold; a country
 *        with all of it, k log10(1 + 1 / sigma). Domains therefore stay tied to the frontier:
 *        experience decides who leads a domain, not how far above the frontier it stands
 * B_c,d  accumulated breakthroughs [OOM], state; lambda = model.breakthroughRate [1/yr] at the
 *        reference research effort Rref = model.referenceRnd, J = model.breakthroughSize [OOM]:
 *   B_c,d <- B_c,d + (1 - exp(-delta_B * dt)) * (max over c' of B_c',d - B_c,d)      (they spread)
 *            + J   with probability 1 - exp(-lambda * (R_c / Rref)^lambda_R * 10^(-phi * max(0, K_c)) * dt)
 *              each quarter
 * R_c    the country's AI research effort: its active labs' R&D and its open-science funding
 *        [USD bn/yr]; lambda_R = model.rndReturns, phi = model.researchDifficulty: a country that
 *        does more research draws more breakthroughs, with the returns of research itself, and
 *        they get harder to find as knowledge grows, as ideas do (knowledge.ts)
 * delta_B model.breakthroughDiffusion [1/yr] (absent: 0): others close their gap to the country
 *        with the most breakthroughs in a domain (the max taken before this quarter's draws), so
 *        a lucky draw leads a domain for months, not for good
 *
 * Every sum is over countries, so the order in which they are listed changes nothing. A country
 * whose operators had deployed nothing in a domain at the start deploys nothing there of its own;
 * foreign operators may enter it.
 * Without a deployment section (or with mechanisms.learningByDoing off) the experience term is 0.
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
import type { DeploymentParams } from "../scenario/schema.js";
import { marketActive } from "./market.js";
import type { Deployment, Mechanisms, World } from "./world.js";
import { blank, numbers } from "./fill.js";
import * as fm from "../engine/fmath.js";

/** Application domains, in the order of the state arrays (the frontier is capability.ts's). */
export const DOMAINS = ["cloud", "medical", "driving", "generative", "embodied"] as const;
export type Domain = (typeof DOMAINS)[number];

const CLOUD = 0;
export const MEDICAL = 1;
export const DRIVING = 2;
export const GENERATIVE = 3;
export const EMBODIED = 4;

/** Domains whose deployment regulation slows (they act in the physical world). */
function deploymentBound(d: number): boolean {
  return d === MEDICAL || d === DRIVING || d === EMBODIED;
}

export function fillDeployment(prev: Deployment | undefined, p: DeploymentParams | undefined, mech: Mechanisms): Deployment {
  const t = blank(prev);
  t.active = p !== undefined && mech.learningByDoing;
  t.learning = p?.learning ?? 0;
  t.regulation = p?.regulation ?? 0;
  t.pastGrowth = numbers(prev?.pastGrowth, DOMAINS.length, 0);
  t.pastGrowth[MEDICAL] = p?.pastGrowth.medical ?? 0;
  t.pastGrowth[DRIVING] = p?.pastGrowth.driving ?? 0;
  t.pastGrowth[GENERATIVE] = p?.spendingGrowth ?? 0;
  t.pastGrowth[EMBODIED] = p?.pastGrowth.embodied ?? 0;
  // deployment has grown with spending on AI at the elasticity observed before the start
  t.elasticity = numbers(prev?.elasticity, DOMAINS.length, 0);
  for (let d = 1; d < DOMAINS.length; d++) t.elasticity[d] = p === undefined ? 0 : fm.log(t.pastGrowth[d]!) / fm.log(p.spendingGrowth);
  t.experienceScale = numbers(prev?.experienceScale, DOMAINS.length, 0);
  t.scale = p?.scale ?? 0;
  t.entry = numbers(prev?.entry, DOMAINS.length, 0);
  t.entry[DRIVING] = p?.entry?.driving ?? 0;
  return t;
}

/** What a country's deployment scales with: its spending on AI services, or without a market its GDP [USD bn/yr]. */
function deployScale(world: World, c: number): number {
  const country = world.countries[c]!;
  return marketActive(world) ? country.aiDemand : 1000 * country.gdp;
}

/**
 * Share of the use of generative AI in country `c` whose experience goes to country `h`: the
 * share of c's spending on AI services that h's labs serve, and for h = c also what c's small
 * firms and self-hosted open models serve (without a market, each country serves itself).
 */
function servedBy(world: World, h: number, c: number): number {
  if (!marketActive(world) || world.countries[c]!.aiDemand <= 0) return h === c ? 1 : 0;
  const nc = world.countries.length;
  if (h !== c) return world.served[h * nc + c]!;
  let abroad = 0;
  for (let k = 0; k < nc; k++) if (k !== c) abroad += world.served[k * nc + c]!;
  return 1 - abroad;
}

/** Deployment and experience at the start, and the experience scale. */
export function startDeployment(world: World): void {
  const dep = world.deployment;
  const cs = world.countries;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    c.deployScaleStart = deployScale(world, i);
    for (let d = 0; d < DOMAINS.length; d++) {
      // in generative AI, the deployment is the spending on AI services itself
      if (d === GENERATIVE) c.deployStart[d] = c.deployScaleStart;
      c.deployed[d] = d === CLOUD ? 0 : c.deployStart[d]!;
      c.deployedHome[d] = c.deployed[d]!;
      c.deployedAbroad[d] = 0;
      c.experience[d] = d === CLOUD || d === GENERATIVE || !dep.active ? 0 : c.deployStart[d]! / fm.log(dep.pastGrowth[d]!);
    }
  }
  // the use of generative AI teaches the labs that serve it, wherever they are
  if (dep.active)
    for (let i = 0; i < cs.length; i++)
      for (let h = 0; h < cs.length; h++) cs[h]!.experience[GENERATIVE]! += (servedBy(world, h, i) * cs[i]!.deployStart[GENERATIVE]!) / fm.log(dep.pastGrowth[GENERATIVE]!);
  scaleExperience(world);
}

/** The experience against which each country's is read: scale x the world's, now. */
function scaleExperience(world: World): void {
  const dep = world.deployment;
  const cs = world.countries;
  for (let d = 0; d < DOMAINS.length; d++) {
    let experience = 0;
    for (let i = 0; i < cs.length; i++) experience += cs[i]!.experience[d]!;
    dep.experienceScale[d] = dep.scale * experience;
  }
}

/** This quarter's deployment in each domain, and the experience it adds. */
export function deploy(world: World, dt: number): void {
  const dep = world.deployment;
  if (!dep.active) return;
  const cs = world.countries;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const x0 = c.deployScaleStart;
    const growth = x0 > 0 ? deployScale(world, i) / x0 : 1;
    const burden = (1 - dep.regulation * c.policy.regulatoryBurden) / (1 - dep.regulation * c.burdenStart);
    for (let d = 1; d < DOMAINS.length; d++) {
      const s = c.deployStart[d]! * fm.pow(growth, dep.elasticity[d]!) * (deploymentBound(d) ? burden : 1);
      c.deployed[d] = s;
      c.deployedHome[d] = s;
      if (d !== GENERATIVE) c.experience[d]! += s * dt;
    }
  }
  for (let d = 1; d < DOMAINS.length; d++) if (dep.entry[d]! > 0 && deploymentBound(d)) enter(world, d, dt);
  for (let i = 0; i < cs.length; i++) {
    const use = cs[i]!.deployed[GENERATIVE]! * dt;
    for (let h = 0; h < cs.length; h++) cs[h]!.experience[GENERATIVE]! += servedBy(world, h, i) * use;
  }
  scaleExperience(world);
}

/**
 * Operators entering other countries in domain d: each quarter the fleet of country h's operators
 * in country c closes part of its gap to c's share of their fleet at home, as c's spending on AI
 * services is of the world's. It counts in c's deployment and teaches h.
 */
function enter(world: World, d: number, dt: number): void {
  const dep = world.deployment;
  const cs = world.countries;
  const nc = cs.length;
  const fleet = world.operatorFleet;
  const pull = 1 - fm.exp(-dep.entry[d]! * dt);
  let spending = 0;
  for (let k = 0; k < nc; k++) spending += deployScale(world, k);
  for (let h = 0; h < nc; h++) cs[h]!.deployedAbroad[d] = 0;
  for (let c = 0; c < nc; c++) {
    const host = cs[c]!;
    const share = spending > 0 ? deployScale(world, c) / spending : 0;
    const room = (1 - host.policy.operatorBarrier) * (1 - dep.regulation * host.policy.regulatoryBurden);
    let foreign = 0;
    for (let h = 0; h < nc; h++) {
      if (h === c) continue;
      const op = cs[h]!;
      const target = op.deployedHome[d]! * share * op.trust * (room / (1 - dep.regulation * op.policy.regulatoryBurden));
      const k = (d * nc + h) * nc + c;
      fleet[k] = fleet[k]! + pull * (target - fleet[k]!);
      foreign += fleet[k]!;
      op.deployedAbroad[d] = op.deployedAbroad[d]! + fleet[k]!;
      op.experience[d] = op.experience[d]! + fleet[k]! * dt;
    }
    host.deployed[d] = host.deployedHome[d]! + foreign;
  }
}

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
  const base = d === MEDICAL ? b.medical : d === DRIVING ? b.driving : d === GENERATIVE ? b.generative : b.embodied;
  return a + base + learned(world, home, d) + bonus;
}

/** Capability that country `home`'s experience adds in domain `d` [OOM]. */
export function learned(world: World, home: number, d: number): number {
  const dep = world.deployment;
  const xs = dep.experienceScale[d]!;
  return dep.active && xs > 0 ? dep.learning * fm.log10(1 + world.countries[home]!.experience[d]! / xs) : 0;
}

export const domainsPhase: Phase<World> = {
  name: "domains",
  description: "breakthroughs; deployment and experience (from last quarter's spending on AI and market shares); capability, leader and months behind in each application domain",
  run(world, ctx) {
    drawBreakthroughs(world, ctx.streams, world.firms.length + 1, ctx.dt);
    deploy(world, ctx.dt);
    updateDomains(world, ctx.step);
  },
};
