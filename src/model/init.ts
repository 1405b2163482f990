/**
 * The world at the start quarter: the scenario's parameters copied into the state of
 * world.ts, state variables at their starting values, the supply chain (chips.ts) and the
 * market (market.ts) built from their sections. Deep-copies everything it keeps, so a run
 * never changes the scenario it came from.
 */
import type { Clock } from "../engine/clock.js";
import type { CountryParams, FirmParams } from "../scenario/schema.js";
import { initSupplyChain } from "./chips.js";
import { DOMAINS } from "./domains.js";
import { NOTHING_RELEASED } from "./knowledge.js";
import { initMarket } from "./market.js";
import type { Country, Firm, ModelInput, World } from "./world.js";

function makeCountry(c: CountryParams): Country {
  return {
    id: c.id,
    name: c.name,
    gdp: c.gdp,
    gdpGrowth: c.gdpGrowth,
    computePriceFactor: c.computePriceFactor,
    policy: {
      fabSubsidy: c.policy.fabSubsidy,
      openScienceFunding: c.policy.openScienceFunding,
      publicComputeSpend: c.policy.publicComputeSpend,
      regulatoryBurden: c.policy.regulatoryBurden ?? 0,
      fabInvestment: c.policy.fabInvestment ?? 0,
      domesticChipPreference: c.policy.domesticChipPreference ?? 0,
      governance: c.policy.governance ?? 0.5,
      talentOpenness: c.policy.talentOpenness ?? 1,
      foreignAiBarrier: c.policy.foreignAiBarrier ?? 0,
      exportControls: {
        targets: [...(c.policy.exportControls?.targets ?? [])],
        threshold: c.policy.exportControls?.threshold ?? Number.MAX_VALUE,
        equipment: c.policy.exportControls?.equipment ?? 0,
        foreignProductRule: c.policy.exportControls?.foreignProductRule ?? 0,
      },
    },
    energyPrice: c.energyPrice ?? -1,
    foreignTalent: c.foreignTalent ?? 0,
    domains: {
      cloud: c.domains?.cloud ?? 0,
      medical: c.domains?.medical ?? 0,
      driving: c.domains?.driving ?? 0,
      generative: c.domains?.generative ?? 0,
      embodied: c.domains?.embodied ?? 0,
    },
    publicCompute: c.initial.publicCompute,
    aiBudget: 0,
    compute: 0,
    controlTargets: [],
    computeSpend: 0,
    purchased: 0,
    spent: 0,
    computeYield: 0,
    chipAccess: 1,
    fabInvestment: 0,
    inducedInvestment: 0,
    fabCount: 0,
    unspent: 0,
    withheld: 0,
    aiDemand: 0,
    influence: 0,
    aiMultiplier: 1,
    fringe: 0,
    openWeight: 0,
    labShare: 0,
    labSales: 0,
    labMarkup: 0,
    labSalesShare: 0,
    labCompute: 0,
    labPrice: 0,
    labAppeal: 0,
    fringeRevenue: 0,
    openUsage: 0,
    entries: 0,
    exits: 0,
    trust: 1,
    publicCapability: 0,
    entryDraw: 0,
    exitDraw: 0,
    knowledge: 0,
    standing: 0,
    bestKnowledge: 0,
    standingGap: 0,
    capability: 0,
    monthsBehind: 0,
    domainCapability: DOMAINS.map(() => 0),
    domainBonus: DOMAINS.map(() => 0),
    domainMonthsBehind: DOMAINS.map(() => 0),
  };
}

function makeFirm(f: FirmParams, home: number): Firm {
  return {
    id: f.id,
    name: f.name,
    country: f.country,
    budgetGrowth: f.budgetGrowth,
    backing: f.backing ?? 0,
    talent: f.talent ?? 1,
    allocation: { ...f.allocation },
    home,
    budget: f.initial.budget,
    rndSpend: 0,
    openSpend: 0,
    computeSpend: 0,
    compute: f.initial.compute,
    knowledge: f.initial.knowledge,
    knowledgeDelta: 0,
    capability: 0,
    released: NOTHING_RELEASED,
    openCapability: NOTHING_RELEASED,
    active: true,
    cash: f.initial.cash ?? f.initial.budget,
    revenue: 0,
    grossProfit: 0,
    funding: 0,
    price: 0,
    usageShare: 0,
    appeal: 0,
  };
}

/** Builds the world at the start quarter. Deep-copies everything it keeps. */
export function initWorld(input: ModelInput, clock: Clock): World {
  const countries = input.countries.map(makeCountry);
  for (const c of countries) c.controlTargets = c.policy.exportControls.targets.map((id) => countries.findIndex((x) => x.id === id));
  const firms = input.firms.map((f) => makeFirm(f, countries.findIndex((c) => c.id === f.country)));
  return {
    model: {
      ...input.model,
      rivalryResponse: input.model.rivalryResponse ?? 0,
      allocationLearning: input.model.allocationLearning ?? 0,
      planningHorizon: input.model.planningHorizon ?? 1,
    },
    mechanisms: {
      macro: input.mechanisms?.macro ?? true,
      budgetGrowth: input.mechanisms?.budgetGrowth ?? true,
      compute: input.mechanisms?.compute ?? true,
      research: input.mechanisms?.research ?? true,
      diffusion: input.mechanisms?.diffusion ?? true,
      leakage: input.mechanisms?.leakage ?? true,
      semiconductors: input.mechanisms?.semiconductors ?? true,
      adaptation: input.mechanisms?.adaptation ?? true,
      market: input.mechanisms?.market ?? true,
    },
    countries,
    firms,
    semiconductors: initSupplyChain(input.semiconductors, countries, clock),
    market: initMarket(input.market),
    entryStream: 0,
    openFrontier: 0,
    openLeader: -1,
    openLag: 0,
    leadershipChanges: 0,
    runConcentration: 0,
    openPool: input.model.initialOpenPool,
    frontier: 0,
    frontierHistory: new Array<number>(clock.steps + 1).fill(0),
    historyLength: 0,
    leadMonths: 0,
    leader: 0,
    domainHistory: DOMAINS.map(() => new Array<number>(clock.steps + 1).fill(0)),
    domainLeader: DOMAINS.map(() => 0),
    domainLead: DOMAINS.map(() => 0),
  };
}
