/**
 * Ctrl-C. The handler is installed before anything else loads, so an interrupt at any moment
 * is ours to handle: the first asks the running command to stop at its next turn (a run then
 * exits 130 having written nothing); a second stops at once, removing any results folder still
 * being assembled.
 */
import { removePending } from "../io/files.js";

let count = 0;

export function interrupted(): boolean {
  return count > 0;
}

export function installInterruptHandler(exitCode: number): void {
  process.on("SIGINT", () => {
    count++;
    if (count > 1) {
      removePending();
      process.stderr.write("interrupted at once; no half-written results folder was left (an unfinished sweep stays resumable in its .partial folder).\n");
      process.exit(exitCode);
    }
  });
}
