/**
 * The engine, model and scenario code are silent: any console output during a test fails it.
 * (Tests of the CLI run the built binary in a child process and read its output there.)
 */
import { afterEach, beforeEach, vi } from "vitest";

const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
type Spy = ReturnType<typeof vi.spyOn>;
let spies: Spy[] = [];

beforeEach(() => {
  spies = methods.map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
});

afterEach(() => {
  const calls = spies.flatMap((spy, i) => spy.mock.calls.map((args: unknown[]) => `console.${methods[i]}: ${args.map(String).join(" ")}`));
  for (const spy of spies) spy.mockRestore();
  if (calls.length > 0) throw new Error(`unexpected console output:\n${calls.join("\n")}`);
});
