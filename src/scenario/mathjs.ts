/**
 * The single-file build of mathjs (src/types/mathjs-browser.d.ts), for the expression parser.
 *
 * Node loads it with `require`: imported as an ES module, Node would first scan all of its
 * 650 kB for the names it exports (cjs-module-lexer), which took as long as running it, at
 * every start of the command line. A browser (the explorer's worker) imports it; the worker's
 * build puts it in the same file (vite.explorer.config.ts), so it is there before the worker
 * reads its first message. Asking whether Node's module API is there is this module's only
 * look at its surroundings: it chooses how to load a library, and reads nothing.
 */
type MathJs = typeof import("mathjs/lib/browser/math.js").default;

/** What this module uses of Node's `node:module`, typed here so that the browser build compiles. */
interface NodeModules {
  createRequire(url: string): (id: string) => unknown;
}

const nodeModules = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:module") as NodeModules | undefined;

export const mathjs: MathJs =
  nodeModules !== undefined ? (nodeModules.createRequire(import.meta.url)("mathjs/lib/browser/math.js") as MathJs) : (await import("mathjs/lib/browser/math.js")).default;
