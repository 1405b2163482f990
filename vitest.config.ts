import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // sized for a loaded 2-core machine, where an end-to-end test that starts the CLI a dozen
    // times can take several times as long as alone; no test asserts on time
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Snapshots are never written in CI: a missing snapshot fails the run.
    update: false,
  },
});
