/**
 * The commit a manifest records: the checkout's HEAD, with "-dirty" when a tracked file has
 * local changes (staged or not), null outside git or before the first commit; what
 * `git rev-parse HEAD` and `git status --porcelain --untracked-files=no` say.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkoutCommit, gitCommit, PACKAGE_ROOT } from "../../src/io/package-info.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "airace-git-"));
  dirs.push(d);
  return d;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

/** The two questions the manifest's commit answers, asked of git the long way. */
function expected(cwd: string): string {
  const head = git(cwd, "rev-parse", "HEAD");
  return git(cwd, "status", "--porcelain", "--untracked-files=no") === "" ? head : `${head}-dirty`;
}

describe("the checkout's commit", () => {
  it("is HEAD, dirty when a tracked file changes, staged or not, and not for untracked files", async () => {
    const repo = tempDir();
    git(repo, "init", "-q");
    writeFileSync(join(repo, "a.txt"), "one\n");
    // before the first commit there is none to name
    expect(await checkoutCommit(repo)).toBeNull();
    git(repo, "add", "a.txt");
    git(repo, "commit", "-q", "-m", "first");
    const head = git(repo, "rev-parse", "HEAD");
    expect(await checkoutCommit(repo)).toBe(head);
    writeFileSync(join(repo, "new.txt"), "untracked\n");
    expect(await checkoutCommit(repo)).toBe(head);
    writeFileSync(join(repo, "a.txt"), "two\n");
    expect(await checkoutCommit(repo)).toBe(`${head}-dirty`);
    git(repo, "add", "a.txt");
    expect(await checkoutCommit(repo)).toBe(`${head}-dirty`);
    expect(expected(repo)).toBe(`${head}-dirty`);
    git(repo, "commit", "-q", "-m", "second");
    expect(await checkoutCommit(repo)).toBe(git(repo, "rev-parse", "HEAD"));
  });

  it("is null outside git", async () => {
    const dir = tempDir();
    // a folder inside no checkout (GIT_CEILING_DIRECTORIES keeps git from looking above it)
    const before = process.env["GIT_CEILING_DIRECTORIES"];
    process.env["GIT_CEILING_DIRECTORIES"] = tmpdir();
    try {
      expect(await checkoutCommit(dir)).toBeNull();
    } finally {
      if (before === undefined) delete process.env["GIT_CEILING_DIRECTORIES"];
      else process.env["GIT_CEILING_DIRECTORIES"] = before;
    }
  });

  it("of airace's own checkout is what git says, asked once", async () => {
    const first = gitCommit();
    expect(gitCommit()).toBe(first);
    expect(await first).toBe(expected(PACKAGE_ROOT));
  });
});
