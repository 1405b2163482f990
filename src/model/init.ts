/**
 * The world at the start quarter: the scenario's parameters copied into the state of
 * world.ts, state variables at their starting values, the supply chain (chips.ts) and the
 * market (market.ts) built from their sections. Deep-copies everything it keeps, so a run
 * never changes the scenario it came from.
 *
 * A world from an earlier run can be given to fill in place: the same countries, labs,
 * designs, fabs and horizon reuse its objects and arrays (a worker allocates its world once and
 * resets it for each run), anything of another size is allocated anew. Every field is set
 * either way, so a reused world starts exactly as a new one would (test/unit/reset.test.ts).
 */
import type { Clock } from "../engine/clock.js";
import type { CountryParams, FirmParams } from "../scenario/schema.js";
import { fillSupplyChain } from "./chips.js";
import { DOMAINS, DRIVING, EMBODIED, fillDeployment, MEDICAL } from "./domains.js";
import { NOTHING_RELEASED } from "./knowledge.js";
import { fillMarket } from "./market.js";
import type { Country, Firm, Mechanisms, ModelInput, World } from "./world.js";
import type { Maybe } from "./fill.js";
import { blank, each, numbers, strings } from "./fill.js";

function fillCountry(prev: Maybe<Country>, c: CountryParams): Country {
  const t = blank(prev);
  t.id = c.id;
  t.name = c.name;
  t.gdp = c.gdp;
  t.gdpGrowth = c.gdpGrowth;
  t.computePriceFactor = c.computePriceFactor;
  const pol = blank(prev?.policy);
  pol.fabSubsidy = c.policy.fabSubsidy;
  pol.openScienceFunding = c.policy.openScienceFunding;
  pol.publicComputeSpend = c.policy.publicComputeSpend;
  pol.regulatoryBurden = c.policy.regulatoryBurden ?? 0;
  pol.fabInvestment = c.policy.fabInvestment ?? 0;
  pol.domesticChipPreference = c.policy.domesticChipPreference ?? 0;
  pol.governance = c.policy.governance ?? 0.5;
  pol.talentOpenness = c.policy.talentOpenness ?? 1;
  pol.foreignAiBarrier = c.policy.foreignAiBarrier ?? 0;
  pol.operatorBarrier = c.policy.operatorBarrier ?? 0;
  pol.aiPowerShare = c.policy.aiPowerShare ?? 1;
  const ec = blank(prev?.policy.exportControls);
  ec.targets = strings(prev?.policy.exportControls.targets, c.policy.exportControls?.targets ?? []);
  ec.threshold = c.policy.exportControls?.threshold ?? Number.MAX_VALUE;
  ec.equipment = c.policy.exportControls?.equipment ?? 0;
  ec.foreignProductRule = c.policy.exportControls?.foreignProductRule ?? 0;
  ec.licensed = c.policy.exportControls?.licensed ?? 0;
  ec.licensedDesigns = strings(prev?.policy.exportControls.licensedDesigns, c.policy.exportControls?.licensedDesigns ?? []);
  ec.licenceFee = c.policy.exportControls?.licenceFee ?? 0;
  ec.smuggling = c.policy.exportControls?.smuggling ?? 0;
  ec.memory = c.policy.exportControls?.memory ?? 0;
  pol.exportControls = ec;
  t.policy = pol;
  t.energyPrice = c.energyPrice ?? -1;
  t.powerAdditions = c.powerAdditions ?? -1;
  t.powerAdditionsGrowth = c.powerAdditionsGrowth ?? 1;
  t.foreignTalent = c.foreignTalent ?? 0;
  const dom = blank(prev?.domains);
  dom.cloud = c.domains?.cloud ?? 0;
  dom.medical = c.domains?.medical ?? 0;
  dom.driving = c.domains?.driving ?? 0;
  dom.generative = c.domains?.generative ?? 0;
  dom.embodied = c.domains?.embodied ?? 0;
  t.domains = dom;
  t.publicCompute = c.initial.publicCompute;
  t.cloudCompute = c.initial.cloudCompute ?? 0;
  t.hbmPerWafer = c.hbmPerWafer ?? 0;
  t.hbmStock = c.initial.hbmStock ?? 0;
  t.hbmCapacity = 0;
  t.hbmBuilt = 0;
  t.hbmPipeline = prev?.hbmPipeline ?? [];
  t.hbmLost = 0;
  t.hbmInvestment = 0;
  t.hbmWithheld = 0;
  t.hbmNeed = 0;
  t.hbmShortfall = 0;
  t.cloudSpend = 0;
  t.cloudStart = 0;
  t.cloudCapital = 0;
  t.cloudGrowth = 0;
  t.cloudDemand = 0;
  t.aiBudget = 0;
  t.compute = 0;
  t.computeSpend = 0;
  t.purchased = 0;
  t.spent = 0;
  t.power = 0;
  t.powerCapacity = 0;
  t.unpowered = 0;
  t.powered = 1;
  t.powerBuildLeft = 0;
  t.powerWanted = 0;
  t.computeYield = 0;
  t.chipAccess = 1;
  t.fabInvestment = 0;
  t.inducedInvestment = 0;
  t.processLag = c.initial.processLag ?? 0;
  t.lagChange = 0;
  t.dependence = 1;
  t.fabCount = 0;
  t.unspent = 0;
  t.withheld = 0;
  t.chipsLicensed = 0;
  t.chipsSmuggled = 0;
  t.computeSmuggled = 0;
  t.licenceRevenue = 0;
  t.aiDemand = 0;
  t.aiDemandShare = 0;
  t.available = 0;
  t.availableStart = 0;
  t.influence = 0;
  t.aiMultiplier = 1;
  t.fringe = 0;
  t.openWeight = 0;
  t.labShare = 0;
  t.labSales = 0;
  t.labMarkup = 0;
  t.labSalesShare = 0;
  t.labCompute = 0;
  t.labPrice = 0;
  t.labAppeal = 0;
  t.fringeRevenue = 0;
  t.openUsage = 0;
  t.entries = 0;
  t.exits = 0;
  t.trust = 1;
  t.publicCapability = 0;
  t.entryDraw = 0;
  t.exitDraw = 0;
  t.knowledge = 0;
  t.standing = 0;
  t.bestKnowledge = 0;
  t.standingGap = 0;
  t.capability = 0;
  t.monthsBehind = 0;
  // filled in by fillWorld once every country is known
  t.controlTargets = prev?.controlTargets ?? [];
  t.domainCapability = numbers(prev?.domainCapability, DOMAINS.length, 0);
  t.domainBonus = numbers(prev?.domainBonus, DOMAINS.length, 0);
  t.domainEffort = 0;
  t.domainMonthsBehind = numbers(prev?.domainMonthsBehind, DOMAINS.length, 0);
  const dep = c.deployment;
  t.deployStart = numbers(prev?.deployStart, DOMAINS.length, 0);
  t.deployStart[MEDICAL] = dep?.medical ?? 0;
  t.deployStart[DRIVING] = dep?.driving ?? 0;
  t.deployStart[EMBODIED] = dep?.embodied ?? 0;
  t.deployed = numbers(prev?.deployed, DOMAINS.length, 0);
  t.deployedHome = numbers(prev?.deployedHome, DOMAINS.length, 0);
  t.deployedAbroad = numbers(prev?.deployedAbroad, DOMAINS.length, 0);
  t.experience = numbers(prev?.experience, DOMAINS.length, 0);
  t.deployScaleStart = 0;
  t.burdenStart = c.policy.regulatoryBurden ?? 0;
  return t;
}

function fillFirm(prev: Maybe<Firm>, f: FirmParams, home: number): Firm {
  const t = blank(prev);
  t.id = f.id;
  t.name = f.name;
  t.country = f.country;
  t.budgetGrowth = f.budgetGrowth;
  t.backing = f.backing ?? 0;
  t.talent = f.talent ?? 1;
  const a = blank(prev?.allocation);
  a.rnd = f.allocation.rnd;
  a.open = f.allocation.open;
  a.compute = f.allocation.compute;
  t.allocation = a;
  t.home = home;
  t.budget = f.initial.budget;
  t.rndSpend = 0;
  t.openSpend = 0;
  t.computeSpend = 0;
  t.compute = f.initial.compute;
  t.knowledge = f.initial.knowledge;
  t.knowledgeDelta = 0;
  t.capability = 0;
  t.released = NOTHING_RELEASED;
  t.openCapability = NOTHING_RELEASED;
  t.active = true;
  t.cash = f.initial.cash ?? f.initial.budget;
  t.revenue = 0;
  t.grossProfit = 0;
  t.funding = 0;
  t.price = 0;
  t.usageShare = 0;
  t.appeal = 0;
  return t;
}

function fillMechanisms(prev: Maybe<Mechanisms>, m: ModelInput["mechanisms"]): Mechanisms {
  const t = blank(prev);
  t.macro = m?.macro ?? true;
  t.budgetGrowth = m?.budgetGrowth ?? true;
  t.compute = m?.compute ?? true;
  t.research = m?.research ?? true;
  t.diffusion = m?.diffusion ?? true;
  t.leakage = m?.leakage ?? true;
  t.semiconductors = m?.semiconductors ?? true;
  t.adaptation = m?.adaptation ?? true;
  t.market = m?.market ?? true;
  t.learningByDoing = m?.learningByDoing ?? true;
  return t;
}

/**
 * Builds the world at the start quarter, in `prev` if given (a world from an earlier run).
 * Deep-copies everything it keeps.
 */
export function initWorld(input: ModelInput, clock: Clock, prev?: World): World {
  const w = blank(prev);
  const countries = each(prev?.countries, input.countries, fillCountry);
  for (const c of countries) {
    const targets = c.policy.exportControls.targets;
    const ids = c.controlTargets.length === targets.length ? c.controlTargets : new Array<number>(targets.length);
    for (let k = 0; k < targets.length; k++) ids[k] = countries.findIndex((x) => x.id === targets[k]);
    c.controlTargets = ids;
  }
  const firms = each(prev?.firms, input.firms, (p, f) => fillFirm(p, f, countries.findIndex((c) => c.id === f.country)));
  // the parameter records are small and their optional keys differ between scenarios: new each run
  w.model = {
    ...input.model,
    rivalryResponse: input.model.rivalryResponse ?? 0,
    allocationLearning: input.model.allocationLearning ?? 0,
    planningHorizon: input.model.planningHorizon ?? 1,
  };
  w.mechanisms = fillMechanisms(prev?.mechanisms, input.mechanisms);
  w.countries = countries;
  w.firms = firms;
  w.semiconductors = fillSupplyChain(prev?.semiconductors, input.semiconductors, countries, clock);
  w.market = fillMarket(prev?.market, input.market);
  w.entryStream = 0;
  w.openFrontier = 0;
  w.openLeader = -1;
  w.openLag = 0;
  w.leadershipChanges = 0;
  w.runConcentration = 0;
  w.openPool = input.model.initialOpenPool;
  w.frontier = 0;
  w.frontierHistory = numbers(prev?.frontierHistory, clock.steps + 1, 0);
  w.historyLength = 0;
  w.leadMonths = 0;
  w.leader = 0;
  w.domainHistory = each(prev?.domainHistory, DOMAINS, (p) => numbers(p, clock.steps + 1, 0));
  w.domainLeader = numbers(prev?.domainLeader, DOMAINS.length, 0);
  w.domainBest = numbers(prev?.domainBest, DOMAINS.length, 0);
  w.domainLead = numbers(prev?.domainLead, DOMAINS.length, 0);
  w.served = numbers(prev?.served, countries.length * countries.length, 0);
  w.operatorFleet = numbers(prev?.operatorFleet, DOMAINS.length * countries.length * countries.length, 0);
  w.deployment = fillDeployment(prev?.deployment, input.deployment, w.mechanisms);
  return w;
}
