/**
 * The state of the simulated world: plain data of fixed shape.
 *
 * Scenario parameters are copied into the world under the same names and nesting as in the
 * scenario file, so an event's target path (`countries.CN.policy.fabSubsidy`) addresses the
 * value the model reads. State variables sit beside them. Initial conditions (`initial.*` in
 * the scenario) seed state variables and are not kept.
 *
 * This file holds the state's types only; init.ts builds the world at the start, and each
 * mechanism's file updates it. It imports nothing from them, so the model has no import cycle.
 */
import type { MarketParams, ModelParams, Scenario } from "../scenario/schema.js";

/** The part of a scenario the model reads. */
export type ModelInput = Pick<Scenario, "model" | "countries" | "firms" | "mechanisms" | "semiconductors" | "market" | "deployment">;

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
  learningByDoing: boolean;
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
  /** Controlled chips licensed for sale to the targets, at most [k chips/yr]. */
  licensed: number;
  /** Ids of the designs the licences cover; empty: every design the rule controls. */
  licensedDesigns: string[];
  /** Share of the maker's price taken by the rule's government on each licensed chip [1]. */
  licenceFee: number;
  /** Controlled chips that reach the targets despite the rule, at most [k chips/yr]. */
  smuggling: number;
  /** Share of the HBM the targets' chip designers need that the rule withholds [1]. */
  memory: number;
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
    operatorBarrier: number;
    aiPowerShare: number;
  };
  /** Share of top researchers from abroad [1]. */
  foreignTalent: number;
  /** Electricity price for data centres [USD/MWh]; -1: the world default (semiconductors.energyPrice). */
  energyPrice: number;
  /** Generating capacity the power sector adds a year [GW/yr]; -1: no limit on the power for AI chips. */
  powerAdditions: number;
  /** Growth of powerAdditions [x/yr]. */
  powerAdditionsGrowth: number;
  /** Base advantage in each application domain [OOM] (see domains.ts). */
  domains: { cloud: number; medical: number; driving: number; generative: number; embodied: number };
  /** HBM made at home a year per wafer a year of the country's AI-chip fab capacity [stacks/wafer] (chips.ts). */
  hbmPerWafer: number;
  // state
  /** HBM stacks held for the country's chip designers [M stacks] (chips.ts). */
  hbmStock: number;
  /** Share of the HBM its designers need that rules withhold this quarter (scratch) [1]. */
  hbmWithheld: number;
  /** HBM made at home this quarter: hbmPerWafer x the capacity of its fabs, plus what induced investment built (scratch) [M stacks/yr]. */
  hbmCapacity: number;
  /** HBM capacity that investment induced by memory shortages has built [M stacks/yr]. */
  hbmBuilt: number;
  /** That capacity on order, one slot a quarter over semiconductors.memory.leadTime [M stacks/yr]. */
  hbmPipeline: number[];
  /** Chips of its designs not made this quarter for want of HBM, at list price (scratch) [USD bn/yr]. */
  hbmLost: number;
  /** Investment in HBM capacity induced by that shortage this quarter [USD bn/yr]. */
  hbmInvestment: number;
  /** HBM its designers needed this quarter from the stock and domestic output (scratch) [M stacks]. */
  hbmNeed: number;
  /** Share of the chips of its designs that need HBM that lack of HBM stopped this quarter [1]. */
  hbmShortfall: number;
  /** Public and academic compute stock [EFLOP/s]. */
  publicCompute: number;
  /** Compute owned by cloud providers and other users outside the labs (cloud.ts) [EFLOP/s]. */
  cloudCompute: number;
  /** Cloud providers' spending on compute this quarter [USD bn/yr]. */
  cloudSpend: number;
  /** Value of the cloud compute at the start, at the start's price [USD bn]. */
  cloudStart: number;
  /** Capital per dollar of expected spending on AI services, set at the start [yr]. */
  cloudCapital: number;
  /** Growth of spending on AI services that cloud providers expect [1/yr, log]. */
  cloudGrowth: number;
  /** Spending on AI services last quarter, whose growth they observe [USD bn/yr]. */
  cloudDemand: number;
  /** Sum of the budgets of the country's labs [USD bn/yr]. */
  aiBudget: number;
  /** Compute of labs plus public compute [EFLOP/s] (cloud compute is kept beside it). */
  compute: number;
  /** Indices of the countries this country's export controls target (resolved once). */
  controlTargets: number[];
  /** Compute spending of labs and government this quarter [USD bn/yr]. */
  computeSpend: number;
  /** Compute bought this quarter [EFLOP/s]; set by the semiconductor market. */
  purchased: number;
  /** Money actually spent on compute this quarter [USD bn/yr]. */
  spent: number;
  /** Power the country's AI compute draws at full use, systems with their networking [MW] (chips.ts). */
  power: number;
  /** Power AI chips can draw in the country: what was connected so far [MW] (chips.ts). */
  powerCapacity: number;
  /** Share of this quarter's planned chip purchases (by power) left unbought for lack of power [1]. */
  unpowered: number;
  /** 1 - unpowered (scratch). */
  powered: number;
  /** Power this quarter's additions can still connect [MW] (scratch). */
  powerBuildLeft: number;
  /** Power of what round 1's fill would let the country buy with all its money [MW] (scratch). */
  powerWanted: number;
  /** Compute a lab of the country bought this quarter per USD bn/yr of compute spending [EFLOP/s per USD bn/yr]. */
  computeYield: number;
  /** Share of the world's chip supply (by compute) the country may buy [1]. */
  chipAccess: number;
  /** Investment flowing into domestic fabs [USD bn/yr]: reinvested sales, public and induced. */
  fabInvestment: number;
  /** Part of fabInvestment induced by lost access to foreign chips [USD bn/yr] (C8). */
  inducedInvestment: number;
  /** Share of the country's chip demand that export controls withhold this quarter, after licensed and smuggled chips [1]. */
  withheld: number;
  /** Controlled chips the country bought under licence and smuggled in this quarter [k chips/yr]. */
  chipsLicensed: number;
  chipsSmuggled: number;
  /** Compute smuggled in this quarter [EFLOP/s per yr]. */
  computeSmuggled: number;
  /** Licence fees the country's rule collected this quarter [USD bn/yr]. */
  licenceRevenue: number;
  /** Years the country's process technology trails the leading node (chips.ts) [yr]. */
  processLag: number;
  /** Change of processLag this quarter [yr]. */
  lagChange: number;
  /** Share of the controlled tools the country still cannot make itself [1]: 1 at the start. */
  dependence: number;
  /** Number of fabs located in the country. */
  fabCount: number;
  /** Money left unspent after round 1 of the chip market, per unit of weight (scratch) [USD bn]. */
  unspent: number;
  /** Spending on AI services in the country [USD bn/yr]. */
  aiDemand: number;
  /** Spending on AI services as a share of GDP, which adoption moves toward its target (market.ts) [1]. */
  aiDemandShare: number;
  /** Capability on offer in the country: log10 of the effective compute of what its users can buy or run [OOM]. */
  available: number;
  /** The same at the start, which the country's spending grows from [OOM]. */
  availableStart: number;

  /** Share of world AI usage served by the country's labs and small firms [1]. */
  influence: number;
  /** GDP relative to a path without AI's contribution [1]. */
  aiMultiplier: number;
  /** Number of small firms (entrants building on open models). */
  fringe: number;
  /** Effective compute of the best open models its labs released, relative to the open frontier (scratch) [1]. */
  openWeight: number;
  /** Share of the country's labs in the markets they sell in, weighted by their sales there, last quarter (scratch) [1]. */
  labShare: number;
  /** Sales of the country's labs this quarter, and the sum of sales x share over markets (scratch) [USD bn/yr]. */
  labSales: number;
  /** Price of the country's labs over the serving cost, less one (scratch) [1]. */
  labMarkup: number;
  labSalesShare: number;
  /** Sum of its labs' effective compute relative to the frontier's (scratch) [1]. */
  labCompute: number;
  /** Price of its labs' services this quarter [USD per Mtok]. */
  labPrice: number;
  /** Appeal of its labs as one supplier, before home bias, trust and barriers (scratch) [1]. */
  labAppeal: number;
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
  /** log10 of the country's total effective compute, labs' and public (investment.ts, scratch) [OOM]. */
  standing: number;
  /** Best knowledge among its active labs, for its standing (scratch) [OOM]. */
  bestKnowledge: number;
  /** Its gap to the best country's standing, capped at 2 [OOM]. */
  standingGap: number;
  /** Frontier capability of the country [OOM]. */
  capability: number;
  /** Months since the world frontier was at this country's capability [months]. */
  monthsBehind: number;
  /** Capability in each application domain, in DOMAINS order [OOM]. */
  domainCapability: number[];
  /** Accumulated breakthroughs in each application domain [OOM]. */
  domainBonus: number[];
  /** AI research effort: its labs' R&D and its open-science funding, this quarter (domains.ts, scratch) [USD bn/yr]. */
  domainEffort: number;
  /** Months behind the leader in each application domain [months]. */
  domainMonthsBehind: number[];
  /** Deployment in each domain at the start, in DOMAINS order (cloud unused) [the domain's unit]. */
  deployStart: number[];
  /** Deployment in each domain now, on its territory: its own operators' and foreign ones' [the domain's unit] (domains.ts). */
  deployed: number[];
  /** Its own operators' deployment at home in each domain now [the domain's unit]. */
  deployedHome: number[];
  /** Its own operators' deployment in other countries in each domain now [the domain's unit]. */
  deployedAbroad: number[];
  /** Experience in each domain: deployment accumulated over time [the domain's unit x yr]. */
  experience: number[];
  /** What deployment scales with: AI spending, or GDP without a market, at the start [USD bn/yr]. */
  deployScaleStart: number;
  /** Regulatory burden at the start [1]. */
  burdenStart: number;
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
  /** Knowledge of the lab's released open-weight models [OOM]; NOTHING_RELEASED (knowledge.ts) if none. */
  released: number;
  /** Capability of its best open-weight model [OOM] (capability.ts); NOTHING_RELEASED if none. */
  openCapability: number;
  /** Whether the lab is still in business. */
  active: boolean;
  /** [USD bn] */
  cash: number;
  /** Sales of AI services [USD bn/yr]. */
  revenue: number;
  /** Revenue less the cost of serving it at the serving cost [USD bn/yr]. */
  grossProfit: number;
  /** Investors' money [USD bn/yr]. */
  funding: number;
  /** Price of a million tokens [USD per Mtok]. */
  price: number;
  /** Share of world AI usage (by spending) [1]. */
  usageShare: number;
  /** Effective compute relative to the frontier's, 10^(a_f - F), this quarter (scratch) [1]. */
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
  /** Best open-weight model: the best lab's released model, or the open pool on the best public compute [OOM]. */
  openFrontier: number;
  /** Country of the lab with the best released model, or -1 if no lab has released one. */
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
  /** The most breakthroughs any country has in each domain, before this quarter's diffusion (domains.ts, scratch) [OOM]. */
  domainBest: number[];
  /** Months the leader of each application domain is ahead of the next country. */
  domainLead: number[];
  /** Share of country c's spending on AI services that country h's labs served last quarter, at h * n + c (market.ts) [1]. */
  served: number[];
  /** Deployment of country h's operators in country c in domain d, at (d * n + h) * n + c (domains.ts) [the domain's unit]. */
  operatorFleet: number[];
  /** Learning by doing (domains.ts); inactive without a deployment section or when switched off. */
  deployment: Deployment;
}

export interface Deployment {
  active: boolean;
  learning: number;
  regulation: number;
  /** deployment.scale [1]. */
  scale: number;
  /** Growth of each domain's deployment before the start [x/yr] (cloud unused; generative: spendingGrowth). */
  pastGrowth: number[];
  /** Elasticity of each domain's deployment to what it scales with [1] (generative: 1). */
  elasticity: number[];
  /** Experience below which a country's own adds little, in each domain [the domain's unit x yr]. */
  experienceScale: number[];
  /** Rate at which operators enter other countries in each domain [1/yr] (0: none). */
  entry: number[];
}

// ---- the semiconductor supply chain (chips.ts) ----

export interface Design {
  // parameters (event targets under semiconductors.designs.<id>)
  id: string;
  name: string;
  designer: string;
  country: string;
  fabs: string[];
  node: number;
  performance: number;
  performanceGrowth: number;
  power: number;
  memory: number;
  /** HBM stacks per chip [stacks/chip]. */
  hbmStacks: number;
  price: number;
  chipsPerWafer: number;
  software: number;
  /** Share of the all-in price paid to the design's maker (sales) [1]. */
  vendorShare: number;
  system: { chips: number; power: number; efficiency: number };
  // state
  /** This design's links are firstLink .. endLink - 1 (links are grouped by design). */
  firstLink: number;
  endLink: number;
  /** Index of the designer's country. */
  home: number;
  /** Price relative to list [1]. */
  markup: number;
  /** Price per unit of compute this quarter [USD bn per EFLOP/s]. */
  unitPrice: number;
  /**
   * Delivered efficiency this quarter [1]: system.efficiency times the scale-out factor of the
   * system's size against the reference system of the time (chips.ts).
   */
  delivered: number;
  /** log of `software` this quarter (scratch, so buyers abroad share one log) [1]. */
  logSoftware: number;
  /** Compute made this quarter [EFLOP/s] (the observer reports it at an annual rate). */
  output: number;
  /** Compute ordered this quarter in the first round [EFLOP/s]. */
  demand: number;
  /** Compute ordered in the second round, with money left unspent [EFLOP/s]. */
  spare: number;
  /** Share of orders filled in the current round [1]. */
  fill: number;
  /** Sales [USD bn/yr]. */
  revenue: number;
  /** Chips made before the start and not yet sold [k chips], and their performance, the design's at the start [PFLOP/s]. */
  inventory: number;
  inventoryPerformance: number;
  /** Compute on offer this quarter: the output and the inventory [EFLOP/s]; the inventory's part, and what of it was sold (scratch) [EFLOP/s]. */
  supply: number;
  stocked: number;
  fromInventory: number;
  /** Whether any of it is on offer this quarter (made, or in inventory). */
  offered: boolean;
}

export interface Fab {
  // parameters (event targets under semiconductors.fabs.<id>)
  id: string;
  name: string;
  operator: string;
  country: string;
  node: number;
  availability: number;
  yieldTarget: number;
  yieldLearning: number;
  leadTime: number;
  capacityCost: number;
  reinvestment: number;
  /** Share of the capacity that ages out each year [1/yr]. */
  retirement: number;
  // state
  /** Index of the country where the fab is. */
  loc: number;
  /** [kwafer/yr] */
  capacity: number;
  /** [1] */
  yield: number;
  /** Capacity arriving in each of the next quarters, as a ring [kwafer/yr]. */
  pipeline: number[];
  /** Investment this quarter [USD bn/yr]. */
  investment: number;
  /** Chip sales made on this fab this quarter [USD bn/yr]. */
  sales: number;
  /** Equipment-control penalty this quarter [1]. */
  penalty: number;
  /** Value of the orders for this fab's designs this quarter (scratch) [USD bn]. */
  demandValue: number;
}

export interface SupplyChain {
  /** Whether compute comes from this supply chain (false: the world price in compute.ts). */
  active: boolean;
  exposureTo: string;
  energyPrice: number;
  /** semiconductors.smugglingPremium, 1 when absent [1]. */
  smugglingPremium: number;
  inducedInvestment: number;
  priceAdjustment: number;
  choiceSensitivity: number;
  allocationAdjustment: number;
  /** semiconductors.substitution, 0 when absent [1/yr]. */
  substitution: number;
  /** semiconductors.catchUp, 0 when absent [1/yr]. */
  catchUp: number;
  /** semiconductors.scaleOutLoss, 0 when absent [1 per doubling]. */
  scaleOutLoss: number;
  /** semiconductors.referenceSystem, 0 when absent [PFLOP/s]. */
  referenceSystem: number;
  /** semiconductors.memory: the response to a memory shortage (all 0 when absent: none) [1, USD bn per M stacks/yr, yr]. */
  memory: { inducedInvestment: number; capacityCost: number; leadTime: number };
  designs: Design[];
  fabs: Fab[];
  /** Index of the exposure country (-1 if none). */
  exposure: number;
  // links between designs and the fabs that make them, flattened
  linkDesign: number[];
  linkFab: number[];
  /** Share of the fab's output going to the design [1]. */
  linkShare: number[];
  /** Compute made on the link this quarter [EFLOP/s]. */
  linkSupply: number[];
  /** Demand value for the design at the fab, scratch [USD bn]. */
  linkValue: number[];
  /** Buyer weights, design-major: [i * countries + c] [1]. */
  weight: number[];
  /** Buyer access, design-major [1]. */
  access: number[];
  /** Share of the list price a buyer pays (country price factor, fab subsidy, smuggling premium on the smuggled part), design-major [1]. */
  paidFactor: number[];
  /** The rule that binds design i for buyer c (the country imposing it; -1 if none), design-major. */
  binding: number[];
  /** Shares of the compute buyer c gets of design i that is licensed and smuggled, design-major [1]; smuggledShare holds the smuggled route's relative appeal while weights are made (scratch). */
  licensedShare: number[];
  smuggledShare: number[];
  /** 1 where rule k's licences cover design i, else 0: [i * countries + k]. */
  licensable: number[];
  /** 1 where buyers in country c are offered design i (its markets), else 0, design-major. */
  marketOpen: number[];
  /** 1 where design i can be smuggled to the targets of rule k (it is offered to a country the rule does not target, from which chips are diverted), else 0: [i * countries + k]. */
  smugglable: number[];
  /** Of the licensed route, design-major (scratch): its appeal relative to list price, and the price multiple the licence fee makes (1 + fee x vendorShare) [1]. */
  licenceAppeal: number[];
  licenceMarkup: number[];
  /** Licence fee paid per unit of compute bought, as a share of the design's unit price, design-major [1]. */
  feeShare: number[];
  /**
   * Withheld demand turning to licensed designs (scratch): the money share each buyer would move
   * to design i under licence, design-major [1]; by rule, the licences its targets' own want left
   * [k chips/yr], the chips that turning demand wants [k chips/yr] and the share of it they meet
   * [1]; by buyer, the weight of the designs it may buy freely and of the licensed ones with
   * licences left (times their appeal) [1].
   */
  substitute: number[];
  spareLicences: number[];
  substituteWanted: number[];
  substituteMet: number[];
  allowedWeight: number[];
  openLicensed: number[];
  /**
   * Controlled chips each rule's targets want this quarter, by rule (country) [k chips/yr]
   * (scratch): of the designs its licences cover, under licence (at the fee); at the smuggling
   * premium, of the designs they do not cover and of those they do.
   */
  quotaWanted: number[];
  smuggleWanted: number[];
  smuggleWantedLicensable: number[];
  /** Shares of that want each rule's licences and smuggling meet, by rule (country) [1] (scratch). */
  quotaLicensed: number[];
  quotaSmuggled: number[];
  /** Compute stock by country and fab of origin: [c * fabs + j] [EFLOP/s]. */
  stock: number[];
  /** Each link's share of its design's output [1]. */
  linkShareOfDesign: number[];
  /** Compute of each design not yet sold this quarter (scratch) [EFLOP/s]. */
  left: number[];
  /** Compute bought and its value this quarter (scratch) [EFLOP/s], [USD bn]. */
  bought: number;
  paidTotal: number;
  /** Average price paid for compute this quarter, world [USD bn per EFLOP/s]. */
  averagePrice: number;
  /** The same, in the first quarter (the base of price ratios) [USD bn per EFLOP/s]. */
  startPrice: number;
}

// ---- the market for AI services (market.ts) ----

export interface Market extends MarketParams {
  /** market.adoptionRate, 0 when absent: spending follows what the capability on offer justifies at once [1/yr]. */
  adoptionRate: number;
  /** market.regulationDrag, 0 when absent [1]. */
  regulationDrag: number;
  /** market.cloudGrowth, cloudExpectation and cloudHorizon, 0 when absent (cloud.ts). */
  cloudGrowth: number;
  cloudExpectation: number;
  cloudHorizon: number;
  /** Whether a market section exists (the switch is in world.mechanisms). */
  present: boolean;
  /** Frontier at the start [OOM]. */
  startFrontier: number;
  /** Serving cost now [USD per Mtok]. */
  servingNow: number;
  /** Cheapest price of the start's frontier capability at the start (index base) [USD per Mtok]. */
  priceBase: number;
  /** Price index at fixed capability [1]. */
  priceIndex: number;
  /** Herfindahl-Hirschman index of usage shares [1]. */
  hhi: number;
}
