/**
 * The state of the simulated world: plain data of fixed shape.
 *
 * Scenario parameters are copied into the world under the same names and nesting as in the
 * scenario file, so an event's target path (`countries.CN.policy.fabSubsidy`) addresses the
 * value the model reads. State variables sit beside them. Initial conditions (`initial.*` in
 * the scenario) seed state variables and are not kept.
 */
import type { Clock } from "../engine/clock.js";
import type { CountryParams, FirmParams, ModelParams, Scenario } from "../scenario/schema.js";
import type { SupplyChain } from "./chips.js";
import { initSupplyChain } from "./chips.js";
import type { Market } from "./market.js";
import { initMarket } from "./market.js";
import { DOMAINS } from "./domains.js";

/** The part of a scenario the model reads. */
export type ModelInput = Pick<Scenario, "model" | "countries" | "firms" | "mechanisms" | "semiconductors" | "market">;

/** Which mechanisms run (ablation switches); all on unless a scenario says otherwise. */
export interface Mechanisms {
  macro: boolean;
  budgetGrowth: boolean;
  compute: boolean;
  research: boolean;
  diffusion: boolean;
  leakage: boolean;
  semiconductors: boolean;
  adaptation: boolean;
  market: boolean;
}

/** Export-control rules a country imposes; without any, no targets and no effect. */
export interface ExportControls {
  targets: string[];
  /** [PFLOP/s per chip] */
  threshold: number;
  /** [1] */
  equipment: number;
  /** [1] */
  foreignProductRule: number;
}

export interface Country {
  // parameters (event targets)
  id: string;
  name: string;
  gdp: number;
  gdpGrowth: number;
  computePriceFactor: number;
  policy: {
    fabSubsidy: number;
    openScienceFunding: number;
    publicComputeSpend: number;
    regulatoryBurden: number;
    fabInvestment: number;
    domesticChipPreference: number;
    exportControls: ExportControls;
    governance: number;
    talentOpenness: number;
    foreignAiBarrier: number;
  };
  /** Share of top researchers from abroad [1]. */
  foreignTalent: number;
  /** Electricity price for data centres [USD/MWh]; -1: the world default (semiconductors.energyPrice). */
  energyPrice: number;
  /** Base advantage in each application domain [OOM] (see domains.ts). */
  domains: { cloud: number; medical: number; driving: number; generative: number; embodied: number };
  // state
  /** Public and academic compute stock [EFLOP/s]. */
  publicCompute: number;
  /** Sum of the budgets of the country's labs [USD bn/yr]. */
  aiBudget: number;
  /** Compute of labs plus public compute [EFLOP/s]. */
  compute: number;
  /** Indices of the countries this country's export controls target (resolved once). */
  controlTargets: number[];
  /** Compute spending of labs and government this quarter [USD bn/yr]. */
  computeSpend: number;
  /** Compute bought this quarter [EFLOP/s]; set by the semiconductor market. */
  purchased: number;
  /** Money actually spent on compute this quarter [USD bn/yr]. */
  spent: number;
  /** Share of the world's chip supply (by compute) the country may buy [1]. */
  chipAccess: number;
  /** Investment flowing into domestic fabs [USD bn/yr]: reinvested sales, public and induced. */
  fabInvestment: number;
  /** Part of fabInvestment induced by lost access to foreign chips [USD bn/yr] (C8). */
  inducedInvestment: number;
  /** Share of the country's chip demand that export controls withhold this quarter [1]. */
  withheld: number;
  /** Number of fabs located in the country. */
  fabCount: number;
  /** Money left unspent after round 1 of the chip market, per unit of weight (scratch) [USD bn]. */
  unspent: number;
  /** Spending on AI services in the country [USD bn/yr]. */
  aiDemand: number;
  /** Share of world AI usage served by the country's labs and small firms [1]. */
  influence: number;
  /** GDP relative to a path without AI's contribution [1]. */
  aiMultiplier: number;
  /** Number of small firms (entrants building on open models). */
  fringe: number;
  /** Revenue of the small firms [USD bn/yr]. */
  fringeRevenue: number;
  /** Spending on self-hosted open models in the country [USD bn/yr]. */
  openUsage: number;
  /** Firms that entered / exited so far (labs and small firms). */
  entries: number;
  exits: number;
  /** Appeal multiplier of the country's AI abroad from its governance, this quarter (scratch) [1]. */
  trust: number;
  /** The open pool run on the country's public compute this quarter (scratch) [OOM]. */
  publicCapability: number;
  /** This quarter's uniform draws for entry and exit. */
  entryDraw: number;
  exitDraw: number;
  /** Best knowledge among the country's labs, or the open pool if higher [OOM]. */
  knowledge: number;
  /** Frontier capability of the country [OOM]. */
  capability: number;
  /** Months since the world frontier was at this country's capability [months]. */
  monthsBehind: number;
  /** Capability in each application domain, in DOMAINS order [OOM]. */
  domainCapability: number[];
  /** Accumulated breakthroughs in each application domain [OOM]. */
  domainBonus: number[];
  /** Months behind the leader in each application domain [months]. */
  domainMonthsBehind: number[];
}

export interface Firm {
  // parameters (event targets)
  id: string;
  name: string;
  country: string;
  budgetGrowth: number;
  /** Share of the budget a parent company or state pays [1]. */
  backing: number;
  /** Research productivity of the lab's researchers relative to the reference [1]. */
  talent: number;
  allocation: { rnd: number; open: number; compute: number };
  // state
  /** Index of the home country in `World.countries` (resolved once, for the step loop). */
  home: number;
  budget: number;
  rndSpend: number;
  openSpend: number;
  computeSpend: number;
  compute: number;
  knowledge: number;
  /** Knowledge change computed this step, applied after all labs are computed. */
  knowledgeDelta: number;
  capability: number;
  /** Whether the lab is still in business. */
  active: boolean;
  /** [USD bn] */
  cash: number;
  /** Sales of AI services [USD bn/yr]. */
  revenue: number;
  /** Investors' money [USD bn/yr]. */
  funding: number;
  /** Price of a million tokens [USD per Mtok]. */
  price: number;
  /** Share of world AI usage (by spending) [1]. */
  usageShare: number;
  /** Appeal to users before home bias, trust and barriers, this quarter (scratch) [1]. */
  appeal: number;
}

export interface World {
  model: ModelParams;
  mechanisms: Mechanisms;
  countries: Country[];
  firms: Firm[];
  /** The semiconductor supply chain (inactive when the scenario has none or switches it off). */
  semiconductors: SupplyChain;
  /** The market for AI services (inactive without a market section). */
  market: Market;
  /** Index of the first "entry:<country>" random stream. */
  entryStream: number;
  /** Best capability among open-weight labs, or the open pool on the best public compute [OOM]. */
  openFrontier: number;
  /** Country of the best open-weight lab, or -1 if no lab releases open weights. */
  openLeader: number;
  /** Months since the frontier was at the open-weight frontier [months]. */
  openLag: number;
  /** Number of times the leading country has changed so far. */
  leadershipChanges: number;
  /** Frontier-run concentration this quarter: log10 of the run share over its start [OOM]. */
  runConcentration: number;
  /** Knowledge level of the open pool: the best openly available methods and weights [OOM]. */
  openPool: number;
  /** World frontier capability [OOM]. */
  frontier: number;
  /** Running maximum of the frontier at each step so far (for months-behind) [OOM]. */
  frontierHistory: number[];
  /** Number of steps `frontierHistory` holds. */
  historyLength: number;
  /** Months the leading country is ahead of the second [months]. */
  leadMonths: number;
  /** Index of the leading country. */
  leader: number;
  /** Running frontier of each application domain at each step so far [OOM]. */
  domainHistory: number[][];
  /** Index of the leading country in each application domain. */
  domainLeader: number[];
  /** Months the leader of each application domain is ahead of the next country. */
  domainLead: number[];
}

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
    fringeRevenue: 0,
    openUsage: 0,
    entries: 0,
    exits: 0,
    trust: 1,
    publicCapability: 0,
    entryDraw: 0,
    exitDraw: 0,
    knowledge: 0,
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
    active: true,
    cash: f.initial.cash ?? f.initial.budget,
    revenue: 0,
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
      openThreshold: input.model.openThreshold ?? 0.1,
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
