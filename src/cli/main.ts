#!/usr/bin/env node
/**
 * Entry point of the `airace` binary. It installs the handler of Ctrl-C (and SIGTERM, SIGHUP)
 * first and only then loads the command line (which takes a moment), so that a signal during
 * start-up is handled too.
 */
import { closeSync } from "node:fs";
import { isatty } from "node:tty";
import { EXIT } from "./exit.js";
import { installInterruptHandler } from "./interrupt.js";

installInterruptHandler(process.argv[2]);

// A terminal that was closed (SIGHUP) fails every later write with EIO: the command still
// stops cleanly, recording its work, with no one left to read what it says. Node would then
// abort on the way out, failing to restore that terminal's settings (an assertion on EIO):
// closing the descriptors that were the terminal lets it exit with the command's code.
const terminal = [0, 1, 2].filter((fd) => isatty(fd));
let hungUp = false;
function onOutputError(e: NodeJS.ErrnoException): void {
  if (e.code !== "EIO") throw e;
  if (hungUp) return;
  hungUp = true;
  process.on("exit", () => {
    for (const fd of terminal) {
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
    }
  });
}
// `airace ... | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(EXIT.ok);
  onOutputError(e);
});
process.stderr.on("error", onOutputError);

try {
  const { main } = await import("./app.js");
  process.exitCode = await main(process.argv);
} catch (e) {
  process.stderr.write(`internal error: ${(e as Error).message}\nThis is a bug in airace. Please report it with the command you ran.\n`);
  process.exitCode = EXIT.bug;
}
