/**
 * Disk errors that only a mocked file system shows on demand: a flush that fails (EIO, or a
 * quota that NFS reports only at fsync) and a write that takes only part of its bytes.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const fail = { fsync: false, shortWrite: false };
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    fsyncSync: (fd: number) => {
      if (fail.fsync) {
        fail.fsync = false;
        throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
      }
      fs.fsyncSync(fd);
    },
    writeSync: (fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) => {
      const at = offset ?? 0;
      let n = length ?? buffer.length - at;
      if (fail.shortWrite && n > 1) {
        fail.shortWrite = false;
        n = Math.floor(n / 2);
      }
      return fs.writeSync(fd, buffer, at, n, position);
    },
  };
});
const { SweepFolder } = await import("../../src/io/sweep-folder.js");
const { writeFileAtomic } = await import("../../src/io/files.js");

describe("disk errors", () => {
  it("a failed flush leaves the last progress record standing: nothing written since is counted", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "airace-disk-")), "out");
    const f = SweepFolder.create(dir, "d1", 6, new Map([["runs.csv", "run\n"]]));
    f.appendBatch(2, [["runs.csv", "0\n1\n"]]);
    f.commit(2, true);
    await new Promise((r) => setTimeout(r, 1100)); // past the once-a-second limit on records
    fail.fsync = true;
    expect(() => f.appendBatch(4, [["runs.csv", "2\n3\n"]])).toThrow(/EIO/);
    // what a sweep does when it stops on an error; a second fsync would succeed, as Linux
    // reports a write-back error once
    f.commit(f.progress.done, true);
    f.close();
    expect(SweepFolder.pending(dir)).toMatchObject({ done: 2, sizes: { "runs.csv": 8 } });
  });

  it("an atomic write finishes a write that took only part of its bytes", () => {
    const path = join(mkdtempSync(join(tmpdir(), "airace-disk-")), "progress.json");
    const text = JSON.stringify({ rows: Array.from({ length: 100 }, (_, i) => i) });
    fail.shortWrite = true;
    writeFileAtomic(path, text);
    expect(fail.shortWrite).toBe(false);
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
