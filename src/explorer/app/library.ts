/**
 * The scenario library, built into the page (no file is fetched at run time): file name
 * (`baseline.yaml`) -> text, exactly the files `airace run` reads from scenarios/.
 */
const files = import.meta.glob("../../../scenarios/*.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export const LIBRARY: Record<string, string> = Object.fromEntries(
  Object.entries(files)
    .map(([path, text]): [string, string] => [path.slice(path.lastIndexOf("/") + 1), text])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
