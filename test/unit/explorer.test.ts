/**
 * The explorer's pure parts: sliders and the overrides they mean, the session the page's worker
 * holds (the CLI's numbers and files exactly), and what the page shares (address, command).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { constants, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Lever } from "../../src/explorer/levers.js";
import { DISRUPTION_EVENT, EXPORT_EVENT, formatLever, leverSets, REGULATION_EVENT, scenarioLevers, snapToLever } from "../../src/explorer/levers.js";
import { ExplorerHost, ExplorerSession } from "../../src/explorer/session.js";
import {
  fileLinkProblem,
  formatSize,
  formatState,
  inflateLimited,
  MAX_FILE_BYTES,
  MAX_LINK_LENGTH,
  MAX_UNPACKED_BYTES,
  packText,
  parseState,
  runCommand,
  shellQuote,
  unpackFile,
} from "../../src/explorer/share.js";
import { computeRun } from "../../src/io/results.js";
import { runCharts } from "../../src/report/charts.js";
import { parseTimeseries, seriesFromFrames } from "../../src/report/series.js";
import { formatIssue } from "../../src/scenario/issues.js";
import { ROOT, loadOk } from "../helpers/scenarios.js";

const LIBRARY: Record<string, string> = {};
for (const f of readdirSync(join(ROOT, "scenarios")).filter((n) => n.endsWith(".yaml"))) LIBRARY[f] = readFileSync(join(ROOT, "scenarios", f), "utf8");

function open(entry: string, upload?: { name: string; text: string }): ExplorerSession {
  const r = ExplorerSession.open(new ExplorerHost(LIBRARY, upload), entry);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.value;
}

function lib(name: string, sets: string[] = []) {
  return loadOk(LIBRARY, name, sets);
}

describe("explorer sliders", () => {
  const base = lib("baseline");
  const levers = scenarioLevers(base.scenario, base.clock);
  const byId = (id: string) => levers.find((l) => l.id === id)!;

  it("offers the main levers, each starting at the scenario's value, which is one of its positions", () => {
    const ids = levers.map((l) => l.id);
    expect(ids.slice(0, 6)).toEqual(["ec.threshold", "ec.equipment", "ec.year", "tw.severity", "tw.year", "tw.years"]);
    for (const c of ["US", "CN", "EU", "TW", "JPKR", "ROW"]) {
      for (const k of ["openness", "fabSubsidy", "talent", "regulation"]) expect(ids).toContain(`${c}.${k}`);
    }
    // fab investment only where there are fabs to invest in
    expect(ids.filter((id) => id.endsWith(".fabInvestment"))).toEqual(["US.fabInvestment", "CN.fabInvestment", "TW.fabInvestment", "JPKR.fabInvestment"].filter((id) => base.scenario.semiconductors!.fabs.some((f) => f.country === id.split(".")[0])));
    for (const l of levers) {
      expect(l.values).toContain(l.value);
      expect([...l.values].sort((a, b) => a - b)).toEqual(l.values);
      expect(new Set(l.values).size).toBe(l.values.length);
    }
    expect(byId("ec.threshold").value).toBe(0.3);
    expect(byId("CN.fabInvestment").value).toBe(5);
    expect(byId("US.regulation").value).toBe(0.2);
    expect(byId("tw.year").value).toBe(2027);
    // positions carry no floating-point noise
    expect(byId("CN.fabSubsidy").values).toContain(0.15);
    expect(byId("CN.fabSubsidy").values.every((v) => String(v).length <= 4)).toBe(true);
  });

  it("adds no override while every slider is where the scenario put it", () => {
    expect(leverSets(base.scenario, base.clock, levers, {})).toEqual([]);
    expect(leverSets(base.scenario, base.clock, levers, Object.fromEntries(levers.map((l) => [l.id, l.value])))).toEqual([]);
  });

  it("turns positions into overrides that change exactly what the slider says", () => {
    const fromStart = leverSets(base.scenario, base.clock, levers, { "ec.threshold": 0.1, "CN.fabSubsidy": 0.5, "US.talent": 0.4 });
    // in a fixed order: export controls, disruption, then the countries as the scenario lists them
    expect(fromStart).toEqual(["countries.US.policy.exportControls.threshold=0.1", "countries.US.policy.talentOpenness=0.4", "countries.CN.policy.fabSubsidy=0.5"]);
    const l = lib("baseline", fromStart);
    expect(l.scenario.countries.find((c) => c.id === "US")!.policy.exportControls!.threshold).toBe(0.1);
    expect(l.scenario.countries.find((c) => c.id === "CN")!.policy.fabSubsidy).toBe(0.5);

    const later = leverSets(base.scenario, base.clock, levers, { "ec.threshold": 0.1, "ec.equipment": 0.6, "ec.year": 2028, "tw.severity": 0.9, "tw.year": 2027, "tw.years": 1.5 });
    const withEvents = lib("baseline", later);
    const controls = withEvents.events.find((e) => e.id === EXPORT_EVENT)!;
    expect(controls.at).toBe(withEvents.clock.labels.indexOf("2028Q1"));
    expect(controls.actions.map((a) => [a.target, a.op, a.value])).toEqual([
      ["countries.US.policy.exportControls.threshold", "set", 0.1],
      ["countries.US.policy.exportControls.equipment", "set", 0.6],
    ]);
    const blockade = withEvents.events.find((e) => e.id === DISRUPTION_EVENT)!;
    expect(blockade.at).toBe(withEvents.clock.labels.indexOf("2027Q1"));
    expect(blockade.actions.map((a) => [a.target, a.op, a.value, a.duration])).toEqual([
      ["semiconductors.fabs.TSMCN4.availability", "set", 0.1, 6],
      ["semiconductors.fabs.TSMCN3.availability", "set", 0.1, 6],
    ]);
    // openness scales every open-working lab of the country and its public open research
    const open = leverSets(base.scenario, base.clock, levers, { "CN.openness": 0 });
    expect(open.filter((s) => s.startsWith("firms."))).toHaveLength(base.scenario.firms.filter((f) => f.country === "CN" && f.allocation.open > 0).length);
    expect(open.every((s) => s.endsWith("=0"))).toBe(true);
  });

  it("changes regulatory burden from the first quarter on, as an event, so it slows deployment from what was measured at the start", () => {
    const sets = leverSets(base.scenario, base.clock, levers, { "EU.regulation": 1, "US.regulation": 0.5 });
    expect(sets).toHaveLength(1);
    const tighter = lib("baseline", sets);
    const event = tighter.events.find((e) => e.id === REGULATION_EVENT)!;
    expect(event.at).toBe(1);
    expect(event.actions.map((a) => [a.target, a.op, a.value])).toEqual([
      ["countries.US.policy.regulatoryBurden", "set", 0.5],
      ["countries.EU.policy.regulatoryBurden", "set", 1],
    ]);
    const medical = (loaded: typeof base) => {
      const rows = parseTimeseries(computeRun(loaded, 7).files.get("timeseries.csv")!);
      return rows.values.get("country|EU|capability_medical")![rows.dates.indexOf("2030Q4")]!;
    };
    expect(medical(tighter)).toBeLessThan(medical(base) - 0.05);
  });

  it("gives valid overrides for any positions, in every library scenario (property)", () => {
    for (const name of ["baseline", "classroom", "taiwan-blockade", "export-controls-tightened"]) {
      const s = lib(name);
      const ls = scenarioLevers(s.scenario, s.clock);
      const positions = fc.record(Object.fromEntries(ls.map((l) => [l.id, fc.constantFrom(...l.values)])) as Record<string, fc.Arbitrary<number>>, { requiredKeys: [] }) as fc.Arbitrary<Record<string, number>>;
      fc.assert(
        fc.property(positions, (values) => {
          const sets = leverSets(s.scenario, s.clock, ls, values);
          const r = loadOk(LIBRARY, name, sets);
          expect(r.scenario.name).toBe(name);
        }),
        { numRuns: 15 },
      );
    }
  });

  it("follows the scenario: the classroom's controls and chokepoint are its own countries'", () => {
    const c = lib("classroom");
    const ls = scenarioLevers(c.scenario, c.clock);
    expect(ls.find((l) => l.id === "ec.threshold")!.group).toMatch(/^Export controls: Arcadia on Borealis/);
    expect(ls.find((l) => l.id === "tw.severity")!.group).toMatch(/Cascadia/);
    const sets = leverSets(c.scenario, c.clock, ls, { "tw.severity": 1, "tw.year": 2030 });
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatch(/^events\.ExplorerSupplyDisruption=.*semiconductors\.fabs\.Cove\.availability, set: 0, duration: 8/);
  });

  it("names positions for people, and snaps unknown values to the nearest position", () => {
    const threshold = byId("ec.threshold");
    expect(formatLever(threshold, 1000)).toBe("lifted");
    expect(formatLever(byId("tw.severity"), 0.35)).toBe("35%");
    expect(formatLever(byId("CN.fabInvestment"), 5)).toBe("5 USD bn/yr");
    expect(formatLever(byId("ec.year"), 2025)).toBe("the start");
    expect(snapToLever(threshold, 0.31)).toEqual({ value: 0.3, exact: false });
    expect(snapToLever(threshold, 0.1)).toEqual({ value: 0.1, exact: true });
  });
});

describe("explorer session", () => {
  it("gives exactly the files airace run writes, for the same scenario, overrides and seed", () => {
    const session = open("baseline");
    const levers: Lever[] = session.info().levers;
    expect(levers.length).toBeGreaterThan(6);
    const sets = session.setsFor({ "ec.threshold": 0.1, "ec.year": 2028, "tw.severity": 0.5 }, ["model.leakRate=0.1"]);
    expect(sets.at(-1)).toBe("model.leakRate=0.1");
    const configured = session.configure(sets, 42);
    expect(configured.ok).toBe(true);
    // played part way, then on to the end
    expect(session.advanceTo(10).recorded).toBe(11);
    const files = session.files();
    if (!(files instanceof Map)) throw new Error(files.error);
    const cli = computeRun(lib("baseline", sets), 42).files;
    expect([...files.keys()]).toEqual([...cli.keys()]);
    for (const [name, text] of cli) expect(files.get(name), name).toBe(text);
  });

  it("streams frames that rebuild the series the CSV holds", () => {
    const session = open("classroom");
    const c = session.configure([], 7);
    if (!c.ok) throw new Error("configure failed");
    const p = session.advanceTo(1000);
    expect(p.done).toBe(true);
    const data = new Float64Array(p.recorded * c.layout.size);
    // in two slices, as the page receives them
    data.set(session.frames(0, 20), 0);
    data.set(session.frames(20, p.recorded), 20 * c.layout.size);
    const fromFrames = seriesFromFrames(c.layout, session.info().labels, data, p.recorded);
    const files = session.files() as Map<string, string>;
    const fromCsv = parseTimeseries(files.get("timeseries.csv")!);
    expect(fromFrames.dates).toEqual(fromCsv.dates);
    expect([...fromFrames.entities]).toEqual([...fromCsv.entities]);
    expect([...fromFrames.values.keys()].sort()).toEqual([...fromCsv.values.keys()].sort());
    for (const [k, v] of fromCsv.values) expect(fromFrames.values.get(k), k).toEqual(v);
    // and the charts the page draws from them, the report's, with named data sets
    const live = runCharts(fromFrames, {}, { span: [2025.5, 2041] });
    const first = (live[0]!.spec as unknown as { layer: { data: { name?: string } }[] }).layer.map((l) => l.data.name);
    expect(first).toEqual(["series", "markers", "labels-left", "labels-right"]);
  });

  it("reports invalid overrides as the CLI does, and keeps working after them", () => {
    const session = open("baseline");
    const bad = session.configure(["countries.CN.policy.fabSubsidy=2"], 1);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(formatIssue(bad.issues[0]!)).toMatch(/^--set:1:\d+ countries\.CN\.policy\.fabSubsidy: /);
    expect(session.configure([], 1).ok).toBe(true);
  });

  it("loads a user's file that extends the library, whatever it is called", () => {
    const text = "extends: baseline\nname: mine\ntitle: Mine\ndescription: a test\nend: 2027Q4\n";
    const session = open("baseline.yaml", { name: "baseline.yaml", text });
    expect(session.info().name).toBe("mine");
    expect(session.info().labels.at(-1)).toBe("2027Q4");
    const r = ExplorerSession.open(new ExplorerHost(LIBRARY, { name: "x.yaml", text: "extends: ./other.yaml\n" }), "x.yaml");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssue(r.issues[0]!)).toMatch(/^x\.yaml:1:\d+ .*no library scenario named "\.\/other\.yaml"/);
  });

  it("reports a run that fails (an event pushing a value out of range) and stops there", () => {
    const session = open("baseline");
    const every = 'events.Grow={title: "subsidy creeps up", when: "time >= 2026", repeat: every, actions: [{target: countries.CN.policy.fabSubsidy, add: 0.2}]}';
    expect(session.configure([every], 1).ok).toBe(true);
    const p = session.advanceTo(1000);
    expect(p.done).toBe(false);
    expect(session.failed()).toMatch(/^run failed at /);
    expect(session.files()).toEqual({ error: session.failed() });
  });
});

describe("what the explorer shares", () => {
  it("round-trips the page state through the address", () => {
    const state = { scenario: "baseline", seed: 42, levers: { "ec.threshold": 0.1, "CN.openness": 1.5 }, sets: ["model.leakRate=0.1", "events.X={title: \"a & b\", at: 2027Q1, actions: []}"] };
    const text = formatState(state);
    expect(text).toMatch(/^scenario=baseline&seed=42&ec.threshold=0.1&CN.openness=1.5&set=/);
    expect(parseState(`#${text}`)).toEqual({ state, problems: [] });
    const file = { file: { name: "my scenario.yaml", data: "abc-_" }, levers: {}, sets: [] };
    expect(parseState(formatState(file)).state).toEqual(file);
  });

  it("lists what is wrong with an address instead of failing", () => {
    const { state, problems } = parseState("#scenario=baseline&seed=-3&ec.threshold=abc&file=x.yaml");
    expect(state.seed).toBeUndefined();
    expect(state.levers).toEqual({});
    expect(problems.join("\n")).toMatch(/without its text/);
    expect(problems.join("\n")).toMatch(/seed "-3" is not a whole number/);
    expect(problems.join("\n")).toMatch(/ec.threshold=abc: not a number/);
  });

  it("quotes overrides so that a shell passes them through unchanged (property)", () => {
    const words = ["plain=1", "a b", "it's", "events.X={title: \"Taiwan's fabs\", at: 2027Q1}", "$HOME `x` \\ ! *", ""];
    const echoed = (ws: string[]) => execFileSync("sh", ["-c", `for a in ${ws.map(shellQuote).join(" ")}; do printf '%s\\n' "$a"; done`], { encoding: "utf8" });
    expect(echoed(words.filter((w) => w !== ""))).toBe(words.filter((w) => w !== "").map((w) => `${w}\n`).join(""));
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes("\0") && !s.includes("\n")), { minLength: 1, maxLength: 5 }), (ws) => {
        expect(echoed(ws)).toBe(ws.map((w) => `${w}\n`).join(""));
      }),
      { numRuns: 30 },
    );
    expect(runCommand("baseline", 42, ["countries.CN.policy.fabSubsidy=0.3"])).toBe("airace run baseline --seed 42 --set countries.CN.policy.fabSubsidy=0.3");
  });
});

describe("the limits of a link", () => {
  const packed = (bytes: Buffer) => deflateRawSync(bytes).toString("base64url");

  it("reads no fragment longer than the limit, and says which limit", () => {
    const long = `scenario=classroom&seed=1&set=${"x".repeat(MAX_LINK_LENGTH)}`;
    const { state, problems } = parseState(`#${long}`);
    expect(state).toEqual({ levers: {}, sets: [] });
    expect(problems).toEqual([`this link is ${formatSize(long.length)} long; links are limited to 2 MiB (a browser opens no longer address), so it was not read; showing baseline`]);
    // up to the limit it is read
    const fits = `scenario=classroom&set=${"x".repeat(MAX_LINK_LENGTH - "scenario=classroom&set=".length)}`;
    expect(fits.length).toBe(MAX_LINK_LENGTH);
    expect(parseState(fits)).toMatchObject({ state: { scenario: "classroom" }, problems: [] });
  });

  it("carries any realistic scenario file the page loads: 2 MiB of YAML makes a link well within the limit", async () => {
    // the baseline's text (longer than deflate's 32 kB window, so copies do not shrink to nothing) up to the file limit
    const text = LIBRARY["baseline.yaml"]!.repeat(Math.ceil(MAX_FILE_BYTES / LIBRARY["baseline.yaml"]!.length)).slice(0, MAX_FILE_BYTES);
    const data = await packText(text);
    expect(data.length).toBeLessThan(MAX_LINK_LENGTH / 2);
    expect(fileLinkProblem("big.yaml", data)).toBeUndefined();
    expect(await unpackFile("big.yaml", data)).toEqual({ text });
    // and the CLI's packing (airace serve) is read the same way
    expect(await unpackFile("big.yaml", packed(Buffer.from(text)))).toEqual({ text });
  });

  it("says when a loaded file is too big for a link (it does not compress)", () => {
    expect(fileLinkProblem("noise.yaml", "A".repeat(MAX_LINK_LENGTH))).toMatch(/^noise\.yaml makes a link of 2,049 KiB, longer than links may be \(2 MiB\): the page's address cannot reopen it; share the file itself$/);
  });

  it("unpacks a file up to the largest the page loads, and no further", async () => {
    expect(MAX_UNPACKED_BYTES).toBe(MAX_FILE_BYTES);
    const most = "#".repeat(MAX_FILE_BYTES);
    expect(await unpackFile("most.yaml", packed(Buffer.from(most)))).toEqual({ text: most });
    // 100 MB of text in a 100 kB link
    const bomb = packed(Buffer.alloc(100 * 1024 * 1024, "a"));
    expect(bomb.length).toBeLessThan(200_000);
    expect(await unpackFile("bomb.yaml", bomb)).toEqual({ problem: "the scenario file bomb.yaml in this link unpacks to more than 2 MiB, the most a scenario file may have, so it was not read; showing baseline" });
    expect(await unpackFile("one-more.yaml", packed(Buffer.from(`${most}#`)))).toMatchObject({ problem: expect.stringMatching(/more than 2 MiB/) });
  });

  it("stops inflating as soon as the output passes the limit, not once it is all inflated", async () => {
    // 8 MiB of zeros, then a block of the reserved type: inflating it all fails at that block
    const zeros = deflateRawSync(Buffer.alloc(8 * 1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
    const data = new Uint8Array(Buffer.concat([zeros, Buffer.from([0xff, 0xff, 0xff])]));
    await expect(inflateLimited(data, 16 * 1024 * 1024)).rejects.toThrow();
    expect(await inflateLimited(data, 1024 * 1024)).toBeUndefined();
  });

  it("reports a damaged file instead of failing", async () => {
    const text = "name: x\n";
    const good = packed(Buffer.from(text));
    expect(await unpackFile("x.yaml", good)).toEqual({ text });
    for (const bad of ["not base64!", good.slice(0, -3), ""]) {
      expect(await unpackFile("x.yaml", bad), bad).toEqual({ problem: "the scenario file x.yaml in this link is damaged (cut short when copied?); showing baseline" });
    }
    // bytes that are not UTF-8 are refused as the CLI refuses them in a file, not read as U+FFFD
    expect(await unpackFile("x.yaml", packed(Buffer.from("name: x\ntitle: caf\xe9\n", "latin1")))).toEqual({
      problem: "the scenario file x.yaml in this link is not acceptable text (2:11: the file is not valid UTF-8 text: byte 0xE9 cannot start or continue a character here (save the file as UTF-8)); showing baseline",
    });
    // a byte-order mark is dropped, as when the page reads a file
    expect(await unpackFile("x.yaml", packed(Buffer.from(`\ufeff${text}`)))).toEqual({ text });
    // a name of a megabyte is quoted by its start
    expect(await unpackFile("n".repeat(1_000_000), "!")).toMatchObject({ problem: expect.stringMatching(/^the scenario file n{60}\.\.\. \(1,000,000 characters\) in this link is damaged/) });
  });

  it("gives sizes for people", () => {
    expect(formatSize(2 * 1024 * 1024)).toBe("2 MiB");
    expect(formatSize(130_000)).toBe("127 KiB");
    expect(formatSize(3 * 1024 * 1024 + 1)).toBe("3,073 KiB");
  });
});
