#!/usr/bin/env node
/**
 * Entry point of the `airace` binary. It installs the Ctrl-C handler first and only then loads
 * the command line (which takes a moment), so that an interrupt during start-up is handled too.
 */
import { EXIT } from "./exit.js";
import { installInterruptHandler } from "./interrupt.js";

installInterruptHandler(EXIT.interrupted);

// `airace ... | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(EXIT.ok);
  throw e;
});

try {
  const { main } = await import("./app.js");
  process.exitCode = await main(process.argv);
} catch (e) {
  process.stderr.write(`internal error: ${(e as Error).message}\nThis is a bug in airace. Please report it with the command you ran.\n`);
  process.exitCode = EXIT.bug;
}
