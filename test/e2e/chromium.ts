/**
 * Debian's `chromium` for the browser tests (.ci/run installs it), driven by playwright-core.
 * Without one the browser tests are skipped, and say so loudly.
 */
import { existsSync } from "node:fs";

const CANDIDATES = [process.env["AIRACE_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter((p): p is string => p !== undefined);

export const CHROMIUM: string | undefined = CANDIDATES.find((p) => existsSync(p));

/**
 * Headless, and quiet on the network: without these, Chromium tries Google's services at
 * start, which a closed network refuses (noise, and on some machines a slow start).
 */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function warnIfNoChromium(what: string): void {
  if (CHROMIUM === undefined) process.stderr.write(`\n*** ${what} SKIPPED: no Chromium found (install Debian's chromium, or set AIRACE_CHROMIUM); .ci/run installs it ***\n\n`);
}
