/**
 * The AI-competition model, assembled for the engine: metrics, random streams, the initial
 * world, the phases in their order, and the observer that fills a frame from the world.
 *
 * Schedule (each quarter; docs/model.md "Process overview and scheduling" follows this list):
 *   macro -> investment -> compute -> knowledge -> capability -> domains
 */
import type { Clock } from "../engine/clock.js";
import type { MetricLayout } from "../engine/metrics.js";
import { offsetOf } from "../engine/metrics.js";
import type { ModelDef, Observer } from "../engine/run.js";
import { capabilityPhase, updateCapability } from "./capability.js";
import { breakthroughStreams, DOMAINS, domainsPhase, updateDomains } from "./domains.js";
import { computePhase } from "./compute.js";
import { investmentPhase } from "./investment.js";
import { knowledgePhase, knowledgeStreams } from "./knowledge.js";
import { macroPhase } from "./macro.js";
import { METRICS } from "./metrics.js";
import type { ModelInput, World } from "./world.js";
import { initWorld } from "./world.js";

export const MODEL_VERSION = "0.1.0";

export const PHASES = [macroPhase, investmentPhase, computePhase, knowledgePhase, capabilityPhase, domainsPhase] as const;

function observer(layout: MetricLayout): Observer<World> {
  const o = (kind: string, name: string) => offsetOf(layout, kind, name);
  const gFrontier = o("global", "frontier_capability");
  const gPool = o("global", "open_pool");
  const gCompute = o("global", "compute_total");
  const gHhi = o("global", "compute_hhi");
  const gLead = o("global", "lead_months");
  const cGdp = o("country", "gdp");
  const cBudget = o("country", "ai_budget");
  const cCompute = o("country", "compute");
  const cShare = o("country", "compute_share");
  const cKnowledge = o("country", "knowledge");
  const cCapability = o("country", "capability");
  const cBehind = o("country", "months_behind");
  const fBudget = o("firm", "budget");
  const fCompute = o("firm", "compute");
  const fKnowledge = o("firm", "knowledge");
  const fCapability = o("firm", "capability");
  const cDomain = DOMAINS.map((d) => o("country", `capability_${d}`));
  const cDomainBehind = DOMAINS.map((d) => o("country", `months_behind_${d}`));
  return (world, _ctx, frame) => {
    const { countries, firms } = world;
    let total = 0;
    for (let i = 0; i < countries.length; i++) total += countries[i]!.compute;
    let hhi = 0;
    for (let i = 0; i < countries.length; i++) {
      const c = countries[i]!;
      const share = total > 0 ? c.compute / total : 0;
      hhi += share * share;
      frame[cGdp + i] = c.gdp;
      frame[cBudget + i] = c.aiBudget;
      frame[cCompute + i] = c.compute;
      frame[cShare + i] = share;
      frame[cKnowledge + i] = c.knowledge;
      frame[cCapability + i] = c.capability;
      frame[cBehind + i] = c.monthsBehind;
      for (let d = 0; d < cDomain.length; d++) {
        frame[cDomain[d]! + i] = c.domainCapability[d]!;
        frame[cDomainBehind[d]! + i] = c.domainMonthsBehind[d]!;
      }
    }
    for (let i = 0; i < firms.length; i++) {
      const f = firms[i]!;
      frame[fBudget + i] = f.budget;
      frame[fCompute + i] = f.compute;
      frame[fKnowledge + i] = f.knowledge;
      frame[fCapability + i] = f.capability;
    }
    frame[gFrontier] = world.frontier;
    frame[gPool] = world.openPool;
    frame[gCompute] = total;
    frame[gHhi] = hhi;
    frame[gLead] = world.leadMonths;
  };
}

export const aiRaceModel: ModelDef<World, ModelInput> = {
  name: "airace",
  version: MODEL_VERSION,
  metrics: METRICS,
  // order matters: phases reach streams by position (pool, research per lab, breakthroughs per country)
  streams: (input) => [...knowledgeStreams(input.firms.map((f) => f.id)), ...breakthroughStreams(input.countries.map((c) => c.id))],
  phases: PHASES,
  init(input: ModelInput, _rng, clock: Clock): World {
    const world = initWorld(input, clock);
    for (const f of world.firms) world.countries[f.home]!.aiBudget += f.budget;
    for (const c of world.countries) c.compute = c.publicCompute;
    for (const f of world.firms) world.countries[f.home]!.compute += f.compute;
    updateCapability(world, 0);
    updateDomains(world, 0);
    return world;
  },
  entities: (input) => ({
    country: input.countries.map((c) => c.id),
    firm: input.firms.map((f) => f.id),
  }),
  observer,
  front(world) {
    let lab = -1;
    for (let i = 0; i < world.firms.length; i++) if (lab < 0 || world.firms[i]!.capability > world.firms[lab]!.capability) lab = i;
    const country = world.countries[world.leader]?.id ?? "";
    return lab < 0 ? { country } : { country, lab: world.firms[lab]!.id };
  },
};

export type { ModelInput, World } from "./world.js";
