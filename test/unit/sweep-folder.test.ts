/** The sweep's partial folder: commits, truncation on resume, the lock, and publication. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SweepBusyError, SweepFolder } from "../../src/io/sweep-folder.js";

const headers = () => new Map([["runs.csv", "run,value\n"], ["points.csv", "point,mean\n"]]);

describe("the partial folder of a sweep", () => {
  it("resumes at the last commit, dropping what was written after it (a partial row included)", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "airace-sf-")), "out");
    const f = SweepFolder.create(dir, "d1", 4, headers());
    f.appendBatch(2, [["runs.csv", "0,1.5\n1,2.5\n"], ["points.csv", "0,2\n"]]);
    f.commit(2, true);
    f.close();
    // a crash after the last commit, mid-row
    appendFileSync(join(`${dir}.partial`, "runs.csv"), "2,3.5\n3,4.");
    expect(SweepFolder.pending(dir)).toMatchObject({ done: 2, runs: 4 });
    const g = SweepFolder.resume(dir, "d1", [...headers().keys()]);
    const rows: string[] = [];
    g.forEachRow("runs.csv", (l) => rows.push(l));
    expect(rows).toEqual(["0,1.5", "1,2.5"]);
    expect(readFileSync(join(`${dir}.partial`, "runs.csv"), "utf8")).toBe("run,value\n0,1.5\n1,2.5\n");
    g.appendBatch(4, [["runs.csv", "2,3.5\n3,4.5\n"], ["points.csv", "1,4\n"], ["timeseries.csv", ""]]);
    g.commit(4, true);
    g.publish(new Map([["extra.csv", "x\n"]]), (files) => JSON.stringify({ format: "airace-sweep-manifest/1", files }), false);
    expect(existsSync(`${dir}.partial`)).toBe(false);
    expect(readFileSync(join(dir, "runs.csv"), "utf8")).toBe("run,value\n0,1.5\n1,2.5\n2,3.5\n3,4.5\n");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.files)).toEqual(["extra.csv", "points.csv", "runs.csv"]);
    expect(existsSync(join(dir, "progress.json"))).toBe(false);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("counts a batch only when all its rows are written: a failed append rolls the batch back", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "airace-sf-")), "out");
    const f = SweepFolder.create(dir, "d1", 4, headers());
    f.appendBatch(2, [["runs.csv", "0,1.5\n1,2.5\n"], ["points.csv", "0,2\n"]]);
    // the batch's second file cannot take its rows (as a full disk would refuse them)
    expect(() => f.appendBatch(4, [["runs.csv", "2,3.5\n3,4.5\n"], ["missing.csv", "1,4\n"]])).toThrow(/no file missing.csv/);
    expect(f.progress.done).toBe(2);
    expect(f.progress.sizes).toEqual({ "runs.csv": 22, "points.csv": 15 });
    f.commit(f.progress.done, true);
    f.close();
    const g = SweepFolder.resume(dir, "d1", [...headers().keys()]);
    const rows: string[] = [];
    g.forEachRow("runs.csv", (l) => rows.push(l));
    expect(rows).toEqual(["0,1.5", "1,2.5"]);
    g.close();
  });

  it("refuses another experiment's folder, a folder taken by a live process, and a destination it may not replace", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "airace-sf-")), "out");
    const f = SweepFolder.create(dir, "d1", 1, headers());
    f.close();
    expect(() => SweepFolder.resume(dir, "other", [...headers().keys()])).toThrow(/belongs to a different version of this experiment/);
    // the parent of this process is alive
    writeFileSync(join(`${dir}.partial`, "lock"), String(process.ppid));
    expect(() => SweepFolder.resume(dir, "d1", [...headers().keys()])).toThrow(/another sweep \(process \d+\) is writing/);
    writeFileSync(join(`${dir}.partial`, "lock"), "999999999");
    const g = SweepFolder.resume(dir, "d1", [...headers().keys()]);
    g.appendBatch(1, [["runs.csv", "0,1\n"]]);
    g.commit(1, true);
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(() => g.publish(new Map(), () => "{}", false)).toThrow(SweepBusyError);
    expect(() => g.publish(new Map(), () => "{}", true)).toThrow(/not an airace results folder/);
    // nothing was lost: the partial folder is still resumable
    expect(SweepFolder.pending(dir)).toMatchObject({ done: 1 });
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  describe("checks the rows it keeps on resume", () => {
    const seriesHeaders = () => new Map([...headers(), ["timeseries.csv", "run,date,value\n"]]);
    /** A folder with two committed batches and an uncommitted tail, as a kill leaves it. */
    const interrupted = () => {
      const dir = join(mkdtempSync(join(tmpdir(), "airace-sf-")), "out");
      const f = SweepFolder.create(dir, "d1", 6, seriesHeaders());
      f.appendBatch(2, [["runs.csv", "0,1.5\n1,2.5\n"], ["points.csv", "0,2\n"], ["timeseries.csv", "0,2026Q1,7.25\n1,2026Q1,8.75\n"]]);
      f.commit(2, true);
      f.appendBatch(4, [["runs.csv", "2,3.5\n3,4.5\n"], ["points.csv", "1,4\n"], ["timeseries.csv", "2,2026Q1,9.5\n"]]);
      f.commit(4, true);
      f.close();
      appendFileSync(join(`${dir}.partial`, "runs.csv"), "4,5.");
      return dir;
    };
    const progressOf = (dir: string) => JSON.parse(readFileSync(join(`${dir}.partial`, "progress.json"), "utf8")) as { sizes: Record<string, number>; sha256?: Record<string, string> };
    const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

    it("records the sha256 of each file's committed bytes, and resumes an untouched folder from them", () => {
      const dir = interrupted();
      const committed = (name: string) => readFileSync(join(`${dir}.partial`, name), "utf8").slice(0, progressOf(dir).sizes[name]);
      for (const name of ["runs.csv", "points.csv", "timeseries.csv"]) expect(progressOf(dir).sha256?.[name], name).toBe(sha256(committed(name)));
      const g = SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()]);
      g.appendBatch(6, [["runs.csv", "4,5.5\n5,6.5\n"], ["points.csv", "2,6\n"], ["timeseries.csv", ""]]);
      g.commit(6, true);
      g.close();
      // the hashes go on from the resumed files: a second resume checks the whole of them
      expect(progressOf(dir).sha256?.["runs.csv"]).toBe(sha256("run,value\n0,1.5\n1,2.5\n2,3.5\n3,4.5\n4,5.5\n5,6.5\n"));
      SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()]).close();
    });

    it.each([
      ["runs.csv", "1,2.5\n", "1,2.6\n"],
      ["points.csv", "1,4\n", "1,5\n"],
      ["timeseries.csv", "1,2026Q1,8.75\n", "1,2026Q1,8.76\n"],
    ])("refuses a folder whose %s has a changed digit in a committed row, and leaves it as it is", (name, row, changed) => {
      const dir = interrupted();
      const path = join(`${dir}.partial`, name);
      const text = readFileSync(path, "utf8");
      expect(text).toContain(row);
      writeFileSync(path, text.replace(row, changed));
      const files = ["runs.csv", "points.csv", "timeseries.csv", "progress.json"].map((f) => readFileSync(join(`${dir}.partial`, f), "utf8"));
      expect(() => SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()])).toThrow(SweepBusyError);
      expect(() => SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()])).toThrow(new RegExp(`${name.replace(".", "\\.")} was changed after the sweep wrote it .*start over with --force$`));
      // nothing cut off (not even the uncommitted tail), and no lock left behind
      expect(["runs.csv", "points.csv", "timeseries.csv", "progress.json"].map((f) => readFileSync(join(`${dir}.partial`, f), "utf8"))).toEqual(files);
      expect(existsSync(join(`${dir}.partial`, "lock"))).toBe(false);
      // the same bytes back: resumable again
      writeFileSync(path, text);
      SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()]).close();
    });

    it("refuses, saying so, a folder whose progress file an older version wrote without digests", () => {
      const dir = interrupted();
      const p = join(`${dir}.partial`, "progress.json");
      const old = JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
      delete old["sha256"];
      writeFileSync(p, JSON.stringify(old, null, 2) + "\n");
      // still an unfinished sweep (a sweep without --resume does not replace it unasked)
      expect(SweepFolder.pending(dir)).toMatchObject({ done: 4, runs: 6 });
      expect(() => SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()])).toThrow(/out\.partial was written by an older version of airace, .*start over with --force$/);
      expect(existsSync(join(`${dir}.partial`, "lock"))).toBe(false);
    });

    it("refuses a progress record of the wrong shape, touching no file (a name outside the folder included)", () => {
      const empty = createHash("sha256").update("").digest("hex");
      const edits: [string, (p: Record<string, unknown>) => void][] = [
        ["no sizes", (p) => delete p["sizes"]],
        ["a file outside the folder", (p) => {
          (p["sizes"] as Record<string, number>)["../victim.txt"] = 0;
          (p["sha256"] as Record<string, string>)["../victim.txt"] = empty;
        }],
        ["a file missing", (p) => {
          delete (p["sizes"] as Record<string, number>)["timeseries.csv"];
          delete (p["sha256"] as Record<string, string>)["timeseries.csv"];
        }],
        ["a negative size", (p) => ((p["sizes"] as Record<string, number>)["runs.csv"] = -5)],
        ["a digest that is not one", (p) => ((p["sha256"] as Record<string, string>)["runs.csv"] = "x")],
        ["more runs done than there are", (p) => (p["done"] = 7)],
      ];
      for (const [what, edit] of edits) {
        const dir = interrupted();
        const victim = join(dir, "..", "victim.txt");
        writeFileSync(victim, "keep me");
        const p = join(`${dir}.partial`, "progress.json");
        const progress = JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
        edit(progress);
        writeFileSync(p, JSON.stringify(progress));
        const before = readFileSync(join(`${dir}.partial`, "runs.csv"));
        expect(() => SweepFolder.resume(dir, "d1", [...seriesHeaders().keys()]), what).toThrow(/progress\.json .*it was changed by hand; start over with --force$/);
        expect(readFileSync(victim, "utf8"), what).toBe("keep me");
        expect(readFileSync(join(`${dir}.partial`, "runs.csv")), what).toEqual(before);
        expect(existsSync(join(`${dir}.partial`, "lock")), what).toBe(false);
      }
    });
  });
});
