/// <reference lib="dom" />
/**
 * The classroom explorer as a user meets it: `airace serve` started from the built binary, and
 * the page driven in headless Chromium (playwright-core, Debian's chromium): move sliders with
 * the keyboard, press play, see the charts change, download the results, and check that the
 * command the page shows, pasted into a shell, writes exactly the files the page gave.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants, deflateRawSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LINK_LENGTH } from "../../src/explorer/share.js";
import { CHROMIUM, CHROMIUM_ARGS, warnIfNoChromium } from "./chromium.js";
import { airace, BIN, tempDir } from "./cli.js";

warnIfNoChromium("browser tests of the explorer");

interface Served {
  url: string;
  proc: ChildProcessWithoutNullStreams;
  output: () => string;
}

/** Starts `airace serve` and waits for the address it prints. */
function serve(args: string[], cwd = tempDir()): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, "serve", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`airace serve printed no address:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /explorer is at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc, output: () => out });
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`airace serve exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Served): Promise<number | null> {
  return new Promise((resolve) => {
    s.proc.removeAllListeners("exit");
    s.proc.on("exit", (code) => resolve(code));
    s.proc.kill("SIGINT");
  });
}

/** How long a page may take to reach a state before the test gives up [ms]. */
const PAGE_WAIT = 120_000;

describe("airace serve", () => {
  it("serves the built page on localhost, only files of the page, until Ctrl-C", async () => {
    const s = await serve(["--port", "0"]);
    const base = s.url.split("#")[0]!;
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/connect-src 'self'/);
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(base + script)).headers.get("content-type")).toMatch(/^text\/javascript/);
    for (const path of ["nope.html", "..%2f..%2fpackage.json", "%2e%2e/%2e%2e/package.json", "assets/"]) expect((await fetch(base + path)).status, path).toBe(404);
    expect((await fetch(base, { method: "POST" })).status).toBe(405);
    expect(s.output()).toMatch(/Only this computer can open it/);
    expect(await stop(s)).toBe(0);
    expect(s.output()).toMatch(/Stopped\./);
  });

  it("opens the page on a scenario, seed and overrides, checked first", async () => {
    const s = await serve(["--port", "0", "taiwan-blockade", "--seed", "7", "--set", "parameters.blockadeYear.value=2027"]);
    expect(s.url).toMatch(/#scenario=taiwan-blockade&seed=7&set=parameters.blockadeYear.value%3D2027$/);
    await stop(s);
  });

  it("refuses bad input with exit code 2 and a clear message, serving nothing", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "bad.yaml"), "extends: baseline\nname: bad\nmodel:\n  leakRat: 0.1\n");
    writeFileSync(join(cwd, "sibling.yaml"), "extends: ./bad.yaml\nname: sibling\n");
    const cases: [string[], RegExp][] = [
      [["serve", "nosuch"], /no scenario named "nosuch" in the library/],
      [["serve", "bad.yaml"], /^bad\.yaml:4:3 model\.leakRat: unknown key "leakRat" \(did you mean "leakRate"\?\)/m],
      [["serve", "sibling.yaml"], /no library scenario named "\.\/bad\.yaml"/],
      [["serve", "--port", "99999"], /--port: expected a whole number from 0 to 65535/],
      [["serve", "--seed", "x"], /--seed: expected a whole number/],
      [["serve", "--set", "model.leakRat=1"], /^--set:1:7 model\.leakRat: unknown key/m],
    ];
    for (const [args, message] of cases) {
      const r = airace(args, cwd);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("says so when the port is taken", async () => {
    const s = await serve(["--port", "0"]);
    const port = new URL(s.url).port;
    const r = airace(["serve", "--port", port]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use: choose another with --port`));
    await stop(s);
  });
});

describe.skipIf(CHROMIUM === undefined)("the explorer in a browser", { timeout: 10 * PAGE_WAIT }, () => {
  let served: Served;
  let browser: Browser;
  const shots = tempDir("airace-explorer-shots-");

  beforeAll(async () => {
    served = await serve(["--port", "0"]);
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (served) await stop(served);
  });

  async function openPage(hash: string, viewport = { width: 1366, height: 768 }) {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    // waits guard against a hang, not a slow machine: a loaded 2-core runner can take many times longer
    page.setDefaultTimeout(PAGE_WAIT);
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    // nothing may be fetched from anywhere but the server (it works offline)
    page.on("request", (r) => {
      if (!r.url().startsWith(served.url.split("#")[0]!) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) errors.push(`fetched ${r.url()}`);
    });
    await page.goto(`${served.url.split("#")[0]}#${hash}`);
    await ready(page);
    return { page, errors, context };
  }

  /**
   * Waits until the page has run its scenario again: the timing line counts the runs (its text
   * alone can repeat when two runs take the same number of milliseconds).
   */
  async function ready(page: Page, previous = "") {
    await page.waitForFunction((prev) => {
      const run = (document.querySelector("#timing") as HTMLElement | null)?.dataset["run"] ?? "";
      return run !== "" && run !== prev;
    }, previous);
  }
  /** The run counter of the timing line, to wait for the next run. */
  const runOf = async (page: Page) => (await page.locator("#timing").getAttribute("data-run")) ?? "";

  const svgOf = (page: Page, panel: number) => page.locator(`.chart[data-panel="${panel}"] svg`).first().innerHTML();

  async function downloadText(page: Page, button: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(button).click()]);
    return readFileSync((await download.path())!, "utf8");
  }

  it("moves with the sliders and play, and gives the CLI's numbers for the command it shows", async () => {
    const { page, errors, context } = await openPage("scenario=baseline&seed=42");
    // it opens at the start, with the first quarter's real values (not zeros)
    expect(await page.locator("#date").textContent()).toBe("2025Q3");
    expect(await page.locator('#readouts [data-country="CN"]').textContent()).toMatch(/CN \d+\.\d months behind/);
    expect(await page.locator("#command").textContent()).toBe("airace run baseline --seed 42");
    await page.locator("#end").click();
    await page.waitForFunction(() => document.querySelector("#date")?.textContent === "2040Q4");
    const charts = await page.locator(".chart svg").count();
    expect(charts).toBe(4);
    expect(await page.locator("#leaders").textContent()).toMatch(/Leaders by domain:.*medical \w+/);
    // a log-scale chart draws its lines and both axes
    await page.locator('.chart[data-panel="2"] select').selectOption("compute");
    await page.waitForFunction(() => document.querySelector('.chart[data-panel="2"] .plot')?.getAttribute("data-chart") === "compute");
    const yAxis = await page.locator('.chart[data-panel="2"] svg g.role-axis[aria-label^="Y-axis"]').getAttribute("aria-label");
    expect(yAxis).toMatch(/^Y-axis titled 'compute \(EFLOP\/s\)' for a log scale with values from [\d,.]+ to [\d,.]+/);
    const before = await svgOf(page, 0);
    const computeBefore = await svgOf(page, 2);

    // a student's question: stricter export controls from 2028, and a blockade of Taiwan in 2027
    let timing = await runOf(page);
    const threshold = page.locator('input[data-lever="ec.threshold"]');
    await threshold.focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await ready(page, timing);
    expect(await threshold.getAttribute("aria-valuetext")).toMatch(/^0\.1 PFLOP\/s: below an H20/);
    timing = await runOf(page);
    const year = page.locator('input[data-lever="ec.year"]');
    await year.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    const severity = page.locator('input[data-lever="tw.severity"]');
    await severity.focus();
    for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => /ExplorerSupplyDisruption/.test(document.querySelector("#command")?.textContent ?? "") && /2028Q1/.test(document.querySelector("#command")?.textContent ?? ""));
    await ready(page, timing);
    expect(await severity.getAttribute("aria-valuetext")).toBe("90%");
    // the address follows each run the sliders start; the run of the last key press may end
    // after the first one that changed the timing line
    await page.waitForFunction(() => /ec\.threshold=0\.1&ec\.year=2028&tw\.severity=0\.9/.test(location.hash));
    expect(page.url()).toMatch(/ec\.threshold=0\.1&ec\.year=2028&tw\.severity=0\.9/);
    // the readouts say what the numbers were before the change. Keys pressed in a row are run
    // as the page catches up, so the run before the last is whichever ran (85% or less): one
    // press, once all is settled, makes it the 90% run just shown, against no blockade at all
    timing = await runOf(page);
    await severity.press("Home");
    await ready(page, timing);
    await page.waitForFunction(() => !/tw\.severity=0\.9/.test(location.hash));
    expect(await page.locator("#readouts").textContent()).toMatch(/TW [\d.]+ months behind \(before: [\d.]+ months behind\)/);
    for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => /ec\.threshold=0\.1&ec\.year=2028&tw\.severity=0\.9/.test(location.hash));

    // play it from the start, fast
    await page.locator("#speed").selectOption("20");
    await page.locator("#reset").click();
    await page.waitForFunction(() => document.querySelector("#date")?.textContent === "2025Q3");
    await page.locator("#play").click();
    await page.waitForFunction(() => document.querySelector("#date")?.textContent !== "2025Q3");
    // it pauses at the milestone, and goes on when asked
    await page.waitForFunction(() => /paused: press Play to go on/.test(document.querySelector("#banner")?.textContent ?? ""));
    expect(await page.locator("#play").textContent()).toMatch(/Play/);
    expect(await page.locator("#date").textContent()).not.toBe("2040Q4");
    await page.locator("#play").click();
    await page.waitForFunction(() => document.querySelector("#date")?.textContent === "2040Q4");
    await page.waitForFunction(() => document.querySelector("#play")?.textContent?.includes("Play"));
    expect(await page.locator("#feed").textContent()).toMatch(/2027Q1: TW's fabs cannot ship 90% of their output for 2 years.*2028Q1: US export controls change/s);
    expect(await page.locator("#banner").textContent()).toMatch(/the race does not/);
    expect(await svgOf(page, 0)).not.toBe(before);
    expect(await svgOf(page, 2)).not.toBe(computeBefore);
    await page.screenshot({ path: join(shots, "explorer-1366.png") });

    // the same numbers as the CLI, from the command the page shows, pasted into a shell
    const csv = await downloadText(page, "#download-csv");
    const yaml = await downloadText(page, "#download-yaml");
    const command = (await page.locator("#command").textContent())!;
    expect(command).toMatch(/^airace run baseline --seed 42 --set /);
    const cwd = tempDir();
    execFileSync("sh", ["-c", `${command.replace(/^airace /, `"${process.execPath}" "${BIN}" `)} --out out --quiet`], { cwd });
    expect(csv).toBe(readFileSync(join(cwd, "out", "timeseries.csv"), "utf8"));
    expect(yaml).toBe(readFileSync(join(cwd, "out", "scenario.resolved.yaml"), "utf8"));

    // the link reproduces the page: same sliders, same command
    const link = page.url();
    const again = await openPage(link.split("#")[1]!, { width: 1920, height: 1080 });
    expect(await again.page.locator("#command").textContent()).toBe(command);
    expect(await again.page.locator('input[data-lever="tw.severity"]').getAttribute("aria-valuetext")).toBe("90%");
    await again.page.screenshot({ path: join(shots, "explorer-1920.png") });
    expect([...errors, ...again.errors]).toEqual([]);
    await again.context.close();
    await context.close();
  });

  it("loads a scenario file, reports its problems with their positions, and shares it in the link", async () => {
    const { page, errors, context } = await openPage("scenario=classroom&seed=3");
    expect(await page.locator("#title").textContent()).toMatch(/^Classroom/);
    const dir = tempDir();
    mkdirSync(join(dir, "in"));
    const bad = join(dir, "in", "broken.yaml");
    writeFileSync(bad, "extends: classroom\nname: broken\nmodel:\n  leakRat: 0.1\n");
    const timing = await runOf(page);
    await page.locator("#upload").setInputFiles(bad);
    await page.waitForFunction(() => !(document.querySelector("#errors") as HTMLElement).hidden);
    expect(await page.locator("#errors").textContent()).toMatch(/^broken\.yaml:4:3 model\.leakRat: unknown key "leakRat" \(did you mean "leakRate"\?\)/);
    // a file that is not UTF-8 is refused where the CLI refuses it, not read with U+FFFD in it
    const latin1 = join(dir, "in", "latin1.yaml");
    writeFileSync(latin1, Buffer.from('extends: classroom\nname: latin1\ntitle: "Caf\xe9"\n', "latin1"));
    await page.locator("#upload").setInputFiles(latin1);
    await page.waitForFunction(() => /^latin1\.yaml:/.test(document.querySelector("#errors")?.textContent ?? ""));
    expect(await page.locator("#errors").textContent()).toBe("latin1.yaml:3:12: the file is not valid UTF-8 text: byte 0xE9 cannot start or continue a character here (save the file as UTF-8)");
    const good = join(dir, "in", "short.yaml");
    writeFileSync(good, 'extends: classroom\nname: short\ntitle: "Short: the classroom to 2030"\nend: 2030Q4\n');
    await page.locator("#upload").setInputFiles(good);
    await ready(page, timing);
    expect(await page.locator("#errors").isHidden()).toBe(true);
    expect(await page.locator("#title").textContent()).toBe("Short: the classroom to 2030");
    expect(await page.locator("#date").textContent()).toBe("2025Q3");
    await page.keyboard.press("End");
    await page.waitForFunction(() => document.querySelector("#date")?.textContent === "2030Q4");
    // a new scenario brings its own seed, as airace run uses the file's seed when none is given
    expect(await page.locator("#command").textContent()).toBe("airace run short.yaml --seed 2025");
    expect(page.url()).toMatch(/#file=short\.yaml&yaml=[A-Za-z0-9_-]+&seed=2025$/);
    const csv = await downloadText(page, "#download-csv");
    // the link carries the file: a new page runs it without the file
    const again = await openPage(page.url().split("#")[1]!);
    expect(await again.page.locator("#title").textContent()).toBe("Short: the classroom to 2030");
    expect(await downloadText(again.page, "#download-csv")).toBe(csv);
    const cwd = join(dir, "in");
    expect(airace(["run", "short.yaml", "--seed", "2025", "--out", "out", "-q"], cwd).code).toBe(0);
    expect(csv).toBe(readFileSync(join(cwd, "out", "timeseries.csv"), "utf8"));
    // a bad override is reported at its line of the box, the sliders' own overrides not counted
    await page.locator("#more summary").click();
    await page.locator("#sets").fill("--set model.leakRate=0.1\nmodel.leakRat=0.1");
    await page.locator("#apply-sets").click();
    await page.waitForFunction(() => /More overrides:2:7 model\.leakRat/.test(document.querySelector("#errors")?.textContent ?? ""));
    // a bad seed is refused where it is typed
    await page.locator("#seed").fill("12x");
    await page.locator("#seed").press("Enter");
    expect(await page.locator("#errors").textContent()).toMatch(/seed: expected a whole number/);
    expect([...errors, ...again.errors]).toEqual([]);
    await again.context.close();
    await context.close();
  });

  /** The text of the page's error box once it says something. */
  async function shownErrors(page: Page): Promise<string> {
    await page.waitForFunction(() => !(document.querySelector("#errors") as HTMLElement).hidden);
    return (await page.locator("#errors").textContent()) ?? "";
  }

  it("refuses a link that unpacks past its limit, saying which, and opens the default scenario", async () => {
    // 100 MB of text in a link of about 130 kB, then a block of the reserved type: a page that
    // unpacked it all before checking its size would find it damaged; this one stops at the limit
    const bomb = Buffer.concat([deflateRawSync(Buffer.alloc(100 * 1024 * 1024, "a"), { finishFlush: constants.Z_SYNC_FLUSH }), Buffer.from([0xff, 0xff])]).toString("base64url");
    expect(bomb.length).toBeLessThan(200_000);
    const { page, errors, context } = await openPage(`file=bomb.yaml&yaml=${bomb}`);
    expect(await shownErrors(page)).toBe("the scenario file bomb.yaml in this link unpacks to more than 2 MiB, the most a scenario file may have, so it was not read; showing baseline");
    expect(await page.locator("#title").textContent()).toMatch(/^Baseline/);
    expect(await page.locator("#command").textContent()).toMatch(/^airace run baseline --seed \d+$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses a link longer than its limit, saying which, and opens the default scenario", async () => {
    const { page, errors, context } = await openPage("scenario=classroom&seed=3");
    expect(await page.locator("#title").textContent()).toMatch(/^Classroom/);
    // a file that does not compress (a link Chromium would not open from the address bar, so
    // it is set from the page, as another browser would open it)
    await page.evaluate((n) => {
      location.hash = `file=noise.yaml&yaml=${"A".repeat(n)}`;
    }, MAX_LINK_LENGTH);
    await page.waitForFunction(() => /^Baseline/.test(document.querySelector("#title")?.textContent ?? ""));
    expect(await shownErrors(page)).toMatch(/^this link is 2,049 KiB long; links are limited to 2 MiB \(a browser opens no longer address\), so it was not read; showing baseline$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reports an unknown key of a megabyte in a linked file at once, as its position and a line", async () => {
    // 1.9 MB of key in a link of a few kB
    const text = `extends: classroom\nname: huge\nmodel:\n  ? ${"x".repeat(1_900_000)}\n  : 0.1\n`;
    const data = deflateRawSync(Buffer.from(text)).toString("base64url");
    expect(data.length).toBeLessThan(5_000);
    const { page, errors, context } = await openPage("scenario=classroom");
    await page.evaluate((d) => {
      location.hash = `file=huge.yaml&yaml=${d}`;
    }, data);
    const shown = await shownErrors(page);
    expect(shown).toMatch(/^huge\.yaml:4:\d+ model\.x{20}.*unknown key/);
    expect(shown).toMatch(/Fix the file and load it again/);
    // the key is quoted by its start, not whole
    expect(shown.length).toBeLessThan(5_000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
