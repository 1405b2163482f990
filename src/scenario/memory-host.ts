/**
 * Scenario files held in memory (a browser, tests): names map to texts. A reference is a
 * name in the map, or a library name (`baseline` -> `baseline.yaml`). There are no folders,
 * so nothing can escape them.
 */
import type { SourceHost } from "./load.js";

export class MemoryHost implements SourceHost {
  constructor(private readonly files: Readonly<Record<string, string>>) {}

  resolve(ref: string): { id: string; display: string } | { error: string } {
    for (const name of [ref, `${ref}.yaml`]) {
      if (Object.prototype.hasOwnProperty.call(this.files, name)) return { id: name, display: name };
    }
    return { error: `no scenario named "${ref}"` };
  }

  read(id: string): { text: string } | { error: string } {
    const text = Object.prototype.hasOwnProperty.call(this.files, id) ? this.files[id] : undefined;
    return text === undefined ? { error: `no file ${id}` } : { text };
  }
}
